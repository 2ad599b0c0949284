package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.OrderDecision.Outcome;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.decision.Reason;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.tevoroutes.desk.config.StateStoreSelection;
import io.tevoroutes.desk.inventory.InventoryUnavailableException;
import io.tevoroutes.desk.inventory.InventoryWriteBack;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The desk's memory: which orders it wrote to TEvo, which tickets it promised, and every decision. Plain JDBC on the
 * configured datasource (embedded H2 file by default), schema by Flyway.
 */
@ApplicationScoped
@Named("stateStore")
public class StateStore {

    private static final Logger LOG = Logger.getLogger(StateStore.class);

    /**
     * Reservations are decided one at a time: within this desk by this lock, across desks on one database by the row
     * lock on desk_lock 'reservations' taken in each reservation transaction (see {@link #lockRow}).
     */
    private final ReentrantLock reservationLock = new ReentrantLock();

    @ConfigProperty(name = StateStoreSelection.POSTGRESQL_URL)
    Optional<String> postgresqlUrl;

    @Inject
    InventoryWriteBack writeBack;

    @Inject
    Claims claims;

    DataSource dataSource;
    private boolean postgresql;

    /** state.postgresql.url set: the PostgreSQL datasource; otherwise the embedded H2 one (see StateStoreSelection). */
    @PostConstruct
    void chooseDatabase() {
        postgresql = postgresqlUrl.filter(u -> !u.isBlank()).isPresent();
        String name = postgresql ? StateStoreSelection.POSTGRESQL_DATASOURCE : DataSourceUtil.DEFAULT_DATASOURCE_NAME;
        dataSource = AgroalDataSourceUtil.dataSourceIfActive(name).orElseThrow(() -> new StateStoreException(
                "the state store datasource " + name + " is not active: check state.postgresql.url and quarkus.datasource.active", null));
        LOG.infof("state store: %s", postgresql ? "PostgreSQL " + postgresqlUrl.get().replaceAll("\\?.*", "") : "embedded H2");
        if (!postgresql) {
            writeEveryCommit();
        }
    }

    /**
     * H2 keeps no redo log: by default it writes committed changes to its file up to half a second later, and a desk
     * killed meanwhile (kill -9, power loss of the container) forgets them: an accept it sent, a delivery it made, an
     * email it sent. WRITE_DELAY 0 writes at every commit (a persistent setting of the database file).
     */
    private void writeEveryCommit() {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            LOG.warnf("could not make the H2 state store write at every commit (SET WRITE_DELAY 0: %s); add ;WRITE_DELAY=0 to"
                    + " quarkus.datasource.jdbc.url, or a killed desk may forget its last commits", e.getMessage());
        }
    }

    boolean isPostgresql() {
        return postgresql;
    }

    /** SQL for "the database's clock plus ? milliseconds" (a bigint parameter), in this database's dialect. */
    String nowPlus() {
        return postgresql ? "(current_timestamp + cast(? as bigint) * interval '1 millisecond')"
                : "dateadd(millisecond, cast(? as bigint), current_timestamp)";
    }

    /**
     * Lock one row of desk_lock until the transaction ends: the desks on this database do that thing one at a time
     * (waits for the desk holding it; its transactions are short).
     */
    static void lockRow(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from desk_lock where name = ? for update")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }

    /** The database the desk's state lives in (inventory tables may live there too: inventory.sql.url empty). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** What the desk has done with an order (NEW, HELD, ACCEPTING, ACCEPTED, REJECTED, ...); null: nothing yet. */
    public String status(@org.apache.camel.ExchangeProperty("tevoOrderId") Long orderId) {
        if (orderId == null) {
            return null;
        }
        return query("select status from desk_order where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> rs.next() ? rs.getString(1) : null);
    }

    /**
     * Tickets of this TicketID held for orders the desk accepted, after releasing those the inventory now shows gone.
     * Reservations are released oldest first, while the drop from their baseline covers them; a partial drop keeps
     * the later ones (never oversells, at worst undersells until the inventory catches up).
     */
    public int reservedQuantity(String ticketId, int inventoryQuantity) {
        if (ticketId == null) {
            return 0;
        }
        reservationLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockRow(c, "reservations");
                int held = activeReserved(c, ticketId, inventoryQuantity);
                c.commit();
                return held;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read reservations", e);
        } finally {
            reservationLock.unlock();
        }
    }

    /** Tickets still reserved for an order (released once the inventory shows them gone, or the order ends unsold). */
    public int reservedFor(Long orderId) {
        return query("select coalesce(sum(quantity), 0) from reservation where order_id = ? and released_at is null",
                ps -> ps.setLong(1, orderId), rs -> rs.next() ? rs.getInt(1) : 0);
    }

    /**
     * Orders the desk accepted (or was accepting: the answer was lost) whose reservations are still held after minAge:
     * oldest first, at most limit. Their state in TEvo is checked (an accepted order may be canceled later: its tickets
     * are free again; an accept whose answer was lost may have been applied).
     */
    public List<Long> ordersHoldingReservations(@ExchangeProperty("minAge") String minAge,
            @ExchangeProperty("limit") Integer limit) {
        java.time.Duration age = io.quarkus.runtime.configuration.DurationConverter.parseDuration(minAge);
        return query("select r.order_id from reservation r join desk_order o on o.order_id = r.order_id"
                + " where r.released_at is null and o.status in ('ACCEPTED', 'ACCEPTING') and r.created_at < ?"
                + " group by r.order_id order by min(r.created_at) fetch first " + (limit == null ? 100 : limit) + " rows only",
                ps -> ps.setTimestamp(1, Timestamp.from(Instant.now().minus(age))), rs -> {
                    List<Long> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                    return out;
                });
    }

    /**
     * Promise the tickets of an order about to be accepted, and record the order as ACCEPTING, in one transaction. If a
     * competing order took the tickets first, the decision turns into a hold. In dry run, checks only.
     */
    public OrderDecision reserve(@Body OrderDecision decision) {
        if (decision.outcomeKind() != Outcome.ACCEPT) {
            return decision;
        }
        Long orderId = decision.getOrderId();
        Map<String, Integer> need = new LinkedHashMap<>();
        Map<String, Integer> onHand = new LinkedHashMap<>();
        for (ItemVerdict v : decision.items()) {
            need.merge(v.item().getRemoteId(), v.item().quantityOrZero(), Integer::sum);
            onHand.put(v.item().getRemoteId(), v.stock().quantity());
        }
        reservationLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockRow(c, "reservations");
                if (!decision.isDryRun() && !claims.stillHolds(c, Claims.orderKey(orderId))) {
                    throw new ClaimLostException(orderId);
                }
                if (hasActiveReservations(c, orderId)) {
                    setStatus(c, orderId, "ACCEPTING");
                    c.commit();
                    return decision;
                }
                List<Problem> shortfalls = new ArrayList<>();
                for (Map.Entry<String, Integer> e : need.entrySet()) {
                    int inventory = onHand.get(e.getKey());
                    int reserved = activeReserved(c, e.getKey(), inventory);
                    int available = Math.max(0, inventory - reserved);
                    if (e.getValue() > available) {
                        shortfalls.add(Problem.of(Reason.SHORT, "TicketID " + e.getKey() + " short by "
                                + (e.getValue() - available) + ": " + e.getValue() + " sold, " + available
                                + " available (" + inventory + " in inventory, " + reserved
                                + " reserved by orders the desk accepted)"));
                    }
                }
                if (!shortfalls.isEmpty() || decision.isDryRun()) {
                    c.commit();
                    shortfalls.forEach(decision::hold);
                    return decision;
                }
                boolean writesBack = writeBack.enabled();
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into reservation (order_id, ticket_id, quantity, baseline, created_at, written_back) values (?, ?, ?, ?, ?, ?)")) {
                    for (Map.Entry<String, Integer> e : need.entrySet()) {
                        ps.setLong(1, orderId);
                        ps.setString(2, e.getKey());
                        ps.setInt(3, e.getValue());
                        ps.setInt(4, onHand.get(e.getKey()));
                        ps.setTimestamp(5, Timestamp.from(Instant.now()));
                        ps.setBoolean(6, writesBack);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                setStatus(c, orderId, "ACCEPTING");
                if (writesBack) {
                    writeBack(c, orderId, need);
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    if (writesBack) {
                        writeBack.reservationNotStored(orderId, need);
                    }
                    throw e;
                }
                return decision;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot reserve tickets for order " + orderId, e);
        } finally {
            reservationLock.unlock();
        }
    }

    public void markAccepted(@ExchangeProperty("tevoOrderId") Long orderId) {
        update(orderId, "ACCEPTED", false, false);
    }

    /** Before a reject is sent: only while this desk still holds the order (see {@link Claims#stillHolds}). */
    public void markRejecting(@ExchangeProperty("tevoOrderId") Long orderId) {
        update(orderId, "REJECTING", false, true);
    }

    public void markRejected(@ExchangeProperty("tevoOrderId") Long orderId) {
        update(orderId, "REJECTED", true, false);
    }

    /** The order left our hands (canceled, taken by someone else): forget its reservations. */
    public void markEnded(@ExchangeProperty("tevoOrderId") Long orderId) {
        update(orderId, "ENDED", true, false);
    }

    /** The accept did not happen and the order is still pending: free its tickets, it is decided again next poll. */
    public void releaseReservations(@ExchangeProperty("tevoOrderId") Long orderId) {
        reservationLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockRow(c, "reservations");
                release(c, orderId);
                try (PreparedStatement ps = c.prepareStatement("delete from desk_order where order_id = ? and status = 'ACCEPTING'")) {
                    ps.setLong(1, orderId);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot release reservations of order " + orderId, e);
        } finally {
            reservationLock.unlock();
        }
    }

    /**
     * Store the decision when it differs from the last one stored for the order (a held order is re-checked every poll;
     * the audit keeps each change, not each poll). Returns true when stored.
     */
    public boolean audit(@Body OrderDecision d) {
        String reasons = d.getReasonCodes();
        String last = query("select decision, reasons, dry_run from decision_audit where order_id = ? order by id desc fetch first 1 rows only",
                ps -> bindOrderId(ps, 1, d.getOrderId()),
                rs -> rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) : null);
        if ((d.getOutcome() + "|" + reasons + "|" + d.isDryRun()).equals(last)) {
            return false;
        }
        execute("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at) values (?, ?, ?, ?, ?, ?)",
                ps -> {
                    bindOrderId(ps, 1, d.getOrderId());
                    ps.setString(2, d.getOutcome());
                    ps.setString(3, reasons);
                    ps.setString(4, truncate(d.getRejectionNotes(), 4000));
                    ps.setBoolean(5, d.isDryRun());
                    ps.setTimestamp(6, Timestamp.from(d.decidedAt()));
                });
        return true;
    }

    /** An accept whose answer was lost, found applied when the order was re-read: the audit says so. */
    public void auditSettledAccept(@ExchangeProperty("tevoOrderId") Long orderId,
            @ExchangeProperty("tevoRealStateText") String state) {
        execute("insert into decision_audit (order_id, decision, reasons, detail, dry_run, decided_at) values (?, 'ACCEPT', '', ?, false, ?)",
                ps -> {
                    bindOrderId(ps, 1, orderId);
                    ps.setString(2, "the accept's answer was lost; re-read later, TEvo shows the order " + state);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                });
    }

    /** The audit trail of one order, oldest first. */
    public List<AuditEntry> decisions(Long orderId) {
        return query("select order_id, decision, reasons, detail, dry_run, decided_at from decision_audit where order_id = ? order by id",
                ps -> ps.setLong(1, orderId), StateStore::auditEntries);
    }

    /** Decisions taken in [from, to), oldest first, at most limit of them. */
    public List<AuditEntry> decisionsBetween(Instant from, Instant to, int limit) {
        return query("select order_id, decision, reasons, detail, dry_run, decided_at from decision_audit"
                + " where decided_at >= ? and decided_at < ? order by decided_at, id fetch first " + Math.max(1, limit) + " rows only",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                }, StateStore::auditEntries);
    }

    private static List<AuditEntry> auditEntries(ResultSet rs) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        while (rs.next()) {
            long orderId = rs.getLong(1);
            out.add(new AuditEntry(rs.wasNull() ? null : orderId, rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5), rs.getTimestamp(6).toInstant()));
        }
        return out;
    }

    public record AuditEntry(Long orderId, String decision, String reasons, String detail, boolean dryRun, Instant decidedAt) {
    }

    private int activeReserved(Connection c, String ticketId, int inventoryQuantity) throws SQLException {
        List<long[]> active = new ArrayList<>(); // id, quantity, baseline
        try (PreparedStatement ps = c.prepareStatement(
                "select id, quantity, baseline from reservation where ticket_id = ? and released_at is null order by id")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    active.add(new long[] { rs.getLong(1), rs.getInt(2), rs.getInt(3) });
                }
            }
        }
        int consumed = 0;
        int held = 0;
        List<Long> gone = new ArrayList<>();
        for (long[] r : active) {
            if (inventoryQuantity <= r[2] - consumed - r[1]) {
                gone.add(r[0]);
                consumed += (int) r[1];
            } else {
                held += (int) r[1];
            }
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("update reservation set released_at = ? where id = ?")) {
                for (Long id : gone) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            LOG.debugf("released %d reservation(s) of TicketID %s: the inventory shows them gone", gone.size(), ticketId);
        }
        return held;
    }

    private boolean hasActiveReservations(Connection c, Long orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from reservation where order_id = ? and released_at is null")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** The sale written back to the inventory with the reservation; a write-back that fails rolls the reservation back. */
    private void writeBack(Connection c, Long orderId, Map<String, Integer> sold) {
        try {
            writeBack.sold(c, orderId, sold);
        } catch (SQLException | RuntimeException e) {
            throw new InventoryUnavailableException("the sale of order " + orderId
                    + " could not be written back to the inventory (inventory.sql.on-accept): " + e.getMessage());
        }
    }

    /**
     * The order's tickets are free again: its reservations end and, if its sale was written back to the inventory,
     * that is undone (inventory.sql.on-release), in the same transaction.
     */
    private void release(Connection c, Long orderId) throws SQLException {
        Map<String, Integer> writtenBack = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select ticket_id, sum(quantity) from reservation where order_id = ? and written_back = true group by ticket_id")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writtenBack.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        if (!writtenBack.isEmpty()) {
            writeBack.released(c, orderId, writtenBack);
            try (PreparedStatement ps = c.prepareStatement("update reservation set written_back = false where order_id = ?")) {
                ps.setLong(1, orderId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update reservation set released_at = ? where order_id = ? and released_at is null")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, orderId);
            ps.executeUpdate();
        }
    }

    /** onlyWhileClaimed: before a write to TEvo, recorded only while this desk still holds the order's claim. */
    private void update(Long orderId, String status, boolean releaseReservations, boolean onlyWhileClaimed) {
        reservationLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockRow(c, "reservations");
                if (onlyWhileClaimed && !claims.stillHolds(c, Claims.orderKey(orderId))) {
                    throw new ClaimLostException(orderId);
                }
                setStatus(c, orderId, status);
                if (releaseReservations) {
                    release(c, orderId);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot record order " + orderId + " as " + status, e);
        } finally {
            reservationLock.unlock();
        }
    }

    private static void setStatus(Connection c, Long orderId, String status) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement up = c.prepareStatement("update desk_order set status = ?, updated_at = ? where order_id = ?")) {
            up.setString(1, status);
            up.setTimestamp(2, now);
            up.setLong(3, orderId);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("insert into desk_order (order_id, status, updated_at) values (?, ?, ?)")) {
            in.setLong(1, orderId);
            in.setString(2, status);
            in.setTimestamp(3, now);
            in.executeUpdate();
        }
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

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new StateStoreException("state store query failed", e);
        }
    }

    int execute(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("state store update failed", e);
        }
    }
}
