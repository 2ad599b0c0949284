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
        vertx.setPeriodic(60_000, id -> newSale());
        router.route(BASE + "/*").handler(BodyHandler.create());
        router.get(BASE + "/orders").handler(this::list);
        router.get(BASE + "/orders/:id").handler(this::show);
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
        boolean needsEtickets = "true".equals(ctx.request().getParam("needs_eticket"));
        int page = intParam(ctx, "page", 1);
        int perPage = intParam(ctx, "per_page", 100);
        List<ObjectNode> matching = new ArrayList<>();
        orders.values().stream().filter(o -> state == null || state.equals(o.get("state").asText()))
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
