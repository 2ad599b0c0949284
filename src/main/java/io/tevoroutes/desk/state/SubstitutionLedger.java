package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.ExchangeProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the desk did for each purchase order a seller rejected (table substitution), with every step in the decision
 * audit (SUB_* entries, the rejected purchase order's id): the row is written before anything is bought, and CREATING
 * before each create call, so a substitute is bought at most once whatever happens to the call's answer or the desk.
 */
@ApplicationScoped
@Named("substitutionLedger")
public class SubstitutionLedger {

    @Inject
    StateDatabase db;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    /** The status recorded for a rejected purchase order; null when the desk has not seen it. */
    public String status(@ExchangeProperty("substitutionOrderId") Long orderId) {
        return orderId == null ? null : db.query("select status from substitution where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> rs.next() ? rs.getString(1) : null);
    }

    /** First sight of a rejected purchase: recorded SEARCHING (nothing when recorded already). Returns the status now. */
    public String begin(@ExchangeProperty("substitutionOrderId") Long orderId, @ExchangeProperty("substitutionGroupId") Long groupId,
            @ExchangeProperty("substitutionDetail") String detail) {
        db.transaction("record rejected purchase " + orderId, c -> {
            if (status(c, orderId) == null) {
                try (PreparedStatement ps = c.prepareStatement("insert into substitution (order_id, order_group_id, status, detail, created_at,"
                        + " updated_at) values (?, ?, 'SEARCHING', ?, ?, ?)")) {
                    Instant now = Instant.now();
                    ps.setLong(1, orderId);
                    if (groupId == null) {
                        ps.setNull(2, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(2, groupId);
                    }
                    ps.setString(3, cap(detail));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.executeUpdate();
                }
                audit(c, orderId, "SUB_SEEN", detail);
            }
            return null;
        });
        return status(orderId);
    }

    /**
     * Before a create call: SEARCHING becomes CREATING with the listing about to be bought, in one conditional write.
     * False (nothing may be sent) when the row is not SEARCHING any more: settled, or being bought already.
     */
    public boolean creating(@ExchangeProperty("substitutionOrderId") Long orderId, @ExchangeProperty("substitutionListingId") Long listingId,
            @ExchangeProperty("substitutionDetail") String detail) {
        return db.transaction("record the purchase of a substitute for " + orderId, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("update substitution set status = 'CREATING', listing_id = ?, tries = tries + 1,"
                    + " detail = ?, updated_at = ? where order_id = ? and status = 'SEARCHING'")) {
                ps.setLong(1, listingId);
                ps.setString(2, cap(detail));
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setLong(4, orderId);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                audit(c, orderId, "SUB_BUYING", detail);
            }
            return n == 1;
        });
    }

    /**
     * Records an outcome (exchange property substitutionOutcome): CREATED (with substitutionNewOrderId), SEARCHING (the
     * create was refused: the next candidate may be tried), PROPOSED, NOTHING_FOUND, UNSURE, PERSON or DRY_RUN; with the
     * audit entry that says so.
     */
    public void record(@ExchangeProperty("substitutionOrderId") Long orderId, @ExchangeProperty("substitutionOutcome") String outcome,
            @ExchangeProperty("substitutionNewOrderId") Long newOrderId, @ExchangeProperty("substitutionDetail") String detail,
            @ExchangeProperty("substitutionTop") List<Map<String, Object>> top) {
        String candidates = candidatesJson(top);
        db.transaction("record substitution " + outcome + " for " + orderId, c -> {
            try (PreparedStatement ps = c.prepareStatement("update substitution set status = ?, new_order_id = coalesce(?, new_order_id),"
                    + " detail = ?, updated_at = ?, candidates = coalesce(?, candidates) where order_id = ?")) {
                ps.setString(1, outcome);
                if (newOrderId == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, newOrderId);
                }
                ps.setString(3, cap(detail));
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.setString(5, candidates);
                ps.setLong(6, orderId);
                ps.executeUpdate();
            }
            audit(c, orderId, switch (outcome) {
                case "CREATED" -> "SUB_BOUGHT";
                case "SEARCHING" -> "SUB_REFUSED";
                case "NOTHING_FOUND" -> "SUB_NONE";
                default -> "SUB_" + outcome;
            }, detail);
            return null;
        });
    }

    /**
     * A person chose a candidate in the console: PROPOSED becomes SEARCHING again (one conditional write), so the desk's
     * own buying steps may buy it. False when the purchase is not PROPOSED any more.
     */
    public boolean reopen(@ExchangeProperty("substitutionOrderId") Long orderId) {
        return db.execute("update substitution set status = 'SEARCHING', updated_at = ? where order_id = ? and status = 'PROPOSED'", ps -> {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, orderId);
        }) == 1;
    }

    /** One rejected purchase as the console shows it (status, detail, new_order_id, candidates: id and line); null if unknown. */
    public Map<String, Object> find(long orderId) {
        return db.query("select status, detail, new_order_id, candidates from substitution where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("status", rs.getString(1));
                    m.put("detail", rs.getString(2));
                    long newOrder = rs.getLong(3);
                    m.put("newOrderId", rs.wasNull() ? null : newOrder);
                    m.put("candidates", candidates(rs.getString(4)));
                    return m;
                });
    }

    private String candidatesJson(List<Map<String, Object>> top) {
        if (top == null) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
        for (Map<String, Object> c : top) {
            Object id = c.get("id");
            array.addObject().put("id", id instanceof Number n ? n.longValue() : null).put("line", String.valueOf(c.get("line")));
        }
        String json = array.toString();
        return json.length() <= 4000 ? json : "[]";
    }

    private List<Map<String, Object>> candidates(String json) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        if (json == null) {
            return out;
        }
        try {
            for (com.fasterxml.jackson.databind.JsonNode n : mapper.readTree(json)) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("id", n.path("id").isIntegralNumber() ? io.tevoroutes.desk.model.StrictId.of(n.get("id")) : null);
                m.put("line", n.path("line").asText());
                out.add(m);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // an unreadable column shows no candidates
        }
        return out;
    }

    private static String status(Connection c, long orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status from substitution where order_id = ?")) {
            ps.setLong(1, orderId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void audit(Connection c, long orderId, String decision, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at)"
                + " values (?, ?, '', ?, false, ?)")) {
            ps.setLong(1, orderId);
            ps.setString(2, decision.length() > 20 ? decision.substring(0, 20) : decision);
            ps.setString(3, cap(detail));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    private static String cap(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
