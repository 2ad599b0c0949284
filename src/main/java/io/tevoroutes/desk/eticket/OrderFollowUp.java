package io.tevoroutes.desk.eticket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;

import io.tevoroutes.desk.api.TevoClient;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.LogSafe;
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
     * For an accepted order (body, as TEvo returned it): what shipping needs to know when some items are not e-tickets.
     * Sets exchange property shipping (the data of the template shipping in emails/: orderId, oid, items with id,
     * quantity, ticketId, hasGroup, section, row, seats; event, delivery, shipTo, instructions; every value from outside
     * escaped) and notifyKey; shipping is null when every item is an e-ticket.
     */
    public void shipping(Exchange exchange) {
        exchange.setProperty("shipping", null);
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        List<TevoOrder.Item> physical = order.getItems().stream().filter(i -> !i.needsEtickets()).toList();
        if (order.parseError != null || order.id == null || physical.isEmpty()) {
            return;
        }
        exchange.setProperty("tevoOrderId", order.id);
        exchange.setProperty("notifyKey", "shipping|" + order.id);
        Map<String, Object> shipping = new LinkedHashMap<>();
        shipping.put("orderId", order.id);
        shipping.put("oid", order.oid == null ? null : LogSafe.quote(order.oid, 60));
        shipping.put("items", physical.stream().map(i -> {
            TevoOrder.TicketGroup tg = i.ticketGroup;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i.id);
            item.put("quantity", i.quantityOrZero());
            item.put("ticketId", LogSafe.text(i.getRemoteId()));
            item.put("hasGroup", tg != null);
            item.put("section", tg == null ? null : LogSafe.text(tg.section));
            item.put("row", tg == null ? null : LogSafe.text(tg.row));
            item.put("seats", tg == null || tg.seats == null || tg.seats.isEmpty() ? null : LogSafe.text(String.join(", ", tg.seats)));
            return item;
        }).toList());
        shipping.put("event", order.eventSummary());
        shipping.put("delivery", order.shipments == null || order.shipments.isEmpty() ? "not given"
                : LogSafe.text(order.shipments.stream().map(s -> s.type).collect(Collectors.joining(", "))));
        shipping.put("shipTo", order.shippingAddress == null ? "no address on the order" : order.shippingAddress.describe());
        shipping.put("instructions", order.instructions == null || order.instructions.isBlank() ? null : LogSafe.text(order.instructions));
        exchange.setProperty("shipping", shipping);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
