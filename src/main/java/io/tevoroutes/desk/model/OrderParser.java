package io.tevoroutes.desk.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Reads TEvo's JSON. A page is split into raw orders first, so that one malformed order is held with a clear reason
 * instead of failing the whole page.
 */
@ApplicationScoped
@Named("orderParser")
public class OrderParser {

    @Inject
    ObjectMapper mapper;

    /** One page of {@code GET /v9/orders}: the raw orders, each still JSON text. */
    public OrderPage page(String json, int perPage) throws JsonProcessingException {
        JsonNode root = mapper.readTree(json);
        JsonNode orders = root == null ? null : root.get("orders");
        if (orders == null || !orders.isArray()) {
            throw new IllegalArgumentException("TEvo answered a page without an \"orders\" array");
        }
        List<String> raw = new ArrayList<>(orders.size());
        orders.forEach(o -> raw.add(o.toString()));
        return new OrderPage(raw, orders.size() >= perPage);
    }

    /** One order, from {@code GET /v9/orders/:id} or from a page. Never throws: problems land in {@code parseError}. */
    public TevoOrder order(String json) {
        TevoOrder order = read(json);
        if (order.id == null) {
            order.rawDigest = digest(json);
            String flat = json == null ? "" : json.replaceAll("\\s+", " ").trim();
            order.rawExcerpt = flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
        }
        return order;
    }

    private static String digest(String json) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TevoOrder read(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException | RuntimeException e) {
            TevoOrder broken = new TevoOrder();
            broken.parseError = "the order is not valid JSON (" + firstLine(e.getMessage()) + ")";
            return broken;
        }
        if (node != null && node.has("orders") && node.get("orders").isArray() && node.get("orders").size() == 1) {
            node = node.get("orders").get(0);
        }
        try {
            TevoOrder order = mapper.treeToValue(node, TevoOrder.class);
            if (order == null) {
                throw new IllegalArgumentException("empty order");
            }
            if (order.id == null) {
                order.parseError = "the order has no id";
            }
            return order;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            TevoOrder broken = new TevoOrder();
            JsonNode id = node == null ? null : node.get("id");
            broken.id = id != null && id.canConvertToLong() ? id.asLong() : parseLong(id == null ? null : id.asText());
            JsonNode state = node == null ? null : node.get("state");
            broken.state = state == null ? null : state.asText();
            broken.parseError = "the order JSON has fields the desk cannot read (" + firstLine(e.getMessage()) + ")";
            return broken;
        }
    }

    /**
     * An order re-read to learn what became of it (after a failed write, or to follow up an accepted order): sets
     * exchange properties tevoRealState (its {@link TevoOrder.StateKind}, lower case: pending, accepted, rejected,
     * ended, unknown), tevoRealStateText (the state as TEvo wrote it) and tevoRealOrder (the order's JSON).
     */
    public void readState(org.apache.camel.Exchange exchange) {
        String json = exchange.getMessage().getBody(String.class);
        TevoOrder order = order(json);
        exchange.setProperty("tevoRealState", order.stateKind().name().toLowerCase(java.util.Locale.ROOT));
        exchange.setProperty("tevoRealStateText", order.parseError != null ? "unreadable (" + order.parseError + ")"
                : order.state == null ? "not given" : order.state);
        exchange.setProperty("tevoRealOrder", json);
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public record OrderPage(List<String> orders, boolean full) {
    }
}
