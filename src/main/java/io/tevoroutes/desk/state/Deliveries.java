package io.tevoroutes.desk.state;

import java.sql.Timestamp;
import java.time.Instant;

import org.apache.camel.ExchangeProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The e-ticket delivery ledger: an item is claimed (DELIVERING) before the API call and never delivered twice. */
@ApplicationScoped
@Named("deliveries")
public class Deliveries {

    @Inject
    StateDatabase store;

    @Inject
    Claims claims;

    public String status(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        return store.query("select status from eticket_delivery where order_id = ? and item_id = ?", ps -> {
            ps.setLong(1, orderId);
            ps.setLong(2, itemId);
        }, rs -> rs.next() ? rs.getString(1) : null);
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "etickets.delivery.retry.max-attempts", defaultValue = "6")
    int maxAttempts;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "etickets.delivery.retry.initial-delay", defaultValue = "1m")
    String initialDelayText;

    /** etickets.delivery.retry.initial-delay, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration initialDelay() {
        return io.tevoroutes.desk.config.Durations.parse("etickets.delivery.retry.initial-delay", initialDelayText);
    }

    /**
     * True when a delivery of the item was started (DELIVERING) and never finished, and no desk is working on it (no
     * live claim of the item): the desk delivering it was stopped or died mid-call.
     */
    public boolean unfinished(Long orderId, Long itemId) {
        return "DELIVERING".equals(status(orderId, itemId)) && !claims.busy(Claims.itemKey(orderId, itemId));
    }

    /** An unfinished delivery a person is told about: nothing is sent by itself any more; a dropped file may retry it. */
    public void givenToAPerson(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId,
            @ExchangeProperty("eticketProblem") String problem) {
        set(orderId, itemId, "FAILED", problem);
    }

    /** True when an earlier try of this item reached the API (it may have left pages behind). */
    public boolean attempted(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        Integer attempts = store.query("select attempts from eticket_delivery where order_id = ? and item_id = ?", ps -> {
            ps.setLong(1, orderId);
            ps.setLong(2, itemId);
        }, rs -> rs.next() ? rs.getInt(1) : 0);
        return attempts != null && attempts > 0;
    }

    /** True while the item waits for its next scheduled try. */
    public boolean waitingForRetry(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        return Boolean.TRUE.equals(store.query(
                "select 1 from eticket_delivery where order_id = ? and item_id = ? and status = 'RETRY' and next_attempt_at > ?", ps -> {
                    ps.setLong(1, orderId);
                    ps.setLong(2, itemId);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                }, rs -> rs.next()));
    }

    /**
     * After a failed delivery call: RETRY (scheduled with doubling delays) when TEvo certainly did not take it and tries
     * are left; FAILED otherwise (nothing is sent again by itself). Sets exchange property eticketRetryAt for RETRY, and
     * eticketMayBeApplied when TEvo may have applied (or refused) the call: the order is then re-read to learn which.
     */
    public String afterFailure(org.apache.camel.Exchange exchange) {
        Long orderId = exchange.getProperty("tevoOrderId", Long.class);
        Long itemId = exchange.getProperty("eticketItemId", Long.class);
        Exception e = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
        String detail = exchange.getProperty("eticketProblem", String.class);
        int attempts = store.query("select attempts from eticket_delivery where order_id = ? and item_id = ?", ps -> {
            ps.setLong(1, orderId);
            ps.setLong(2, itemId);
        }, rs -> rs.next() ? rs.getInt(1) : 0) + 1;
        boolean notApplied = e instanceof io.tevoroutes.desk.api.TevoApiException api && api.isNotApplied();
        String status = notApplied && attempts < maxAttempts ? "RETRY" : "FAILED";
        Instant next = Instant.now().plus(initialDelay().multipliedBy(1L << Math.min(attempts - 1, 16)));
        store.execute("update eticket_delivery set status = ?, detail = ?, attempts = ?, next_attempt_at = ?, updated_at = ? "
                + "where order_id = ? and item_id = ?", ps -> {
                    ps.setString(1, status);
                    ps.setString(2, detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
                    ps.setInt(3, attempts);
                    ps.setTimestamp(4, "RETRY".equals(status) ? Timestamp.from(next) : null);
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.setLong(6, orderId);
                    ps.setLong(7, itemId);
                });
        exchange.setProperty("eticketRetryAt", next.toString());
        exchange.setProperty("eticketAttempts", attempts);
        // anything but "certainly not taken" (a 500, a reset, a timeout, a refusal): the order tells what happened
        exchange.setProperty("eticketMayBeApplied", !notApplied);
        if ("FAILED".equals(status) && notApplied) {
            exchange.setProperty("eticketProblem", detail + " (gave up after " + attempts + " tries)");
        }
        return status;
    }

    /**
     * Claim the item for delivery. False when it is delivered already, or a delivery of it may have reached TEvo
     * (DELIVERING left by a crash): a person must look before anything is sent again.
     */
    public boolean claim(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId,
            @org.apache.camel.Header("CamelFileNameOnly") String fileName, org.apache.camel.Exchange exchange) {
        String key = Claims.itemKey(orderId, itemId);
        if (!claims.claim(key)) {
            // this desk or another one is delivering the item right now: not a crash, nothing to tell anyone
            exchange.setProperty("eticketBusy", true);
            return false;
        }
        boolean claimed = false;
        try {
            claimed = record(orderId, itemId, fileName);
            return claimed;
        } finally {
            if (!claimed) {
                claims.release(key);
            }
        }
    }

    /** The item's claim is given back once its delivery ended, whichever way (a no-op when not held). */
    public void finished(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        if (orderId != null && itemId != null) {
            claims.release(Claims.itemKey(orderId, itemId));
        }
    }

    private boolean record(Long orderId, Long itemId, String fileName) {
        String status = status(orderId, itemId);
        if (status != null && !"FAILED".equals(status) && !"RETRY".equals(status)) {
            return false;
        }
        if (status == null) {
            store.execute("insert into eticket_delivery (order_id, item_id, status, file_name, updated_at) values (?, ?, 'DELIVERING', ?, ?)",
                    ps -> {
                        ps.setLong(1, orderId);
                        ps.setLong(2, itemId);
                        ps.setString(3, fileName);
                        ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    });
        } else {
            set(orderId, itemId, "DELIVERING", null);
        }
        return true;
    }

    public void delivered(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        set(orderId, itemId, "DELIVERED", null);
    }

    /**
     * TEvo shows the item's e-tickets (eticket_available): delivered, by an earlier try whose answer was lost or by a
     * person. Recorded so that nothing is ever sent for the item again.
     */
    public void foundInTevo(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId,
            @ExchangeProperty("eticketFile") String fileName) {
        String detail = "TEvo shows the e-tickets (eticket_available)";
        if (status(orderId, itemId) != null) {
            set(orderId, itemId, "DELIVERED", detail);
            return;
        }
        try {
            store.execute("insert into eticket_delivery (order_id, item_id, status, file_name, detail, updated_at) values (?, ?, 'DELIVERED', ?, ?, ?)",
                    ps -> {
                        ps.setLong(1, orderId);
                        ps.setLong(2, itemId);
                        ps.setString(3, fileName);
                        ps.setString(4, detail);
                        ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    });
        } catch (StateStoreException e) {
            if (!(e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23"))) {
                throw e;
            }
            set(orderId, itemId, "DELIVERED", detail); // recorded meanwhile by another desk (or route)
        }
    }

    private void set(Long orderId, Long itemId, String status, String detail) {
        store.execute("update eticket_delivery set status = ?, detail = ?, updated_at = ? where order_id = ? and item_id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, orderId);
            ps.setLong(5, itemId);
        });
    }
}
