package io.tevoroutes.desk.inventory;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the broker's inventory says of one TicketID: tickets on hand, the floor price per ticket, and whether
 * e-tickets are available. A TicketID whose row cannot be used (a quantity or price that is not a number of at least
 * 0, no price, the TicketID listed twice) has a problem instead: an order for it is held, naming the row, rather than
 * decided on a guess. {@code columns}: the whole row, extra columns included, for the decision rules.
 */
@RegisterForReflection
public record InventoryRecord(String ticketId, int quantity, BigDecimal price, boolean eticket, String problem,
        InventoryColumns columns) {

    public InventoryRecord(String ticketId, int quantity, BigDecimal price, boolean eticket) {
        this(ticketId, quantity, price, eticket, null, InventoryColumns.NONE);
    }

    /** The TicketID is in the inventory, but its row cannot be used. */
    public static InventoryRecord unusable(String ticketId, String problem) {
        return new InventoryRecord(ticketId, 0, null, false, problem, InventoryColumns.NONE);
    }

    /** The same record with every column of its row, for the decision rules. */
    public InventoryRecord withColumns(InventoryColumns row) {
        return new InventoryRecord(ticketId, quantity, price, eticket, problem, row == null ? InventoryColumns.NONE : row);
    }

    public boolean isUsable() {
        return problem == null;
    }

    private static final java.util.Set<String> TRUE = java.util.Set.of("true", "1", "yes", "y", "t");
    private static final java.util.Set<String> FALSE = java.util.Set.of("false", "0", "no", "n", "f", "");

    /** An e-ticket flag as inventories write it (true/false, 1/0, yes/no, y/n, t/f, empty); null when it is none of them. */
    public static Boolean flag(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        return TRUE.contains(v) ? Boolean.TRUE : FALSE.contains(v) ? Boolean.FALSE : null;
    }
}
