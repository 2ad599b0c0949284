package io.tevoroutes.desk.inventory;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the broker's inventory says of one TicketID: tickets on hand, the floor price per ticket, and whether
 * e-tickets are available. Price may be null: no floor.
 */
@RegisterForReflection
public record InventoryRecord(String ticketId, int quantity, BigDecimal price, boolean eticket) {
}
