package io.tevoroutes.desk.rules;

import java.util.ArrayList;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import io.tevoroutes.desk.decision.DecisionPolicy;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Reservations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the decision rules read (routes/decision-rules.camel.yaml lists it): exchange properties set before the rules
 * run, each a plain value or a read-only map, so that a rule is a {@code simple} predicate and nothing else. Reading
 * them changes nothing.
 */
@ApplicationScoped
@Named("ruleFacts")
public class RuleFacts {

    public static final String ORDER = "order";
    public static final String ITEM = "item";

    @Inject
    Reservations state;

    /** Tickets of a TicketID promised to orders the desk accepted, given what the inventory has on hand. */
    @FunctionalInterface
    public interface ReservedTickets {
        int reserved(String ticketId, int onHand);
    }

    private ReservedTickets reservations;

    /** Outside the desk (a route test): facts with the reservations given. */
    public static RuleFacts with(ReservedTickets reservations) {
        RuleFacts facts = new RuleFacts();
        facts.reservations = reservations;
        return facts;
    }

    /** Before the order rules: {@code order} (every field of the order) and an empty list of findings. */
    public void order(@ExchangeProperty("tevoOrder") TevoOrder order, Exchange exchange) {
        exchange.setProperty(ORDER, order == null ? null : order.getFields());
        exchange.setProperty(DecisionPolicy.ORDER_FINDINGS, new ArrayList<>());
    }

    /** Before the item rules: the item, its TicketID, quantity and price, its inventory row and what is left of it. */
    public void item(@ExchangeProperty("tevoItem") TevoOrder.Item item, @Body InventoryRecord stock, Exchange exchange) {
        int quantity = item.quantityOrZero();
        exchange.setProperty(ITEM, item.getFields());
        exchange.setProperty("ticketId", item.getRemoteId());
        exchange.setProperty("quantity", quantity);
        exchange.setProperty("price", item.price);
        boolean known = stock != null && stock.isUsable();
        exchange.setProperty("stock", known ? stock.columns() : null);
        exchange.setProperty("onHand", known ? stock.quantity() : null);
        exchange.setProperty("floorPrice", known ? stock.price() : null);
        exchange.setProperty("etickets", known ? stock.eticket() : null);
        Integer reserved = null;
        Integer available = null;
        Integer shortBy = null;
        if (known) {
            reserved = reservations != null ? reservations.reserved(item.getRemoteId(), stock.quantity())
                    : state.reservedQuantity(item.getRemoteId(), stock.quantity());
            available = Math.max(0, stock.quantity() - reserved);
            shortBy = Math.max(0, quantity - available);
        }
        exchange.setProperty("reserved", reserved);
        exchange.setProperty("available", available);
        exchange.setProperty("shortBy", shortBy);
    }

    /** The names of the properties above, for the start's check of every rule. */
    public static final java.util.List<String> ITEM_FACTS = java.util.List.of(ORDER, ITEM, "ticketId", "quantity", "price", "stock",
            "onHand", "floorPrice", "etickets", "reserved", "available", "shortBy");
    public static final java.util.List<String> ORDER_FACTS = java.util.List.of(ORDER);
}
