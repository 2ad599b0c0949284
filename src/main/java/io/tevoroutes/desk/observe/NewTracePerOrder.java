package io.tevoroutes.desk.observe;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The route policy {@code newTracePerOrder} (routes/evaluate-order.camel.yaml): each order's evaluation is a trace of
 * its own, not a branch of the poll (or webhook) that queued it together with others. The trace context the queued
 * exchange carries (Camel's active span and the W3C {@code traceparent} / {@code tracestate} headers) is dropped
 * before the route's span begins, so that span is the root of the order's trace. With tracing off it only removes
 * headers nothing reads.
 */
@ApplicationScoped
@Named("newTracePerOrder")
@Unremovable
public class NewTracePerOrder extends RoutePolicySupport {

    /** Where Camel's tracer keeps an exchange's active span (camel-telemetry's SpanStorageManagerExchange). */
    static final String ACTIVE_SPAN = "tracing.activeSpan";

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        exchange.removeProperty(ACTIVE_SPAN);
        exchange.getMessage().removeHeader("traceparent");
        exchange.getMessage().removeHeader("tracestate");
        exchange.getMessage().removeHeader("baggage");
    }
}
