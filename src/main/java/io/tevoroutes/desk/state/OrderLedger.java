package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.apache.camel.ExchangeProperty;

import io.tevoroutes.desk.model.TevoOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the desk has done with each order (table desk_order): ACCEPTING before an accept is sent, then ACCEPTED;
 * REJECTING, REJECTED; ENDED when the order left the broker's hands. The ledger is what makes an accept happen once:
 * an order found ACCEPTING is re-read from TEvo before anything is sent again.
 */
@ApplicationScoped
@Named("orderLedger")
public class OrderLedger {

    @Inject
    StateDatabase db;

    @Inject
    Reservations reservations;

    @Inject
    Claims claims;

    @Inject
    OwedEtickets owedEtickets;
    @Inject
    OrderTraces orderTraces;

    /** What the desk has done with an order (ACCEPTING, ACCEPTED, REJECTING, REJECTED, ENDED); null: nothing yet. */
    public String status(@ExchangeProperty("tevoOrderId") Long orderId) {
        if (orderId == null) {
            return null;
        }
        return db.query("select status from desk_order where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> rs.next() ? rs.getString(1) : null);
    }

    /**
     * The order is sold: recorded as ACCEPTED and, in the same transaction, its claim given back (nothing can decide it
     * again once ACCEPTED is stored; one write fewer per order than releasing it at the end of the evaluation). Its
     * e-ticket items are recorded as owed in the same transaction (see {@link OwedEtickets}): from the order as TEvo
     * returned it (tevoRealOrder), or as the desk read it before (tevoOrder) when that answer has no items.
     */
    public void markAccepted(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("tevoRealOrder") Object realOrder,
            @ExchangeProperty("tevoOrder") Object readBefore) {
        String key = Claims.orderKey(orderId);
        TevoOrder before = readBefore instanceof TevoOrder o ? o : null;
        String trace = orderTraces.current();
        boolean released = reservations.locked("record order " + orderId + " as ACCEPTED", c -> {
            setStatus(c, orderId, "ACCEPTED");
            orderTraces.recordIn(c, orderId, trace);
            owedEtickets.recordIn(c, orderId, realOrder, before, Instant.now());
            return claims.releaseIn(c, key);
        }, null);
        if (released) {
            claims.forget(key);
        }
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

    /** onlyWhileClaimed: before a write to TEvo, recorded only while this desk still holds the order's claim. */
    private void update(Long orderId, String status, boolean releaseReservations, boolean onlyWhileClaimed) {
        reservations.locked("record order " + orderId + " as " + status, c -> {
            if (onlyWhileClaimed && !claims.stillHolds(c, Claims.orderKey(orderId))) {
                throw new ClaimLostException(orderId);
            }
            setStatus(c, orderId, status);
            if (releaseReservations) {
                reservations.release(c, orderId);
            }
            return null;
        }, null);
    }

    static void setStatus(Connection c, Long orderId, String status) throws SQLException {
        // one statement, insert or update (H2's MERGE; PostgreSQL's insert ... on conflict)
        boolean postgresql = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (PreparedStatement ps = c.prepareStatement(postgresql
                ? "insert into desk_order (order_id, status, updated_at) values (?, ?, ?) on conflict (order_id)"
                        + " do update set status = excluded.status, updated_at = excluded.updated_at"
                : "merge into desk_order (order_id, status, updated_at) key (order_id) values (?, ?, ?)")) {
            ps.setLong(1, orderId);
            ps.setString(2, status);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }
}
