package io.tevoroutes.desk.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the console reads from the state store, as rows of plain maps (column name to value, timestamps as Instant):
 * reads only, no lock taken.
 */
@ApplicationScoped
public class ConsoleQueries {

    @Inject
    StateDatabase db;

    /** Orders per decision (ACCEPT, HOLD, REJECT, ...) taken since then, each order counted once per decision. */
    public Map<String, Integer> decisionsSince(Instant since) {
        return db.query("select decision, count(distinct order_id) from decision_audit where decided_at >= ? and dry_run = false"
                + " group by decision", ps -> ps.setTimestamp(1, Timestamp.from(since)), rs -> {
                    Map<String, Integer> out = new LinkedHashMap<>();
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getInt(2));
                    }
                    return out;
                });
    }

    /** The desks holding claims now (several desks on one PostgreSQL), with how many and until when. */
    public List<Map<String, Object>> desks() {
        return db.query("select owner, count(*) as claims, max(lease_until) as lease_until from work_claim where lease_until > ?"
                + " group by owner order by owner", ps -> ps.setTimestamp(1, Timestamp.from(Instant.now())), ConsoleQueries::rows);
    }

    /** E-ticket deliveries not finished (started, failed, waiting to be tried again), the oldest first. */
    public List<Map<String, Object>> deliveriesOpen(int limit) {
        return db.query("select order_id, item_id, status, file_name, detail, updated_at, next_attempt_at from eticket_delivery"
                + " where status <> 'DELIVERED' order by updated_at fetch first " + Math.max(1, limit) + " rows only", ps -> {
                }, ConsoleQueries::rows);
    }

    /** The e-ticket deliveries of one order, by item. */
    public List<Map<String, Object>> deliveries(long orderId) {
        return db.query("select item_id, status, file_name, detail, attempts, updated_at from eticket_delivery where order_id = ?"
                + " order by item_id", ps -> ps.setLong(1, orderId), ConsoleQueries::rows);
    }

    /** The reservations of one order. */
    public List<Map<String, Object>> reservations(long orderId) {
        return db.query("select ticket_id, quantity, baseline, created_at, released_at from reservation where order_id = ? order by id",
                ps -> ps.setLong(1, orderId), ConsoleQueries::rows);
    }

    /** The emails about one order's decisions (their key starts with the order's id), the oldest first. */
    public List<Map<String, Object>> emails(long orderId) {
        return db.query("select subject, status, created_at, sent_at, last_error from mail_outbox where notify_key like ?"
                + " order by created_at", ps -> ps.setString(1, orderId + "|%"), ConsoleQueries::rows);
    }

    /** Who holds the claim on an order now, if anyone. */
    public List<Map<String, Object>> claims(long orderId) {
        return db.query("select owner, claimed_at, lease_until from work_claim where claim_key = ?",
                ps -> ps.setString(1, Claims.orderKey(orderId)), ConsoleQueries::rows);
    }

    /**
     * Decisions in [from, to), newest first, at most limit: only of that outcome (decision) and with that reason code
     * when given (null: any). Each row: order_id, decision, reasons, detail, dry_run, decided_at, decided_by.
     */
    public List<Map<String, Object>> decisions(Instant from, Instant to, String decision, String reason, int limit) {
        StringBuilder sql = new StringBuilder("select order_id, decision, reasons, detail, dry_run, decided_at, decided_by from decision_audit"
                + " where decided_at >= ? and decided_at < ?");
        if (decision != null) {
            sql.append(" and decision = ?");
        }
        if (reason != null) {
            sql.append(" and (reasons = ? or reasons like ? escape '!' or reasons like ? escape '!' or reasons like ? escape '!')");
        }
        sql.append(" order by decided_at desc, id desc fetch first ").append(Math.max(1, limit)).append(" rows only");
        return db.query(sql.toString(), ps -> {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(from));
            ps.setTimestamp(i++, Timestamp.from(to));
            if (decision != null) {
                ps.setString(i++, decision);
            }
            if (reason != null) {
                // reasons are codes joined by commas: the code alone, first, last or in the middle; _ in a code is no wildcard
                String code = reason.replace("!", "!!").replace("_", "!_").replace("%", "!%");
                ps.setString(i++, reason);
                ps.setString(i++, code + ",%");
                ps.setString(i++, "%," + code);
                ps.setString(i++, "%," + code + ",%");
            }
        }, ConsoleQueries::rows);
    }

    /** Rows of a query as maps (for the state package's own console reads). */
    static List<Map<String, Object>> rowsOf(StateDatabase db, String sql, StateDatabase.Binder binder) {
        return db.query(sql, binder, ConsoleQueries::rows);
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns; i++) {
                Object v = rs.getObject(i);
                if (v instanceof Timestamp t) {
                    v = t.toInstant();
                } else if (v instanceof java.time.OffsetDateTime o) {
                    v = o.toInstant();
                }
                row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), v);
            }
            out.add(row);
        }
        return out;
    }
}
