package io.tevoroutes.desk.eticket;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;

import io.tevoroutes.desk.api.TevoClient;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** What follows an accepted order: completing it once its e-tickets are delivered, and telling shipping. */
@ApplicationScoped
@Named("orderFollowUp")
public class OrderFollowUp {

    @Inject
    OrderParser parser;
    @Inject
    Deliveries deliveries;

    /**
     * True when the re-read order (body) is still accepted and every one of its e-ticket items is delivered by the desk:
     * then it is completed (TEvo usually completes it by itself; a completed order is left alone).
     */
    public boolean readyToComplete(Exchange exchange) {
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        if (order.parseError != null || !"accepted".equals(lower(order.state))) {
            return false;
        }
        List<TevoOrder.Item> etickets = order.getItems().stream().filter(TevoOrder.Item::needsEtickets).toList();
        return !etickets.isEmpty() && order.getItems().size() == etickets.size()
                && etickets.stream().allMatch(i -> "DELIVERED".equals(deliveries.status(order.id, i.id)));
    }

    /** POST /v9/orders/:id/complete, no body. */
    public void completeRequest(Exchange exchange) {
        exchange.setProperty(TevoClient.METHOD, "POST");
        exchange.setProperty(TevoClient.PATH, "/orders/" + exchange.getProperty("tevoOrderId") + "/complete");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody("");
    }

    /**
     * For an accepted order (body, as TEvo returned it): the email for shipping when some items are not e-tickets, or
     * null. Sets exchange properties notifyKey and notifySubject.
     */
    public String shippingNotice(Exchange exchange) {
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        List<TevoOrder.Item> physical = order.getItems().stream().filter(i -> !i.needsEtickets()).toList();
        if (order.parseError != null || order.id == null || physical.isEmpty()) {
            return null;
        }
        exchange.setProperty("tevoOrderId", order.id);
        exchange.setProperty("notifyKey", "shipping|" + order.id);
        exchange.setProperty("notifySubject", "TEvo order " + order.id + " accepted: " + physical.size()
                + " item(s) to ship");
        String shipments = order.shipments == null || order.shipments.isEmpty() ? "not given"
                : order.shipments.stream().map(s -> s.type).collect(Collectors.joining(", "));
        StringBuilder b = new StringBuilder();
        b.append("The order desk accepted TEvo order ").append(order.id).append(order.oid == null ? "" : " (" + order.oid + ")")
                .append(". These items are not e-tickets and must be shipped or handed over:\n\n");
        physical.forEach(i -> {
            TevoOrder.TicketGroup tg = i.ticketGroup;
            b.append("  - item ").append(i.id).append(": ").append(i.quantityOrZero()).append(" ticket(s), TicketID ")
                    .append(i.getRemoteId());
            if (tg != null) {
                b.append(", section ").append(tg.section).append(", row ").append(tg.row);
                if (tg.seats != null && !tg.seats.isEmpty()) {
                    b.append(", seats ").append(String.join(", ", tg.seats));
                }
            }
            b.append('\n');
        });
        b.append("\nEvent: ").append(order.eventSummary()).append('\n');
        b.append("Delivery: ").append(shipments).append('\n');
        b.append("Ship to: ").append(order.shippingAddress == null ? "no address on the order" : order.shippingAddress.describe())
                .append('\n');
        if (order.instructions != null && !order.instructions.isBlank()) {
            b.append("Instructions: ").append(order.instructions).append('\n');
        }
        return b.toString();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
