package io.tevoroutes.desk.substitution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.Numbers;
import io.tevoroutes.desk.model.StrictId;

/**
 * One listing of GET /v9/listings (Listings / Show), the fields a substitution reads; every field as TEvo sent it stays
 * in {@link #json} for the rules ({@code ${exchangeProperty.listing[format]}}). Read defensively: numbers may come as
 * strings, a field may be missing. Its numbers are read by Numbers (amounts, quantities) and StrictId (ids): a listing
 * with one they refuse has {@link #unreadable} set (why), and is left out of the candidates (CandidateSearch).
 */
public record Listing(Long id, Integer availableQuantity, List<Integer> splits, BigDecimal wholesalePrice, BigDecimal retailPrice,
        String section, String row, String format, boolean inHand, Long officeId, String signature, JsonNode json, String unreadable) {

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
        List<String> refused = new ArrayList<>();
        List<Integer> splits = new ArrayList<>();
        JsonNode s = n.get("splits");
        if (s != null && s.isArray()) {
            s.forEach(x -> {
                Integer v = quantity(x, "splits", refused);
                if (v != null && v > 0) {
                    splits.add(v);
                }
            });
        }
        JsonNode office = n.get("office");
        JsonNode officeNode = office != null && office.isObject() ? office.get("id") : n.get("office_id");
        Long officeId = number(officeNode);
        if (officeId == null && officeNode != null && !officeNode.isNull()) {
            refused.add("office id '" + LogSafe.quote(officeNode.asText(), 30) + "' is not a TEvo id");
        }
        Integer available = quantity(n.get("available_quantity"), "available_quantity", refused);
        BigDecimal wholesale = money(n.get("wholesale_price"), "wholesale_price", refused);
        BigDecimal retail = money(n.get("retail_price"), "retail_price", refused);
        JsonNode id = n.get("id");
        Long listingId = number(id);
        if (listingId == null && id != null && !id.isNull()) {
            refused.add("id '" + LogSafe.quote(id.asText(), 30) + "' is not a TEvo id");
        }
        String signature = text(n.get("signature"));
        return new Listing(listingId, available, List.copyOf(splits), wholesale, retail, text(n.get("section")), text(n.get("row")),
                text(n.get("format")), n.path("in_hand").asBoolean(false), officeId,
                signature != null ? signature : text(n.get("ticket_group_signature")), n,
                refused.isEmpty() ? null : String.join("; ", refused));
    }

    /** A listing's quantity (Numbers.quantity); null, with the reason added to refused, when it is not one. */
    private static Integer quantity(JsonNode n, String field, List<String> refused) {
        try {
            return Numbers.quantity(n);
        } catch (Numbers.Refused e) {
            refused.add(field + " " + e.getMessage());
            return null;
        }
    }

    /** A listing's amount (Numbers.money); null, with the reason added to refused, when it is not one. */
    private static BigDecimal money(JsonNode n, String field, List<String> refused) {
        try {
            return Numbers.money(n);
        } catch (Numbers.Refused e) {
            refused.add(field + " " + e.getMessage());
            return null;
        }
    }

    /** An id TEvo sent (StrictId: a whole number or a string of digits, 1 to 18 of them, above 0); null otherwise. */
    static Long number(JsonNode n) {
        return StrictId.of(n);
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String t = n.asText().strip();
        return t.isEmpty() ? null : t;
    }
}
