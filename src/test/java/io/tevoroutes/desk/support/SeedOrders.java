package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TEvo orders in their real shape and size: the seed's order (seeds/002, GET /v9/orders/:id, about 3.5 KB compact,
 * with client, addresses, payments, seller, child orders, ...) with the fields a scenario needs set. Values are set
 * through Jackson, so a hostile value (quotes, newlines, a 2 MB name) is exactly what TEvo would send.
 */
public final class SeedOrders {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode SEED = load();

    private SeedOrders() {
    }

    private static ObjectNode load() {
        try (InputStream in = SeedOrders.class.getResourceAsStream("/tevo/seed-order.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed order, pending, of type Order, sold to TEvo's own office (no fraud check needed), with one item. */
    public static ObjectNode order(long id, String remoteId, int quantity, String price) {
        ObjectNode o = SEED.deepCopy();
        o.put("id", String.valueOf(id));
        o.put("oid", "R" + id);
        o.put("state", "pending");
        o.put("type", "Order");
        o.put("spec", false);
        o.set("buyer", MAPPER.createObjectNode().put("type", "Office").put("id", 6));
        ObjectNode item = (ObjectNode) o.withArray("items").get(0);
        item.put("id", String.valueOf(id * 10 + 1));
        item.put("order_item_id", id * 10 + 2);
        item.put("price", price);
        item.put("quantity", quantity);
        item.remove("eticket_available");
        item.remove("eticket_downloaded_at");
        ObjectNode group = (ObjectNode) item.get("ticket_group");
        group.put("remote_id", remoteId);
        group.put("quantity", quantity);
        ArrayNode seats = group.putArray("seats");
        for (int s = 0; s < quantity; s++) {
            seats.add(20 + s);
        }
        return o;
    }

    /** The first item of an order, to change it. */
    public static ObjectNode item(ObjectNode order) {
        return (ObjectNode) order.withArray("items").get(0);
    }

    public static String json(JsonNode node) {
        return node.toString();
    }

    /** As TEvo's API writes it on a page: pretty-printed, several KB. */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seller webhook as TEvo posts it: a form with the order JSON in its body field. */
    public static String webhookForm(long orderGroupId, String eventType, String orderJson) {
        return "order_group_id=" + orderGroupId + "&recipient=seller&event_type=" + enc(eventType) + "&body=" + enc(orderJson);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
