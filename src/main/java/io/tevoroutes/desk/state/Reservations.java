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
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.OrderDecision.Outcome;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.decision.Reason;
import io.tevoroutes.desk.inventory.InventoryUnavailableException;
import io.tevoroutes.desk.inventory.InventoryWriteBack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The tickets the desk promised: an order about to be accepted reserves its tickets (table reservation) until the
 * inventory itself shows them gone, or the order ends unsold. So two orders (in one poll, across polls, across
 * restarts, across desks on one database) never take the same tickets.
 */
@ApplicationScoped
@Named("reservations")
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class);

    /**
     * Reservations are decided one at a time: within this desk by this lock, across desks on one database by the row
     * lock on desk_lock 'reservations' taken in each reservation transaction.
     */
    private final ReentrantLock lock = new ReentrantLock();

    @Inject
    StateDatabase db;

    @Inject
    InventoryWriteBack writeBack;

    @Inject
    Claims claims;

    /** A transaction that decides reservations (or an order's status with them): one at a time, on every desk. */
    <T> T locked(String what, StateDatabase.Work<T> work, Runnable commitFailed) {
        if (db.serialisesWrites()) {
            // one writer runs every transaction one after the other (GroupCommit): waiting here would only keep each
            // reservation out of the others' commit (and the embedded store has no other desk to keep out: no row lock)
            return db.transaction(what, work, commitFailed);
        }
        lock.lock();
        try {
            return db.transaction(what, c -> {
                StateDatabase.lockRow(c, "reservations");
                return work.run(c);
            }, commitFailed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tickets of this TicketID held for orders the desk accepted, not counting those the inventory now shows gone (a
     * read: the next reservation of the TicketID releases them). Reservations are released oldest first, while the drop
     * from their baseline covers them; a partial drop keeps the later ones (never oversells, at worst undersells until
     * the inventory catches up).
     */
    public int reservedQuantity(String ticketId, int inventoryQuantity) {
        if (ticketId == null) {
            return 0;
        }
        // a read: the reservations the inventory shows gone are released by the next reservation of the TicketID,
        // which counts again, in its own transaction
        return db.query("select id, quantity, baseline from reservation where ticket_id = ? and released_at is null order by id",
                ps -> ps.setString(1, ticketId), rs -> held(readActive(rs), inventoryQuantity, null));
    }

    /** Tickets still reserved for an order (released once the inventory shows them gone, or the order ends unsold). */
    public int reservedFor(Long orderId) {
        return db.query("select coalesce(sum(quantity), 0) from reservation where order_id = ? and released_at is null",
                ps -> ps.setLong(1, orderId), rs -> rs.next() ? rs.getInt(1) : 0);
    }

    /**
     * Orders the desk accepted (or was accepting: the answer was lost) whose reservations are still held after minAge:
     * oldest first, at most limit. Their state in TEvo is checked (an accepted order may be canceled later: its tickets
     * are free again; an accept whose answer was lost may have been applied).
     */
    public List<Long> ordersHoldingReservations(@ExchangeProperty("minAge") String minAge, @ExchangeProperty("limit") Integer limit) {
        java.time.Duration age = io.quarkus.runtime.configuration.DurationConverter.parseDuration(minAge);
        return db.query("select r.order_id from reservation r join desk_order o on o.order_id = r.order_id"
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
        boolean writesBack = writeBack.enabled();
        boolean[] writtenBack = { false }; // the sale reached the inventory: undone if the reservation is then not stored
        return locked("reserve tickets for order " + orderId, c -> {
            if (!decision.isDryRun() && !claims.stillHolds(c, Claims.orderKey(orderId))) {
                throw new ClaimLostException(orderId);
            }
            if (hasActiveReservations(c, orderId)) {
                OrderLedger.setStatus(c, orderId, "ACCEPTING");
                return decision;
            }
            List<Problem> shortfalls = new ArrayList<>();
            for (Map.Entry<String, Integer> e : need.entrySet()) {
                int inventory = onHand.get(e.getKey());
                int reserved = activeReserved(c, e.getKey(), inventory);
                int available = Math.max(0, inventory - reserved);
                if (e.getValue() > available) {
                    shortfalls.add(Problem.of(Reason.SHORT, "TicketID " + e.getKey() + " short by " + (e.getValue() - available) + ": "
                            + e.getValue() + " sold, " + available + " available (" + inventory + " in inventory, " + reserved
                            + " reserved by orders the desk accepted)"));
                }
            }
            // a person who accepts in the console has found the tickets: the reservations are recorded even beyond what
            // the inventory shows (the desk's later orders see them taken), and the log says so
            boolean byPerson = decision.getDecidedBy() != null;
            if (!shortfalls.isEmpty() && byPerson && !decision.isDryRun()) {
                LOG.infof("order %d accepted by %s in the console beyond the inventory: %s", orderId, decision.getDecidedBy(),
                        shortfalls.stream().map(Problem::detail).collect(java.util.stream.Collectors.joining("; ")));
            } else if (!shortfalls.isEmpty() || decision.isDryRun()) {
                shortfalls.forEach(decision::hold);
                return decision;
            }
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
            OrderLedger.setStatus(c, orderId, "ACCEPTING");
            if (writesBack) {
                writeBack(c, orderId, need);
                writtenBack[0] = true;
            }
            return decision;
        }, () -> {
            if (writtenBack[0]) {
                writeBack.reservationNotStored(orderId, need);
            }
        });
    }

    /** The accept did not happen and the order is still pending: free its tickets, it is decided again next poll. */
    public void releaseReservations(@ExchangeProperty("tevoOrderId") Long orderId) {
        locked("release reservations of order " + orderId, c -> {
            release(c, orderId);
            try (PreparedStatement ps = c.prepareStatement("delete from desk_order where order_id = ? and status = 'ACCEPTING'")) {
                ps.setLong(1, orderId);
                ps.executeUpdate();
            }
            return null;
        }, null);
    }

    /**
     * The order's tickets are free again: its reservations end and, if its sale was written back to the inventory,
     * that is undone (inventory.sql.on-release), in the same transaction.
     */
    void release(Connection c, Long orderId) throws SQLException {
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

    private int activeReserved(Connection c, String ticketId, int inventoryQuantity) throws SQLException {
        List<long[]> active;
        try (PreparedStatement ps = c.prepareStatement(
                "select id, quantity, baseline from reservation where ticket_id = ? and released_at is null order by id")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                active = readActive(rs);
            }
        }
        List<Long> gone = new ArrayList<>();
        int held = held(active, inventoryQuantity, gone);
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

    /** Active reservations of a TicketID, oldest first: id, quantity, baseline. */
    private static List<long[]> readActive(ResultSet rs) throws SQLException {
        List<long[]> active = new ArrayList<>();
        while (rs.next()) {
            active.add(new long[] { rs.getLong(1), rs.getInt(2), rs.getInt(3) });
        }
        return active;
    }

    /**
     * Tickets still held of these reservations, given what the inventory shows now; those the drop from their baseline
     * covers are gone (added to gone, when given).
     */
    private static int held(List<long[]> active, int inventoryQuantity, List<Long> gone) {
        int consumed = 0;
        int held = 0;
        for (long[] r : active) {
            if (inventoryQuantity <= r[2] - consumed - r[1]) {
                if (gone != null) {
                    gone.add(r[0]);
                }
                consumed += (int) r[1];
            } else {
                held += (int) r[1];
            }
        }
        return held;
    }

    private static boolean hasActiveReservations(Connection c, Long orderId) throws SQLException {
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
}
