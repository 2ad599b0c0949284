package io.tevoroutes.desk.observe;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The route policy {@code orderTrace} (routes/evaluate-order.camel.yaml): which trace an order's evaluation belongs to.
 * An order a webhook announced continues the webhook's trace (the POST, the re-read of its order group, then the
 * order: one trace from TEvo's call to the accept). Any other (the poll's listing, which queues many orders at once; a
 * person's "check again"; a takeover) is the root of a trace of its own, not a branch of the poll's: the trace context
 * the queued exchange carries (Camel's active span and the W3C {@code traceparent} / {@code tracestate} headers) is
 * dropped before the route's span begins. With tracing off it only removes headers nothing reads.
 * Reads the exchange property {@code webhookRerun} (set by routes/webhook.camel.yaml's re-read).
 */
@ApplicationScoped
@Named("orderTrace")
@Unremovable
public class OrderTrace extends RoutePolicySupport {

    /** Where Camel's tracer keeps an exchange's active span (camel-telemetry's SpanStorageManagerExchange). */
    static final String ACTIVE_SPAN = "tracing.activeSpan";

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (exchange.getProperty("webhookRerun") != null) {
            return;
        }
        exchange.removeProperty(ACTIVE_SPAN);
        exchange.getMessage().removeHeader("traceparent");
        exchange.getMessage().removeHeader("tracestate");
        exchange.getMessage().removeHeader("baggage");
    }
}
