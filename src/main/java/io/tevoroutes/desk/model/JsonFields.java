package io.tevoroutes.desk.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A TEvo JSON object (an order, an item) as the decision rules read it: {@code ${exchangeProperty.order[total]}},
 * {@code ${exchangeProperty.order[buyer.id]}}, {@code ${exchangeProperty.item[ticket_group.event.name]}},
 * {@code ${exchangeProperty.order[payments.0.type]}}. A key is a path of TEvo's field names, separated by dots, with
 * list positions as numbers; a null or absent field anywhere on the path reads as null, never as an error (TEvo sends
 * {@code "buyer": null}). Values are what TEvo sent: text, whole or decimal numbers, true/false, a nested object (again
 * a {@code JsonFields}) or a list; a number model/Numbers refuses reads as its text. Read-only.
 */
@RegisterForReflection
public final class JsonFields extends MapView<Object> {

    private final JsonNode node;

    public JsonFields(JsonNode node) {
        this.node = node;
    }

    /** The value at a dotted path; null when any part of it is null or absent. */
    @Override
    public Object get(Object key) {
        return key == null ? null : value(at(node, key.toString()));
    }

    @Override
    public boolean containsKey(Object key) {
        JsonNode n = key == null ? null : at(node, key.toString());
        return n != null && !n.isMissingNode();
    }

    static JsonNode at(JsonNode from, String path) {
        JsonNode n = from;
        for (String part : path.trim().split("\\.", -1)) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            n = n.isArray() && part.matches("\\d{1,9}") ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        return n;
    }

    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            return new JsonFields(n);
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(e -> list.add(value(e)));
            return list;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            // bounded by Numbers; one it refuses (1E+1000000, 400 digits) reads as the text TEvo wrote, never as a value
            // a rule could compute on
            try {
                return Numbers.decimal(n.asText());
            } catch (Numbers.Refused e) {
                return n.asText();
            }
        }
        return n.asText();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> entries = new LinkedHashSet<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(f -> entries.add(new SimpleImmutableEntry<>(f, value(node.get(f)))));
        }
        return entries;
    }

    /**
     * Every path this object has, list positions written as 0 ("items.0.ticket_group.remote_id"), nested objects and
     * lists included: what a rule may name.
     */
    public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode n, String prefix, Set<String> out) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(f -> {
                String p = prefix.isEmpty() ? f : prefix + "." + f;
                out.add(p);
                collect(n.get(f), p, out);
            });
        } else if (n.isArray() && n.size() > 0) {
            String p = prefix + ".0";
            out.add(p);
            for (JsonNode e : n) {
                collect(e, p, out);
            }
        }
    }

    /** A path with its list positions written as 0, to look it up in {@link #paths()}. */
    public static String shape(String path) {
        return path.trim().replaceAll("(^|\\.)\\d{1,9}(?=\\.|$)", "$10");
    }

    @Override
    public String toString() {
        return node == null ? "{}" : LogSafe.quote(node.toString(), 200);
    }
}
