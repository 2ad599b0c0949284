package io.tevoroutes.desk.dev;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.tevoroutes.desk.api.TevoSignature;
import io.tevoroutes.desk.config.DeskConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A small TEvo for dev mode only ({@code ./mvnw quarkus:dev}): serves the sample orders in
 * src/main/resources/dev/sample-orders.json under /fake-tevo/v9, checks every request's signature like TEvo does,
 * and moves orders to accepted or rejected. A new pending order arrives every minute (up to 20) so a newcomer sees the
 * desk keep working. Not part of a production build.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class FakeTevo {

    private static final Logger LOG = Logger.getLogger(FakeTevo.class);
    private static final String BASE = "/fake-tevo/v9";

    @Inject
    ObjectMapper mapper;
    @Inject
    DeskConfig config;
    @Inject
    io.vertx.core.Vertx vertx;

    private final Map<Long, ObjectNode> orders = new ConcurrentSkipListMap<>();
    private final java.util.Set<Long> deliveredItems = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(100100);
    private ObjectNode template;

    void routes(@Observes Router router) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/sample-orders.json")) {
            for (JsonNode o : mapper.readTree(in).get("orders")) {
                orders.put(o.get("id").asLong(), (ObjectNode) o);
            }
        }
        template = orders.values().iterator().next().deepCopy();
        rejectedPurchase(200001, 3, "101", "12", "120.00");
        rejectedPurchase(200002, 2, "230", "5", "40.00");
        vertx.setPeriodic(60_000, id -> newSale());
        router.route(BASE + "/*").handler(BodyHandler.create());
        router.get(BASE + "/orders").handler(this::list);
        router.get(BASE + "/orders/:id").handler(this::show);
        router.get(BASE + "/listings").handler(this::listings);
        router.post(BASE + "/orders").handler(this::create);
        router.post(BASE + "/orders/:id/:action").handler(this::act);
        LOG.infof("fake TEvo (dev mode only) serving %d sample orders at %s", orders.size(), BASE);
    }

    void newSale() {
        if (orders.size() >= 20) {
            return;
        }
        ObjectNode order = template.deepCopy();
        long id = nextId.incrementAndGet();
        order.put("id", String.valueOf(id));
        order.put("oid", "R" + id);
        ((ObjectNode) order.get("items").get(0)).put("id", String.valueOf(id * 10));
        ((ObjectNode) order.get("items").get(0)).put("quantity", 1);
        orders.put(id, order);
        LOG.infof("fake TEvo: new pending order %d", id);
    }

    private void list(RoutingContext ctx) {
        if (!signed(ctx)) {
            return;
        }
        String state = ctx.request().getParam("state");
        String type = ctx.request().getParam("type");
        String group = ctx.request().getParam("order_group_id");
        boolean needsEtickets = "true".equals(ctx.request().getParam("needs_eticket"));
        int page = intParam(ctx, "page", 1);
        int perPage = intParam(ctx, "per_page", 100);
        List<ObjectNode> matching = new ArrayList<>();
        orders.values().stream().filter(o -> state == null || state.equals(o.get("state").asText()))
                .filter(o -> type == null || type.equals(o.path("type").asText("Order")))
                .filter(o -> group == null || group.equals(o.path("order_group_id").asText()))
                .filter(o -> !needsEtickets || "accepted".equals(o.get("state").asText()) && undeliveredEtickets(o))
                .forEach(matching::add);
        ArrayNode pageOrders = mapper.createArrayNode();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(pageOrders::add);
        ObjectNode body = mapper.createObjectNode();
        body.put("current_page", page);
        body.put("per_page", perPage);
        body.put("total_entries", matching.size());
        body.set("orders", pageOrders);
        json(ctx, 200, body);
    }

    private void show(RoutingContext ctx) {
        if (!signed(ctx)) {
            return;
        }
        ObjectNode order = orders.get(Long.valueOf(ctx.pathParam("id")));
        if (order == null) {
            json(ctx, 404, mapper.createObjectNode().put("message", "Order not found").put("error", "Not Found"));
        } else {
            json(ctx, 200, order);
        }
    }

    private void act(RoutingContext ctx) {
        if (!signed(ctx)) {
            return;
        }
        ObjectNode order = orders.get(Long.valueOf(ctx.pathParam("id")));
        String action = ctx.pathParam("action");
        if (order == null) {
            json(ctx, 404, mapper.createObjectNode().put("message", "Order not found").put("error", "Not Found"));
            return;
        }
        boolean accepting = "accept".equals(action) || "reject".equals(action);
        if (accepting && !"pending".equals(order.get("state").asText())) {
            ObjectNode err = mapper.createObjectNode();
            err.putObject("errors").putArray("state").add("order is " + order.get("state").asText());
            json(ctx, 422, err);
            return;
        }
        switch (action) {
            case "accept" -> order.put("state", "accepted");
            case "reject" -> order.put("state", "rejected");
            case "deliver_etickets" -> {
                JsonNode body;
                try {
                    body = mapper.readTree(ctx.body().asString());
                } catch (IOException e) {
                    json(ctx, 422, mapper.createObjectNode().put("error", "not JSON"));
                    return;
                }
                for (JsonNode e : body.path("etickets")) {
                    for (JsonNode item : order.get("items")) {
                        if (item.path("order_item_id").asLong() == e.path("item_id").asLong()) {
                            deliveredItems.add(item.path("id").asLong());
                        }
                    }
                }
                LOG.infof("fake TEvo: e-tickets delivered for order %s", order.get("id").asText());
                json(ctx, 200, order);
                return;
            }
            case "complete" -> order.put("state", "completed");
            default -> {
                json(ctx, 404, mapper.createObjectNode().put("error", "Not Found"));
                return;
            }
        }
        LOG.infof("fake TEvo: order %s %s", order.get("id").asText(), order.get("state").asText());
        json(ctx, 200, order);
    }

    /**
     * The buy side: a purchase order of the broker's that its seller rejected (office 555), for an event a week away, in
     * its own order group; its event's listings are made up around its section and row (see listings).
     */
    private void rejectedPurchase(long id, int quantity, String section, String row, String paid) {
        ObjectNode po = template.deepCopy();
        po.put("id", String.valueOf(id));
        po.put("oid", "P" + id);
        po.put("type", "PurchaseOrder");
        po.put("state", "rejected");
        po.put("order_group_id", id + 500_000);
        po.putObject("seller").put("id", "555").put("name", "A seller that rejects");
        ObjectNode item = (ObjectNode) po.get("items").get(0);
        item.put("id", String.valueOf(id * 10));
        item.put("quantity", quantity);
        item.put("price", paid);
        ObjectNode group = (ObjectNode) item.get("ticket_group");
        group.put("section", section);
        group.put("row", row);
        ObjectNode event = (ObjectNode) group.get("event");
        event.put("id", String.valueOf(id));
        event.put("occurs_at", java.time.Instant.now().plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString());
        orders.put(id, po);
    }

    /** GET /listings?event_id=..: 40 listings around the rejected purchase's seats, at prices around what it paid. */
    private void listings(RoutingContext ctx) {
        if (!signed(ctx)) {
            return;
        }
        ObjectNode po = orders.get((long) intParam(ctx, "event_id", 0));
        ArrayNode listings = mapper.createArrayNode();
        if (po != null) {
            JsonNode group = po.get("items").get(0).get("ticket_group");
            double paid = po.get("items").get(0).path("price").asDouble();
            String[] formats = { "Eticket", "Physical", "TM_mobile", "Eticket", "Flash_seats" };
            for (int i = 0; i < 40; i++) {
                ObjectNode l = listings.addObject();
                l.put("id", po.get("id").asLong() * 100 + i);
                l.put("available_quantity", 1 + i % 6);
                l.putArray("splits").add(1).add(2).add(3).add(4).add(6);
                l.put("wholesale_price", String.format(java.util.Locale.ROOT, "%.2f", paid * (0.9 + (i % 9) * 0.04)));
                l.put("section", i % 4 == 0 ? String.valueOf(Integer.parseInt(group.get("section").asText()) + 1) : group.get("section").asText());
                l.put("row", String.valueOf(Math.max(1, Integer.parseInt(group.get("row").asText()) - 3 + i % 7)));
                l.put("format", formats[i % formats.length]);
                l.put("in_hand", i % 3 == 0);
                l.putObject("office").put("id", i % 10 == 0 ? 555 : 600 + i);
                l.put("signature", "fake-signature-" + i);
            }
        }
        json(ctx, 200, mapper.createObjectNode().put("total_entries", listings.size()).set("listings", listings));
    }

    /** POST /orders: a substitute for a rejected purchase (one item, substitute_order_link_id), in its order group. */
    private void create(RoutingContext ctx) {
        if (!signed(ctx)) {
            return;
        }
        JsonNode order;
        try {
            order = mapper.readTree(ctx.body().asString()).path("orders").path(0);
        } catch (IOException e) {
            json(ctx, 422, mapper.createArrayNode().add("ArgumentError").add("not JSON"));
            return;
        }
        ObjectNode rejected = orders.get(order.path("substitute_order_link_id").asLong());
        JsonNode item = order.path("shipped_items").path(0).path("items").path(0);
        if (rejected == null || !item.has("ticket_group_id")) {
            json(ctx, 422, mapper.createArrayNode().add("ArgumentError").add("substitute_order_link_id and one item are required"));
            return;
        }
        ObjectNode made = rejected.deepCopy();
        long id = nextId.incrementAndGet() + 100_000;
        made.put("id", String.valueOf(id));
        made.put("oid", "P" + id);
        made.put("state", "pending");
        made.put("substitute_order_link_id", rejected.get("id").asLong());
        ObjectNode madeItem = (ObjectNode) made.get("items").get(0);
        madeItem.put("id", String.valueOf(id * 10));
        madeItem.put("price", item.path("price").asText());
        madeItem.put("quantity", item.path("quantity").asInt());
        ((ObjectNode) madeItem.get("ticket_group")).put("id", item.path("ticket_group_id").asLong());
        orders.put(id, made);
        LOG.infof("fake TEvo: substitute purchase order %d created for rejected %s (listing %s)", id, rejected.get("id").asText(),
                item.path("ticket_group_id").asText());
        json(ctx, 200, mapper.createObjectNode().set("orders", mapper.createArrayNode().add(made)));
    }

    private boolean undeliveredEtickets(JsonNode order) {
        for (JsonNode item : order.get("items")) {
            if (item.path("eticket_delivery").asBoolean() && !deliveredItems.contains(item.path("id").asLong())) {
                return true;
            }
        }
        return false;
    }

    /** TEvo's rule: METHOD host+path?sorted-query-or-body, HMAC-SHA256 with the secret. */
    private boolean signed(RoutingContext ctx) {
        String query = ctx.request().query() == null ? "" : ctx.request().query();
        Map<String, String> sorted = new TreeMap<>();
        ctx.queryParams().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        String body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString();
        String payload = body != null ? body : query;
        String expected = TevoSignature.sign(config.api().secret().orElse(""),
                TevoSignature.stringToSign(ctx.request().method().name(), ctx.request().authority().host(), ctx.request().path(), payload));
        boolean ok = expected.equals(ctx.request().getHeader("X-Signature"))
                && config.api().token().orElse("").equals(ctx.request().getHeader("X-Token"))
                && (body != null || query.equals(TevoSignature.sortedQuery(sorted)));
        if (!ok) {
            json(ctx, 401, mapper.createObjectNode().put("error", "Your signature is incorrect. Please check your API secret."));
        }
        return ok;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        try {
            return Integer.parseInt(ctx.request().getParam(name));
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private void json(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
