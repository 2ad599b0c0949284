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

    /** Outside the desk (a route test). */
    public static OrderParser with(ObjectMapper mapper) {
        OrderParser parser = new OrderParser();
        parser.mapper = mapper;
        return parser;
    }

    /** One page of {@code GET /v9/orders}: the raw orders, each still JSON text. */
    public OrderPage page(String json, int perPage) throws JsonProcessingException {
        // one pass over the page's text: each order is cut out of it as TEvo wrote it, not built into a tree and
        // written again (a page of 100 orders is about 400 KB; the listing of a burst was a second of the desk's CPU)
        List<String> raw = null;
        try (com.fasterxml.jackson.core.JsonParser p = mapper.createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("TEvo answered a page that is not a JSON object");
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if (!"orders".equals(field) || value != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                raw = new ArrayList<>();
                while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        raw.add(json.substring(start, (int) p.currentLocation().getCharOffset()));
                    } else {
                        raw.add(String.valueOf((JsonNode) p.readValueAsTree()));
                    }
                }
            }
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected content after the page");
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("TEvo answered a page that cannot be read: " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new IllegalArgumentException("TEvo answered a page without an \"orders\" array");
        }
        return new OrderPage(raw, raw.size() >= perPage);
    }

    /** One order, from {@code GET /v9/orders/:id} or from a page. Never throws: problems land in {@code parseError}. */
    public TevoOrder order(String json) {
        TevoOrder order = read(json);
        if (order.id == null) {
            order.rawDigest = digest(json);
            String flat = json == null ? "" : json.replaceAll("\\s+", " ").trim();
            order.rawExcerpt = LogSafe.quote(flat, 300);
        }
        return order;
    }

    /**
     * The order's id alone, as {@link #order} reads it (null when it has none, or is not a TEvo id, or is not JSON),
     * without building the order: the claims of a listing need only the ids.
     */
    public Long idOf(String json) {
        if (json == null) {
            return null;
        }
        try (com.fasterxml.jackson.core.JsonParser p = mapper.createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("id".equals(field)) {
                    return StrictId.of((JsonNode) p.readValueAsTree());
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
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
            node = Numbers.tree(mapper, json);
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
            order.json = node;
            JsonNode items = node.get("items");
            for (int i = 0; items != null && items.isArray() && i < order.getItems().size() && i < items.size(); i++) {
                if (order.getItems().get(i) != null) {
                    order.getItems().get(i).json = items.get(i);
                }
            }
            return order;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            TevoOrder broken = new TevoOrder();
            JsonNode id = node == null ? null : node.get("id");
            broken.id = StrictId.of(id); // never a truncated or guessed id: 6300.5 is not order 6300
            broken.state = text(node, "state");
            // what a person needs to find the order in TEvo
            broken.oid = text(node, "oid");
            broken.createdAt = text(node, "created_at");
            broken.parseError = broken.id == null && id != null && !id.isNull()
                    ? "the order's id " + LogSafe.quote(id.toString(), 40) + " is not a TEvo id (a whole number)"
                    : e.getCause() instanceof Numbers.Refused refused && e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                            ? "the order JSON has fields the desk cannot read (" + path(m) + " " + refused.getMessage()
                                    + ": not a number the desk reads)"
                    : "the order JSON has fields the desk cannot read (" + LogSafe.quote(firstLine(e.getMessage()), 200) + ")";
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

    /** TEvo's names of the field a reading failed on: items.0.price. */
    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            b.append(b.length() == 0 ? "" : ".").append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return b.length() == 0 ? "field" : LogSafe.text(b.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : LogSafe.quote(v.asText(), 100);
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
