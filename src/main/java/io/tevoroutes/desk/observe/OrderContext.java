package io.tevoroutes.desk.observe;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.trace.Span;
import io.quarkus.arc.Unremovable;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Claims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The order an exchange works on, made visible to operations (routes call {@code orderContext.enter} where the order
 * is known): from that step until the exchange is done, every log line written on its thread carries the order id,
 * its TEvo order group and this desk's instance as MDC fields ({@value #ORDER_ID}, {@value #ORDER_GROUP_ID},
 * {@value #DESK}; fields of their own in JSON logs), and the current span and every span started after it carry
 * them as attributes ({@value #ORDER_ID_ATTRIBUTE}, {@value #ORDER_GROUP_ATTRIBUTE}, {@link OrderSpanAttributes}).
 *
 * <p>
 * Reads the exchange properties {@code tevoOrderId} (or {@code substitutionOrderId} for a purchase),
 * {@code tevoOrder} (the parsed order: its order group) and {@code tevoOrderGroupId} (a webhook's order group).
 * Sets nothing on the exchange; it only reads.
 */
@ApplicationScoped
@Named("orderContext")
@Unremovable
public class OrderContext {

    public static final String ORDER_ID = "orderId";
    public static final String ORDER_GROUP_ID = "orderGroupId";
    public static final String DESK = "deskInstance";
    public static final String ORDER_ID_ATTRIBUTE = "tevo.order.id";
    public static final String ORDER_GROUP_ATTRIBUTE = "tevo.order_group.id";
    public static final String DESK_ATTRIBUTE = "tevo.desk.instance";

    @Inject
    Claims claims;

    public void enter(Exchange exchange) {
        String orderId = text(exchange.getProperty("tevoOrderId"));
        if (orderId == null) {
            orderId = text(exchange.getProperty("substitutionOrderId"));
        }
        String group = text(exchange.getProperty("tevoOrderGroupId"));
        if (group == null && exchange.getProperty("tevoOrder") instanceof TevoOrder order && order.json != null) {
            group = groupOf(order.json);
        }
        put(ORDER_ID, orderId);
        put(ORDER_GROUP_ID, group);
        put(DESK, claims.owner());
        Span span = Span.current();
        if (orderId != null) {
            span.setAttribute(ORDER_ID_ATTRIBUTE, orderId);
        }
        if (group != null) {
            span.setAttribute(ORDER_GROUP_ATTRIBUTE, group);
        }
        span.setAttribute(DESK_ATTRIBUTE, claims.owner());
        if (!Boolean.TRUE.equals(exchange.getProperty(ENTERED))) {
            exchange.setProperty(ENTERED, true);
            exchange.getExchangeExtension().addOnCompletion(LEAVE);
        }
    }

    private static final String ENTERED = "tevoOrderContext";

    /** The log fields removed from the thread when the exchange that entered is done. */
    private static final SynchronizationAdapter LEAVE = new SynchronizationAdapter() {
        @Override
        public void onDone(Exchange exchange) {
            MDC.remove(ORDER_ID);
            MDC.remove(ORDER_GROUP_ID);
            MDC.remove(DESK);
        }
    };

    static String groupOf(JsonNode order) {
        JsonNode group = order.path("order_group_id");
        if (group.isMissingNode() || group.isNull()) {
            group = order.path("order_group").path("id");
        }
        return group.isNumber() || group.isTextual() && group.asText().matches("\\d{1,19}") ? group.asText() : null;
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
