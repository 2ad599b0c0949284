import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console's pages at size: the packaged desk (console on, polling off) on an H2 state store holding HELD held
 * orders (each with the seed's order JSON) and AUDIT decision-audit rows; signs in as an operator and times each page
 * (after WARM requests, RUNS requests one after the other): /console, /console/held, one order's page, the Decisions
 * page (the default day; a week filtered by outcome and reason) and the whole audit as CSV. Prints p50, p99 and sizes. Usage (bench/console-pages.sh): java -cp
 * TEST_CLASSPATH bench/ConsoleBench.java HELD AUDIT
 */
public class ConsoleBench {

    static final Path OUT = Path.of("bench/out/console").toAbsolutePath();
    static final String PASSWORD = "bench-operator-pw";

    public static void main(String[] args) throws Exception {
        int held = Integer.parseInt(args[0]);
        int auditRows = Integer.parseInt(args[1]);
        int warm = Integer.getInteger("warm", 20);
        int runs = Integer.getInteger("runs", 50);
        deleteTree(OUT);
        Files.createDirectories(OUT);
        Path users = OUT.resolve("users");
        Files.writeString(users, "bench:" + io.quarkus.elytron.security.common.BcryptUtil.bcryptHash(PASSWORD) + ":operator\n");
        int port = freePort();
        String db = "jdbc:h2:file:" + OUT + "/tevo-desk";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TEVO_API_BASE_URL", "http://127.0.0.1:9");
        env.put("TEVO_API_TOKEN", "bench-token");
        env.put("TEVO_API_SECRET", "bench-secret");
        env.put("TEVO_REVIEWER_ID", "1");
        env.put("TEVO_POLL_ENABLED", "false");
        env.put("NOTIFY_MAIL_TO", "bench@localhost");
        env.put("NOTIFY_MAIL_URI", "file:" + OUT.resolve("mail"));
        env.put("INVENTORY_CSV_PATH", Path.of("samples/inventory.csv").toAbsolutePath().toString());
        env.put("ETICKETS_INBOX_URI", "file:" + OUT.resolve("inbox"));
        env.put("ETICKETS_WORK_DIR", OUT.resolve("work").toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(port + 1));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        env.put("CONSOLE_ENABLED", "true");
        env.put("CONSOLE_USERS_FILE", users.toString());
        env.put("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "bench-console-session-key-0123456789abcdef");

        // first start: the schema (Flyway); then the rows, written while the desk is stopped (H2 is one process's file)
        Process desk = start(env, "console-desk-1.log");
        awaitLive(port, desk);
        stop(desk);
        long oneOrder = fill(db, held, auditRows);

        desk = start(env, "console-desk-2.log");
        try {
            awaitLive(port, desk);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/j_security_check"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("j_username=bench&j_password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String cookie = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("quarkus-credential="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("sign-in refused: " + signIn.statusCode()));
            System.out.printf("machine: %d cores, %s; state store: H2 file with %,d held orders (seed-size order JSON) and %,d audit rows%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    held, auditRows);
            String week = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(8).toString();
            for (String path : new String[] { "/console", "/console/held", "/console/orders/" + oneOrder, "/console/decisions",
                    "/console/decisions?from=" + week + "&outcome=HOLD&reason=SHORT", "/console/decisions.csv?from=" + week }) {
                time(http, base + path, cookie, path.endsWith(".csv?from=" + week) ? 2 : warm, path.contains(".csv") ? 10 : runs);
            }
        } finally {
            stop(desk);
        }
    }

    static void time(HttpClient http, String url, String cookie, int warm, int runs) throws Exception {
        long[] ms = new long[runs];
        int size = 0;
        for (int i = 0; i < warm + runs; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - t) / 1_000_000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
            }
            size = r.body().length();
            if (i >= warm) {
                ms[i - warm] = took;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-58s p50 %5d ms   p99 %5d ms   %,11d bytes%n", url.substring(url.indexOf("/console")), ms[runs / 2],
                ms[(int) Math.ceil(runs * 0.99) - 1], size);
    }

    /** Held orders, their audit (the rest spread over other orders, the last week), ledger rows; returns the busiest order. */
    static long fill(String db, int held, int auditRows) throws Exception {
        String json = Files.readString(Path.of("src/test/resources/tevo/seed-order.json")).replaceAll("\\s*\n\\s*", "");
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(db, "tevo", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into held_order (order_id, held_since, checked_at, reasons, notes,"
                    + " event_name, event_at, buyer, total, order_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < held; i++) {
                    long id = 100_000 + i;
                    ps.setLong(1, id);
                    ps.setTimestamp(2, Timestamp.from(now.minusSeconds(60L * (i % 600))));
                    ps.setTimestamp(3, Timestamp.from(now.minusSeconds(i % 50)));
                    ps.setString(4, "SHORT");
                    ps.setString(5, "short: TicketID T" + id + " short by 2: 2 sold, 0 available - Check the quantity on hand");
                    ps.setString(6, "Event " + (i % 40));
                    ps.setString(7, "2026-12-" + String.format("%02d", 1 + i % 28) + "T19:30:00Z");
                    ps.setString(8, "Office 6");
                    ps.setString(9, "242.00");
                    ps.setString(10, json.replace("\"id\": 1", "\"id\": " + id));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into decision_audit (order_id, decision, reasons, detail, dry_run,"
                    + " decided_at, decided_by) values (?, ?, ?, ?, false, ?, ?)")) {
                String[] decisions = { "HOLD", "ACCEPT", "ACCEPT", "ACCEPT", "REJECT" };
                for (int i = 0; i < auditRows; i++) {
                    long id = i % 5 == 0 && held > 0 ? 100_000 + (i / 5) % held : 500_000 + i;
                    ps.setLong(1, id);
                    ps.setString(2, decisions[i % decisions.length]);
                    ps.setString(3, i % 5 == 0 ? "SHORT" : "");
                    ps.setString(4, i % 5 == 0 ? "short: TicketID T" + id + " short by 2" : null);
                    ps.setTimestamp(5, Timestamp.from(now.minusSeconds((long) (i % 7200) * 84)));
                    ps.setString(6, i % 50 == 0 ? "bench" : null);
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return held > 0 ? 100_000 : 500_000;
    }

    static Process start(Map<String, String> env, String log) throws IOException {
        ProcessBuilder b = new ProcessBuilder("java", "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(OUT.resolve(log).toFile());
        b.environment().putAll(env);
        return b.start();
    }

    static void awaitLive(int port, Process desk) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            if (!desk.isAlive()) {
                throw new IllegalStateException("the desk exited; see " + OUT);
            }
            // health on the management port (the public port + 1 here); a desk built before it had one answers on the public port
            for (int p : new int[] { port + 1, port }) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/q/health/live")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the desk did not start in 2 minutes; see " + OUT);
    }

    static void stop(Process desk) throws InterruptedException {
        desk.destroy();
        if (!desk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            desk.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
