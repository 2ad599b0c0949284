import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The buy side at size: the packaged desk (substitution.mode=auto, the sell side's poll off) against a fake TEvo in this
 * JVM that lists one rejected purchase order at a time, each for its own event with LISTINGS listings (sections, rows,
 * formats, prices and splits spread around the rejected seats), every answer after LATENCY_MS. For each purchase it
 * records when the desk first saw it (the rejected list served), when the listings were served, and when the create of
 * the substitute arrived; the next purchase is listed once the create arrived. Prints p50/p90 of "seen to created" and
 * of "listings served to create sent" (parsing, the listing rules and the ranking of every listing, the CREATING write),
 * and the listings ranked per second that makes. Usage (bench/substitutions.sh): java -cp TEST_CLASSPATH
 * bench/SubstitutionBench.java PURCHASES LISTINGS LATENCY_MS
 */
public class SubstitutionBench {

    static final Path OUT = Path.of("bench/out/substitutions").toAbsolutePath();
    static final Map<Long, long[]> times = new ConcurrentHashMap<>(); // po -> {seen, listingsServed, created}
    static final AtomicInteger current = new AtomicInteger(0);
    static final AtomicInteger creates = new AtomicInteger();
    static final Map<Long, String> listingsByEvent = new ConcurrentHashMap<>();
    static int purchases;
    static int listings;
    static long latency;

    public static void main(String[] args) throws Exception {
        purchases = Integer.parseInt(args[0]);
        listings = Integer.parseInt(args[1]);
        latency = Long.parseLong(args[2]);
        ConsoleBench.deleteTree(OUT);
        Files.createDirectories(OUT);
        for (int k = 0; k < purchases; k++) {
            listingsByEvent.put(990000L + k, listingsOf(990000L + k, new Random(k)));
        }
        System.out.printf("fake TEvo listings answer: %,d listings, %,d bytes%n", listings, listingsByEvent.get(990000L).length());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", SubstitutionBench::handle);
        server.start();
        int port = ConsoleBench.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TEVO_API_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort());
        env.put("TEVO_API_TOKEN", "bench-token");
        env.put("TEVO_API_SECRET", "bench-secret");
        env.put("TEVO_REVIEWER_ID", "1");
        env.put("TEVO_POLL_ENABLED", "false");
        env.put("SUBSTITUTION_MODE", "auto");
        env.put("SUBSTITUTION_POLL_PERIOD", "200ms");
        env.put("NOTIFY_MAIL_TO", "bench@localhost");
        env.put("NOTIFY_MAIL_URI", "file:" + OUT.resolve("mail"));
        env.put("INVENTORY_CSV_PATH", Path.of("samples/inventory.csv").toAbsolutePath().toString());
        env.put("ETICKETS_INBOX_URI", "file:" + OUT.resolve("inbox"));
        env.put("ETICKETS_WORK_DIR", OUT.resolve("work").toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(port + 1));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:file:" + OUT + "/tevo-desk;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        Process desk = start(env);
        try {
            ConsoleBench.awaitLive(port, desk);
            long until = System.currentTimeMillis() + 600_000;
            while (creates.get() < purchases && System.currentTimeMillis() < until && desk.isAlive()) {
                Thread.sleep(100);
            }
        } finally {
            ConsoleBench.stop(desk);
            server.stop(0);
        }
        List<Long> seenToCreated = new ArrayList<>();
        List<Long> ranking = new ArrayList<>();
        times.values().forEach(t -> {
            if (t[2] > 0) {
                seenToCreated.add(t[2] - t[0]);
                ranking.add(t[2] - t[1]);
            }
        });
        System.out.printf("machine: %d cores, %s; %d rejected purchases, one at a time, %,d listings each, TEvo latency %d ms%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                purchases, listings, latency);
        System.out.printf("substitutes created: %d (creates received: %d)%n", seenToCreated.size(), creates.get());
        if (seenToCreated.isEmpty()) {
            System.exit(1);
        }
        Collections.sort(seenToCreated);
        Collections.sort(ranking);
        System.out.printf("rejection seen -> substitute created       p50 %5d ms   p90 %5d ms   first %5d ms%n", pct(seenToCreated, 50),
                pct(seenToCreated, 90), times.get(880000L)[2] - times.get(880000L)[0]);
        System.out.printf("listings served -> create sent (ranking)   p50 %5d ms   p90 %5d ms   = %,d listings ranked/s at p50%n",
                pct(ranking, 50), pct(ranking, 90), listings * 1000L / Math.max(1, pct(ranking, 50)));
        System.exit(0); // the fake TEvo's threads
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String purchase(long id) {
        long event = 990000 + (id - 880000);
        return ("{\"id\":%d,\"type\":\"PurchaseOrder\",\"state\":\"rejected\",\"order_group_id\":%d,\"seller\":{\"id\":555},"
                + "\"items\":[{\"id\":%d,\"quantity\":2,\"price\":\"100.00\",\"ticket_group\":{\"id\":1,\"section\":\"101\",\"row\":\"10\","
                + "\"event\":{\"id\":%d,\"name\":\"Bench event\",\"occurs_at\":\"%s\"}}}]}").formatted(id, id + 1000, id * 10, event,
                        Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
    }

    static String listingsOf(long event, Random r) {
        StringBuilder b = new StringBuilder("{\"total_entries\":").append(listings).append(",\"listings\":[");
        String[] formats = { "Eticket", "Physical", "TM_mobile", "Eticket", "Flash_seats", "Paperless" };
        for (int i = 0; i < listings; i++) {
            if (i > 0) {
                b.append(',');
            }
            int section = 101 + (i % 5 == 0 ? 0 : r.nextInt(40));
            double price = 100 * (0.8 + r.nextDouble() * 0.6);
            b.append(String.format(Locale.ROOT, "{\"id\":%d,\"available_quantity\":%d,\"splits\":[1,2,4,6],\"wholesale_price\":\"%.2f\","
                    + "\"retail_price\":\"%.2f\",\"section\":\"%d\",\"row\":\"%d\",\"format\":\"%s\",\"in_hand\":%s,\"office\":{\"id\":%d},"
                    + "\"automated\":true,\"signature\":\"sig-%d\",\"event\":{\"id\":%d}}", event * 10000 + i, 1 + r.nextInt(8), price,
                    price * 1.25, section, 1 + r.nextInt(30), formats[r.nextInt(formats.length)], r.nextBoolean(), 600 + r.nextInt(300), i,
                    event));
        }
        return b.append("]}").toString();
    }

    static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long po = 880000 + current.get();
        if (path.equals("/v9/orders") && "POST".equals(ex.getRequestMethod())) {
            long[] t = times.get(po);
            if (t != null && t[2] == 0) {
                t[2] = System.currentTimeMillis();
            }
            creates.incrementAndGet();
            current.incrementAndGet();
            send(ex, 200, "{\"orders\":[{\"id\":%d,\"type\":\"PurchaseOrder\",\"state\":\"pending\",\"order_group_id\":%d}]}".formatted(po + 50000,
                    po + 1000));
        } else if (path.equals("/v9/orders") && "rejected".equals(q.get("state"))) {
            boolean any = current.get() < purchases && "1".equals(q.getOrDefault("page", "1"));
            if (any) {
                times.computeIfAbsent(po, k -> new long[] { System.currentTimeMillis(), 0, 0 });
            }
            send(ex, 200, "{\"current_page\":1,\"per_page\":100,\"orders\":[" + (any ? purchase(po) : "") + "]}");
        } else if (path.equals("/v9/orders") && q.containsKey("order_group_id")) {
            boolean first = "1".equals(q.getOrDefault("page", "1"));
            send(ex, 200, "{\"current_page\":1,\"per_page\":100,\"orders\":[" + (first ? purchase(Long.parseLong(q.get("order_group_id")) - 1000) : "") + "]}");
        } else if (path.equals("/v9/orders")) {
            send(ex, 200, "{\"current_page\":1,\"per_page\":100,\"orders\":[]}");
        } else if (path.equals("/v9/listings")) {
            long event = Long.parseLong(q.get("event_id"));
            long[] t = times.get(880000 + (event - 990000));
            if (t != null && t[1] == 0) {
                t[1] = System.currentTimeMillis();
            }
            send(ex, 200, listingsByEvent.getOrDefault(event, "{\"listings\":[]}"));
        } else {
            send(ex, 404, "{\"error\":\"Not Found\"}");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Process start(Map<String, String> env) throws IOException {
        ProcessBuilder b = new ProcessBuilder("java", "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(OUT.resolve("desk.log").toFile());
        b.environment().putAll(env);
        return b.start();
    }
}
