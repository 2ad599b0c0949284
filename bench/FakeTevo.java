import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Benchmark fake TEvo: N pending single-item orders (TicketID BENCH-i), every answer after a fixed latency.
 * GET /v9/orders (paged, pending only), POST /v9/orders/:id/accept. GET /stats: accepted count, first request and
 * last accept (epoch ms). Usage: java FakeTevo.java PORT ORDERS LATENCY_MS. Loopback only; it stops when killed.
 */
public class FakeTevo {

    static final Map<Long, String> pending = new ConcurrentSkipListMap<>();
    static final AtomicInteger accepted = new AtomicInteger();
    static final AtomicInteger duplicateAccepts = new AtomicInteger();
    static final AtomicLong firstRequest = new AtomicLong();
    static final AtomicLong lastAccept = new AtomicLong();
    static final Pattern ACCEPT = Pattern.compile("/v9/orders/(\\d+)/accept");
    /** Order 950001: accepted, one e-ticket item (id 7, order_item_id 8) of 2 tickets, for the delivery bench. */
    static final String ETICKET_ORDER = "{\"id\":950001,\"state\":\"accepted\",\"type\":\"Order\",\"items\":[{\"id\":7,"
            + "\"order_item_id\":8,\"price\":\"50.00\",\"quantity\":2,\"eticket_delivery\":true,\"ticket_group\":{\"remote_id\":\"B-1\"}}]}";
    static final AtomicLong deliveredBytes = new AtomicLong();
    static final AtomicLong deliveredAt = new AtomicLong();
    static long latency;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int orders = Integer.parseInt(args[1]);
        latency = Long.parseLong(args[2]);
        for (long i = 1; i <= orders; i++) {
            long id = 900000 + i;
            pending.put(id, ("{\"id\":%d,\"state\":\"pending\",\"type\":\"Order\",\"buyer\":{\"type\":\"Office\",\"id\":6},"
                    + "\"items\":[{\"id\":%d,\"order_item_id\":%d,\"price\":\"50.00\",\"quantity\":1,\"eticket_delivery\":true,"
                    + "\"ticket_group\":{\"remote_id\":\"BENCH-%d\",\"event\":{\"name\":\"Bench\"}}}]}").formatted(id, id, id, i));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", FakeTevo::handle);
        server.start();
        System.out.println("fake TEvo on 127.0.0.1:" + port + " with " + orders + " orders, latency " + latency + " ms");
    }

    static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        long received = ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        if (path.equals("/stats")) {
            send(ex, 200, "{\"accepted\":%d,\"duplicates\":%d,\"first\":%d,\"last\":%d,\"deliveredBytes\":%d,\"deliveredAt\":%d}"
                    .formatted(accepted.get(), duplicateAccepts.get(), firstRequest.get(), lastAccept.get(), deliveredBytes.get(),
                            deliveredAt.get()));
            return;
        }
        firstRequest.compareAndSet(0, System.currentTimeMillis());
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (path.equals("/v9/orders/950001")) {
            send(ex, 200, ETICKET_ORDER);
            return;
        }
        if (path.equals("/v9/orders/950001/deliver_etickets")) {
            deliveredBytes.set(received);
            deliveredAt.set(System.currentTimeMillis());
            send(ex, 200, "{}");
            return;
        }
        Matcher m = ACCEPT.matcher(path);
        if (m.matches() && ex.getRequestMethod().equals("POST")) {
            String order = pending.remove(Long.parseLong(m.group(1)));
            if (order == null) {
                duplicateAccepts.incrementAndGet();
                send(ex, 422, "{\"errors\":{\"state\":[\"not pending\"]}}");
                return;
            }
            accepted.incrementAndGet();
            lastAccept.set(System.currentTimeMillis());
            send(ex, 200, order.replace("\"pending\"", "\"accepted\""));
        } else if (path.equals("/v9/orders")) {
            String q = ex.getRequestURI().getQuery();
            int page = param(q, "page", 1);
            int perPage = param(q, "per_page", 100);
            StringBuilder b = new StringBuilder();
            pending.values().stream().skip((long) (page - 1) * perPage).limit(perPage)
                    .forEach(o -> b.append(b.length() == 0 ? "" : ",").append(o));
            send(ex, 200, "{\"current_page\":" + page + ",\"per_page\":" + perPage + ",\"total_entries\":null,\"orders\":[" + b + "]}");
        } else {
            send(ex, 404, "{\"error\":\"Not Found\"}");
        }
    }

    static int param(String query, String name, int fallback) {
        if (query != null) {
            for (String p : query.split("&")) {
                if (p.startsWith(name + "=")) {
                    return Integer.parseInt(p.substring(name.length() + 1));
                }
            }
        }
        return fallback;
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
