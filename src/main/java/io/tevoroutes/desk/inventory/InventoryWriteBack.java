package io.tevoroutes.desk.inventory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What an accept writes back to the broker's inventory (inventory.sql.on-accept) and how a reservation that ends
 * without a sale undoes it (inventory.sql.on-release). Called by the state store inside the reservation's own
 * transaction: when the inventory tables live in the state database the write-back is part of that transaction;
 * otherwise it commits in the inventory database just before the reservation commits, and is undone if the
 * reservation cannot be stored.
 */
public interface InventoryWriteBack {

    /** True when accepts write back (inventory.source=sql and inventory.sql.on-accept set). */
    boolean enabled();

    /** Tickets sold by an order about to be accepted, per TicketID. Throws: the reservation is rolled back. */
    void sold(Connection stateTransaction, long orderId, Map<String, Integer> quantities) throws SQLException;

    /**
     * The reservation could not be committed after sold(): where the write-back committed on its own (another
     * database), undo it; in the state database it was rolled back with the reservation.
     */
    void reservationNotStored(long orderId, Map<String, Integer> quantities);

    /** The order's tickets were not sold after all (accept failed, order canceled or rejected): undo. */
    void released(Connection stateTransaction, long orderId, Map<String, Integer> quantities) throws SQLException;
}
