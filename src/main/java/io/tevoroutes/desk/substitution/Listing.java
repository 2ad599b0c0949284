package io.tevoroutes.desk.substitution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One listing of GET /v9/listings (Listings / Show), the fields a substitution reads; every field as TEvo sent it stays
 * in {@link #json} for the rules ({@code ${exchangeProperty.listing[format]}}). Read defensively: numbers may come as
 * strings, a field may be missing.
 */
public record Listing(Long id, Integer availableQuantity, List<Integer> splits, BigDecimal wholesalePrice, BigDecimal retailPrice,
        String section, String row, String format, boolean inHand, Long officeId, String signature, JsonNode json) {

    /** The listings of an answer: its array {@code listings} (or {@code ticket_groups}, older answers), or a bare array. */
    public static List<Listing> all(JsonNode answer) {
        JsonNode array = answer == null ? null : answer.isArray() ? answer
                : answer.has("listings") ? answer.get("listings") : answer.get("ticket_groups");
        List<Listing> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode n : array) {
            if (n != null && n.isObject()) {
                out.add(of(n));
            }
        }
        return out;
    }

    static Listing of(JsonNode n) {
        List<Integer> splits = new ArrayList<>();
        JsonNode s = n.get("splits");
        if (s != null && s.isArray()) {
            s.forEach(x -> {
                Long v = number(x);
                if (v != null && v > 0 && v < 10_000) {
                    splits.add(v.intValue());
                }
            });
        }
        JsonNode office = n.get("office");
        Long officeId = office != null && office.isObject() ? number(office.get("id")) : number(n.get("office_id"));
        Long available = number(n.get("available_quantity"));
        String signature = text(n.get("signature"));
        return new Listing(number(n.get("id")), available == null ? null : (int) Math.min(available, Integer.MAX_VALUE), List.copyOf(splits),
                decimal(n.get("wholesale_price")), decimal(n.get("retail_price")), text(n.get("section")), text(n.get("row")),
                text(n.get("format")), n.path("in_hand").asBoolean(false), officeId,
                signature != null ? signature : text(n.get("ticket_group_signature")), n);
    }

    static Long number(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            String t = n.asText().strip();
            if (t.matches("-?\\d{1,18}")) {
                return Long.valueOf(t);
            }
        }
        return null;
    }

    static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String t = n.asText().strip();
        return t.isEmpty() ? null : t;
    }
}
