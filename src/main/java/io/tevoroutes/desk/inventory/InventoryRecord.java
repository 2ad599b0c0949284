package io.tevoroutes.desk.inventory;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the broker's inventory says of one TicketID: tickets on hand, the floor price per ticket, and whether
 * e-tickets are available. A TicketID whose row cannot be used (a quantity or price that is not a number of at least
 * 0, no price, the TicketID listed twice) has a problem instead: an order for it is held, naming the row, rather than
 * decided on a guess.
 */
@RegisterForReflection
public record InventoryRecord(String ticketId, int quantity, BigDecimal price, boolean eticket, String problem) {

    public InventoryRecord(String ticketId, int quantity, BigDecimal price, boolean eticket) {
        this(ticketId, quantity, price, eticket, null);
    }

    /** The TicketID is in the inventory, but its row cannot be used. */
    public static InventoryRecord unusable(String ticketId, String problem) {
        return new InventoryRecord(ticketId, 0, null, false, problem);
    }

    public boolean isUsable() {
        return problem == null;
    }
}
