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
    StateStore store;

    public String status(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId) {
        return store.query("select status from eticket_delivery where order_id = ? and item_id = ?", ps -> {
            ps.setLong(1, orderId);
            ps.setLong(2, itemId);
        }, rs -> rs.next() ? rs.getString(1) : null);
    }

    /**
     * Claim the item for delivery. False when it is delivered already, or a delivery of it may have reached TEvo
     * (DELIVERING left by a crash): a person must look before anything is sent again.
     */
    public synchronized boolean claim(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId,
            @org.apache.camel.Header("CamelFileNameOnly") String fileName) {
        String status = status(orderId, itemId);
        if (status != null && !"FAILED".equals(status)) {
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

    public void failed(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("eticketItemId") Long itemId,
            @ExchangeProperty("eticketProblem") String detail) {
        set(orderId, itemId, "FAILED", detail);
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
