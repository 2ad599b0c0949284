import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.StoppablePostgres;

/**
 * The order desk under a burst of sales, as a new user runs it: the packaged jar, started fresh on its default settings
 * (only the poll period, the addresses and the credentials set), against a fake TEvo answering every call after a fixed
 * latency with orders in the seed's shape and size (SeedOrders: several KB each). Scenarios, each with its own fake and
 * a fresh desk, all in one run:
 * <ul>
 * <li>h2: ORDERS pending orders listed at once, the embedded H2 state store;</li>
 * <li>postgresql: the same with PostgreSQL as the state store (embedded PostgreSQL, from Maven Central);</li>
 * <li>webhook: after a first burst of ORDERS polled orders, 50 orders announced one by one by TEvo's webhook (the order
 * JSON in the form's body field), 20 ms apart;</li>
 * <li>limit: ORDERS orders on an API that answers after LIMIT_LATENCY_MS and 429 to every call above LIMIT in flight;</li>
 * <li>naive: the seed's sequential loop (list, check the inventory, accept, one call after the other);</li>
 * <li>baseline: as h2, with the packaged desk of an earlier commit (-Dbaseline.dir: a checkout where it was built).</li>
 * </ul>
 * Prints per-order listing-to-accept (or webhook-to-accept, split into the desk's own work and the two calls) p50/p99,
 * the whole burst, duplicate accepts, the desk's CPU (and of it its JIT compiler threads', from /proc), and the ratio
 * to the naive loop. Usage (bench/run.sh): java -cp TEST_CLASSPATH bench/DeskBench.java ORDERS LATENCY_MS LIMIT SCENARIOS
 * [LIMIT_LATENCY_MS]
 */
public class DeskBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path OUT = Path.of("bench/out/burst");
    static final String TOKEN = "bench-token";
    static final String SECRET = "bench-secret";
    static final String WEBHOOK_SECRET = "bench-webhook-secret";

    public static void main(String[] args) throws Exception {
        int orders = Integer.parseInt(args[0]);
        int latency = Integer.parseInt(args[1]);
        int limit = Integer.parseInt(args[2]);
        List<String> scenarios = List.of(args[3].split(","));
        int limitLatency = Integer.parseInt(args.length > 4 ? args[4] : "100");
        Files.createDirectories(OUT);
        Path inventory = OUT.resolve("inventory.csv");
        StringBuilder csv = new StringBuilder("TicketID,Quantity,Price,ETicket\n");
        for (int i = 1; i <= Math.max(orders * (Integer.getInteger("warm", 0) + 1), 1000) + 100; i++) {
            csv.append("BENCH-").append(i).append(",2,40.00,true\n");
        }
        Files.writeString(inventory, csv);
        System.out.printf("machine: %d cores, %s, %s; fake TEvo latency %d ms per call, orders in the seed's shape (%d bytes each)%n",
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                latency, SeedOrders.json(order(1)).length());
        Double naive = null;
        Map<String, Double> burst = new LinkedHashMap<>();
        for (String s : scenarios) {
            switch (s) {
                case "h2" -> burst.put("H2", burst("h2", orders, latency, 0, inventory, null));
                case "baseline" -> burst.put("H2, baseline", burst("baseline", orders, latency, 0, inventory, null));
                case "postgresql" -> {
                    StoppablePostgres pg = new StoppablePostgres("bench").start();
                    try {
                        burst.put("PostgreSQL", burst("postgresql", orders, latency, 0, inventory, pg.url()));
                    } finally {
                        pg.stop();
                    }
                }
                case "webhook" -> webhooks(50, latency, inventory, orders);
                case "limit" -> burst("limit", orders, limitLatency, limit, inventory, null);
                case "naive" -> naive = naive(orders, latency, inventory);
                default -> throw new IllegalArgumentException("unknown scenario " + s);
            }
        }
        if (naive != null) {
            for (Map.Entry<String, Double> e : burst.entrySet()) {
                System.out.printf("ratio, desk on %s to the naive loop: %.2f (goal: 0.2 or better)%n", e.getKey(), e.getValue() / naive);
            }
        }
    }

    /** One burst: orders pending at the first listing; returns the seconds from the first listing to the last accept. */
    static double burst(String name, int orders, int latency, int limit, Path inventory, String postgresUrl) throws Exception {
        Fake fake = new Fake(latency, limit);
        for (int i = 1; i <= orders; i++) {
            fake.add(i);
        }
        Map<String, String> env = env(fake, inventory, name);
        if (postgresUrl != null) {
            env.put("STATE_POSTGRESQL_URL", postgresUrl);
            env.put("STATE_POSTGRESQL_USERNAME", "postgres");
        }
        long started = System.currentTimeMillis();
        Process desk = start(name, env);
        Sampler sampler = limit > 0 ? new Sampler(fake) : null;
        try {
            fake.awaitAccepted(orders, 180_000);
            for (int round = 1; round <= Integer.getInteger("warm", 0); round++) {
                long t0 = System.currentTimeMillis();
                double cpu0 = cpuSeconds(desk.pid());
                double jit0 = jitSeconds(desk.pid());
                for (int i = round * orders + 1; i <= (round + 1) * orders; i++) {
                    fake.add(i);
                }
                fake.awaitAccepted((round + 1) * orders, 180_000);
                long last = fake.acceptedAt.values().stream().mapToLong(Long::longValue).max().getAsLong();
                System.out.printf("warm burst %d: %d more accepted %.2f s after they were added (the poll every second), desk CPU %.1f s"
                        + " (JIT compilers %.1f s)%n", round, orders, (last - t0) / 1000.0, cpuSeconds(desk.pid()) - cpu0,
                        jitSeconds(desk.pid()) - jit0);
            }
        } finally {
            if (sampler != null) {
                sampler.stop();
            }
            stop(desk);
            fake.stop();
        }
        long first = fake.firstListing.get();
        long[] waits = fake.acceptedAt.values().stream().mapToLong(t -> t - first).sorted().toArray();
        double seconds = (waits[waits.length - 1]) / 1000.0;
        String label = switch (name) {
            case "h2" -> "desk, embedded H2 state store";
            case "baseline" -> "baseline desk (" + System.getProperty("baseline.dir") + "), embedded H2 state store";
            case "postgresql" -> "desk, PostgreSQL state store";
            default -> "desk, API answering in " + latency + " ms and 429 above " + limit + " calls in flight";
        };
        System.out.printf("%s: %d of %d accepted, the last %.2f s after the first listing (first listing %.2f s after the"
                + " process started); listing to accept per order: first %d ms, p50 %d ms, p99 %d ms; duplicate accepts %d; peak RSS %d MB;"
                + " desk CPU during the burst %.1f s (JIT compilers %.1f s)%n",
                label, fake.acceptedAt.size(), orders, seconds, (first - started) / 1000.0, waits[0], pct(waits, 50), pct(waits, 99),
                fake.duplicates.get(), fake.peakRssMb, fake.cpuAtEnd - fake.cpuAtListing,
                fake.jitAtEnd - fake.jitAtListing);
        if (sampler != null) {
            System.out.printf("  calls in flight (sampled every 5 ms while more than %d orders were pending): mean %.1f over the second half, max %d;"
                    + " %d calls answered 429 (%d orders failed: none expected)%n",
                    5 * limit, sampler.meanSecondHalf(), fake.maxInFlight.get(), fake.throttled.get(), orders - fake.acceptedAt.size());
        }
        return seconds;
    }

    /**
     * Webhook to accept, one order at a time, 20 ms apart, as a desk that has been running meets them: its first poll
     * brings a burst of `warm` orders (the JVM's code compiled, as after any busy minute), then the webhooks come.
     */
    static void webhooks(int n, int latency, Path inventory, int warm) throws Exception {
        Fake fake = new Fake(latency, 0);
        for (int i = 1; i <= warm; i++) {
            fake.add(i);
        }
        Map<String, String> env = env(fake, inventory, "webhook");
        env.put("TEVO_WEBHOOK_SECRET", WEBHOOK_SECRET);
        Process desk = start("webhook", env);
        try {
            fake.awaitAccepted(warm, 180_000);
            Thread.sleep(1000);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String url = "http://127.0.0.1:" + fake.deskPort + "/tevo/webhooks";
            for (int round = 1; round <= 2; round++) {
                Map<Long, Long> sent = new ConcurrentHashMap<>();
                long answered = 0;
                int from = warm + (round - 1) * n;
                for (int i = from + 1; i <= from + n; i++) {
                    long id = fake.add(i);
                    String form = SeedOrders.webhookForm(id, "order_created", fake.pending.get(id));
                    long t = System.currentTimeMillis();
                    sent.put(id, t);
                    // TEvo posts one webhook after the other; the desk answers 202 at once
                    int status = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Webhook-Secret", WEBHOOK_SECRET)
                            .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    answered = Math.max(answered, System.currentTimeMillis() - t);
                    if (status != 202) {
                        throw new IllegalStateException("the desk answered a webhook with " + status);
                    }
                    Thread.sleep(Math.max(0, t + 20 - System.currentTimeMillis()));
                }
                fake.awaitAccepted(from + n, 60_000);
                long[] waits = sent.entrySet().stream().mapToLong(e -> fake.acceptedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
                long[] toRead = sent.entrySet().stream().mapToLong(e -> fake.readArrived.getOrDefault(e.getKey(), e.getValue()) - e.getValue())
                        .sorted().toArray();
                long[] toAccept = sent.keySet().stream().filter(fake.readArrived::containsKey)
                        .mapToLong(id -> fake.acceptArrived.get(id) - fake.readArrived.get(id) - latency).sorted().toArray();
                System.out.printf("desk, webhooks, %s: %d orders, each announced by a webhook 20 ms after the one before; webhook posted to"
                        + " accept received per order p50 %d ms, p99 %d ms, max %d ms (goal: p99 under 100 ms); the desk answered each"
                        + " webhook within %d ms; duplicate accepts %d%n", round == 1 ? "the first " + n + " (after a burst of " + warm
                                + " polled orders)" : "the next " + n,
                        n, pct(waits, 50), pct(waits, 99), waits[waits.length - 1], answered, fake.duplicates.get());
                System.out.printf("  of which the desk's own work: webhook posted to its re-read sent p50 %d ms, p99 %d ms; re-read answered to"
                        + " accept sent p50 %d ms, p99 %d ms (the rest: the two calls' %d ms each)%n",
                        pct(toRead, 50), pct(toRead, 99), pct(toAccept, 50), pct(toAccept, 99), latency);
                Thread.sleep(1000);
            }
        } finally {
            stop(desk);
            fake.stop();
        }
    }

    /** The seed's pseudo-code: list, and for each order, for each item, check the inventory, then accept; one call after another. */
    static double naive(int orders, int latency, Path inventoryCsv) throws Exception {
        Fake fake = new Fake(latency, 0);
        for (int i = 1; i <= orders; i++) {
            fake.add(i);
        }
        Set<String> inventory = new HashSet<>();
        Files.readAllLines(inventoryCsv).stream().skip(1).forEach(line -> inventory.add(line.split(",")[0]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + fake.port;
        try {
            while (true) {
                JsonNode page = JSON.readTree(send(http, base, "GET", "/v9/orders", "page=1&per_page=100&state=pending&type=Order", null));
                int accepted = 0;
                for (JsonNode order : page.get("orders")) {
                    boolean all = true;
                    for (JsonNode item : order.get("items")) {
                        all &= inventory.contains(item.path("ticket_group").path("remote_id").asText());
                    }
                    if (all) {
                        send(http, base, "POST", "/v9/orders/" + order.get("id").asText() + "/accept", null, "{\"reviewer_id\":1}");
                        accepted++;
                    }
                }
                if (page.get("orders").size() < 100 || accepted == 0) {
                    break;
                }
            }
        } finally {
            fake.stop();
        }
        long first = fake.firstListing.get();
        long[] waits = fake.acceptedAt.values().stream().mapToLong(t -> t - first).sorted().toArray();
        double seconds = waits[waits.length - 1] / 1000.0;
        System.out.printf("naive sequential loop: %d of %d accepted, the last %.2f s after the first listing; p50 %d ms, p99 %d ms%n",
                waits.length, orders, seconds, pct(waits, 50), pct(waits, 99));
        return seconds;
    }

    static String send(HttpClient http, String base, String method, String path, String query, String body) throws Exception {
        URI uri = URI.create(base + path + (query == null ? "" : "?" + query));
        String toSign = method + " " + uri.getHost() + path + "?" + (body != null ? body : query == null ? "" : query);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("X-Token", TOKEN).header("Accept", "application/json")
                .header("X-Signature", Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8))));
        req = body == null ? req.GET() : req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    // --- the desk: the packaged jar, default settings ------------------------------------------------------------

    static Map<String, String> env(Fake fake, Path inventory, String name) throws IOException {
        // absolute: the baseline desk runs in its own checkout (its routes/ and application.properties)
        Path dir = OUT.resolve(name).toAbsolutePath();
        inventory = inventory.toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        fake.deskPort = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TEVO_API_BASE_URL", "http://127.0.0.1:" + fake.port);
        env.put("TEVO_API_TOKEN", TOKEN);
        env.put("TEVO_API_SECRET", SECRET);
        env.put("TEVO_REVIEWER_ID", "1");
        env.put("TEVO_POLL_PERIOD", System.getProperty("poll.period", "1h"));
        env.put("NOTIFY_MAIL_TO", "bench@localhost");
        env.put("NOTIFY_MAIL_URI", "file:" + dir.resolve("mail"));
        env.put("INVENTORY_CSV_PATH", inventory.toString());
        env.put("ETICKETS_INBOX_URI", "file:" + dir.resolve("inbox"));
        env.put("ETICKETS_WORK_DIR", dir.resolve("work").toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(fake.deskPort));
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        // the default store (./data/tevo-desk), fresh, in the bench's folder
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:file:" + dir + "/tevo-desk;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        return env;
    }

    static Process start(String name, Map<String, String> env) throws IOException {
        Path jar = Path.of(jar(name)).toAbsolutePath();
        ProcessBuilder b = new ProcessBuilder(System.getProperty("desk.java", "java"), "-jar", jar.toString())
                .directory(jar.getParent().getParent().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(OUT.resolve(name + "-desk.log").toAbsolutePath().toFile());
        String extra = System.getProperty("desk.options", "");
        if (!extra.isBlank()) {
            b.command().addAll(1, List.of(extra.trim().split("\\s+")));
        }
        b.environment().putAll(env);
        for (String kv : System.getProperty("desk.env", "").split(",")) {
            if (kv.contains("=")) {
                b.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        Process p = b.start();
        current = p;
        return p;
    }

    static volatile Process current;

    /** The packaged desk to run: this one, or (scenario baseline) the one in -Dbaseline.dir, a checkout of an earlier commit. */
    static String jar(String scenario) {
        String dir = scenario.equals("baseline") ? System.getProperty("baseline.dir", "") : "";
        return dir.isBlank() ? "target/quarkus-app/quarkus-run.jar" : Path.of(dir, "target/quarkus-app/quarkus-run.jar").toString();
    }

    static void stop(Process desk) throws InterruptedException {
        desk.destroy();
        if (!desk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            desk.destroyForcibly();
        }
    }

    // --- the fake TEvo ---------------------------------------------------------------------------------------------

    static final class Fake {
        final HttpServer server;
        final int port;
        volatile int deskPort;
        final long latency;
        final int limit;
        final Map<Long, String> pending = new ConcurrentSkipListMap<>();
        final Map<Long, String> all = new ConcurrentHashMap<>();
        final Map<Long, Long> acceptedAt = new ConcurrentHashMap<>();
        /** When the desk's first signed re-read (GET /v9/orders?order_group_id=, a webhook's group) and its accept of each order arrived, before the latency. */
        final Map<Long, Long> readArrived = new ConcurrentHashMap<>();
        final Map<Long, Long> acceptArrived = new ConcurrentHashMap<>();
        final AtomicLong firstListing = new AtomicLong();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        volatile long peakRssMb;
        volatile double cpuAtListing = -1;
        volatile double cpuAtEnd;
        volatile double jitAtListing;
        volatile double jitAtEnd;
        static final Pattern ACCEPT = Pattern.compile("/v9/orders/(\\d+)/accept");
        static final Pattern SHOW = Pattern.compile("/v9/orders/(\\d+)");

        Fake(long latency, int limit) throws IOException {
            this.latency = latency;
            this.limit = limit;
            port = freePort();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
            server.setExecutor(Executors.newFixedThreadPool(128));
            server.createContext("/", this::handle);
            server.start();
        }

        long add(int i) {
            long id = 900000 + i;
            String json = SeedOrders.pretty(order(i));
            pending.put(id, json);
            all.put(id, json);
            return id;
        }

        void stop() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }

        void awaitAccepted(int n, long maxMs) throws InterruptedException {
            long until = System.currentTimeMillis() + maxMs;
            while (acceptedAt.size() < n && System.currentTimeMillis() < until) {
                Process p = current;
                if (p != null) {
                    peakRssMb = Math.max(peakRssMb, rssMb(p.pid()));
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the desk exited with " + p.exitValue() + "; see " + OUT);
                    }
                }
                Thread.sleep(5);
            }
            Process p = current;
            if (p != null) {
                peakRssMb = Math.max(peakRssMb, rssMb(p.pid()));
                cpuAtEnd = cpuSeconds(p.pid());
                jitAtEnd = jitSeconds(p.pid());
            }
        }

        void handle(HttpExchange ex) throws IOException {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            long arrived = System.currentTimeMillis();
            Matcher m = ACCEPT.matcher(ex.getRequestURI().getPath());
            if (m.matches()) {
                acceptArrived.putIfAbsent(Long.parseLong(m.group(1)), arrived);
            } else if (ex.getRequestURI().getPath().equals("/v9/orders") && param(ex.getRequestURI().getQuery(), "order_group_id") != null) {
                readArrived.putIfAbsent(Long.parseLong(param(ex.getRequestURI().getQuery(), "order_group_id")), arrived);
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                sleep(latency);
                if (limit > 0 && now > limit) {
                    throttled.incrementAndGet();
                    send(ex, 429, "{\"error\":\"Too Many Requests\"}");
                    return;
                }
                answer(ex);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void answer(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            Matcher accept = ACCEPT.matcher(path);
            Matcher show = SHOW.matcher(path);
            if (accept.matches() && ex.getRequestMethod().equals("POST")) {
                long id = Long.parseLong(accept.group(1));
                String order = pending.remove(id);
                if (order == null) {
                    duplicates.incrementAndGet();
                    send(ex, 422, "{\"error\":\"Order is not pending\"}");
                    return;
                }
                acceptedAt.put(id, System.currentTimeMillis());
                String done = order.replace("\"state\" : \"pending\"", "\"state\" : \"accepted\"");
                all.put(id, done);
                send(ex, 200, done);
            } else if (show.matches()) {
                String order = all.get(Long.parseLong(show.group(1)));
                send(ex, order == null ? 404 : 200, order == null ? "{\"error\":\"Not Found\"}" : order);
            } else if (path.equals("/v9/orders")) {
                String q = ex.getRequestURI().getQuery();
                String group = param(q, "order_group_id");
                if (group == null && firstListing.compareAndSet(0, System.currentTimeMillis()) && current != null) {
                    cpuAtListing = cpuSeconds(current.pid());
                    jitAtListing = jitSeconds(current.pid());
                }
                int page = Integer.parseInt(orElse(param(q, "page"), "1"));
                int perPage = Integer.parseInt(orElse(param(q, "per_page"), "100"));
                List<String> listed = new ArrayList<>();
                if (group != null) {
                    String o = pending.get(Long.parseLong(group));
                    if (o != null && page == 1) {
                        listed.add(o);
                    }
                } else {
                    pending.values().stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(listed::add);
                }
                send(ex, 200, "{\"current_page\":" + page + ",\"per_page\":" + perPage + ",\"total_entries\":null,\"orders\":["
                        + String.join(",", listed) + "]}");
            } else {
                send(ex, 404, "{\"error\":\"Not Found\"}");
            }
        }
    }

    /** Samples the calls in flight every 5 ms while many orders are pending. */
    static final class Sampler {
        final List<Integer> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        final Thread thread;
        volatile boolean running = true;

        Sampler(Fake fake) {
            thread = new Thread(() -> {
                while (running) {
                    // while there is work enough for more calls than the API takes (not the tail of retries)
                    if (fake.firstListing.get() > 0 && fake.pending.size() > 5 * fake.limit) {
                        samples.add(fake.inFlight.get());
                    }
                    sleep(5);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        double meanSecondHalf() {
            List<Integer> s = List.copyOf(samples);
            return s.subList(s.size() / 2, s.size()).stream().mapToInt(Integer::intValue).average().orElse(0);
        }
    }

    /** The seed's order, pending, its one item on TicketID BENCH-i (2 in the bench's inventory). */
    static ObjectNode order(int i) {
        long id = 900000 + i;
        return SeedOrders.order(id, "BENCH-" + i, 1, "50.00");
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String param(String query, String name) {
        if (query != null) {
            for (String p : query.split("&")) {
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    static String orElse(String s, String fallback) {
        return s == null ? fallback : s;
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** CPU seconds the process's JIT compiler threads (C1, C2) used so far. */
    static double jitSeconds(long pid) {
        double sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).matches("C\\d CompilerThre.*\\s*")) {
                        sum += cpuOf(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    private static double cpuOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** CPU seconds the process used so far (user + system). */
    static double cpuSeconds(long pid) {
        try {
            return cpuOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "? GiB";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
