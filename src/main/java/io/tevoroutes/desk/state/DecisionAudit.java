package io.tevoroutes.desk.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import io.tevoroutes.desk.decision.OrderDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Every distinct decision the desk took (table decision_audit), for support staff (GET /audit/...) and the log. */
@ApplicationScoped
@Named("decisionAudit")
public class DecisionAudit {

    @Inject
    StateDatabase db;

    /** One decision; decidedBy: the person who took it in the console, null when the desk took it by itself. */
    public record AuditEntry(Long orderId, String decision, String reasons, String detail, boolean dryRun, Instant decidedAt,
            String decidedBy) {
    }

    /**
     * Store the decision when it differs from the last one stored for the order (a held order is re-checked every poll;
     * the audit keeps each change, not each poll). Returns true when stored.
     */
    public boolean audit(@Body OrderDecision d) {
        String reasons = d.getReasonCodes();
        String last = db.query("select decision, reasons, dry_run from decision_audit where order_id = ? order by id desc fetch first 1 rows only",
                ps -> bindOrderId(ps, 1, d.getOrderId()),
                rs -> rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) : null);
        if ((d.getOutcome() + "|" + reasons + "|" + d.isDryRun()).equals(last)) {
            return false;
        }
        db.execute("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at, decided_by) values (?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    bindOrderId(ps, 1, d.getOrderId());
                    ps.setString(2, d.getOutcome());
                    ps.setString(3, reasons);
                    ps.setString(4, truncate(d.getRejectionNotes(), 4000));
                    ps.setBoolean(5, d.isDryRun());
                    ps.setTimestamp(6, Timestamp.from(d.decidedAt()));
                    ps.setString(7, d.getDecidedBy());
                });
        return true;
    }

    /**
     * A person's action in the console, before it is carried out: CHECK_AGAIN (the order re-read and decided again),
     * REJECT_ASKED (with TEvo's reason as the detail). Who and when; the outcome follows as the desk's own entry.
     */
    public void byPerson(@org.apache.camel.ExchangeProperty("tevoOrderId") Long orderId,
            @org.apache.camel.ExchangeProperty("consoleAction") String action, @org.apache.camel.ExchangeProperty("consoleUser") String user,
            @org.apache.camel.ExchangeProperty("consoleActionDetail") String detail) {
        db.execute("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at, decided_by) values (?, ?, '', ?, false, ?, ?)",
                ps -> {
                    bindOrderId(ps, 1, orderId);
                    ps.setString(2, truncate(action, 20));
                    ps.setString(3, truncate(detail, 4000));
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.setString(5, truncate(user, 200));
                });
    }

    /** An accept whose answer was lost, found applied when the order was re-read: the audit says so. */
    public void auditSettledAccept(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("tevoRealStateText") String state) {
        db.execute("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at) values (?, 'ACCEPT', '', ?, false, ?)",
                ps -> {
                    bindOrderId(ps, 1, orderId);
                    ps.setString(2, "the accept's answer was lost; re-read later, TEvo shows the order " + state);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                });
    }

    /** The audit trail of one order, oldest first. */
    public List<AuditEntry> decisions(Long orderId) {
        return db.query("select order_id, decision, reasons, detail, dry_run, decided_at, decided_by from decision_audit where order_id = ? order by id",
                ps -> ps.setLong(1, orderId), DecisionAudit::entries);
    }

    /** Decisions taken in [from, to), oldest first, at most limit of them. */
    public List<AuditEntry> decisionsBetween(Instant from, Instant to, int limit) {
        return db.query("select order_id, decision, reasons, detail, dry_run, decided_at, decided_by from decision_audit"
                + " where decided_at >= ? and decided_at < ? order by decided_at, id fetch first " + Math.max(1, limit) + " rows only",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                }, DecisionAudit::entries);
    }

    private static List<AuditEntry> entries(ResultSet rs) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        while (rs.next()) {
            long orderId = rs.getLong(1);
            out.add(new AuditEntry(rs.wasNull() ? null : orderId, rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getString(7)));
        }
        return out;
    }

    private static void bindOrderId(PreparedStatement ps, int at, Long orderId) throws SQLException {
        if (orderId == null) {
            ps.setNull(at, java.sql.Types.BIGINT);
        } else {
            ps.setLong(at, orderId);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
