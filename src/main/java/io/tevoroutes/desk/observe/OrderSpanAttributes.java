package io.tevoroutes.desk.observe;

import org.jboss.logging.MDC;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

/**
 * Every span started while a thread works on an order ({@link OrderContext}) carries the order's id and order group:
 * a trace can be found by {@code tevo.order.id} in any tracing tool, and each span (a TEvo call, a rule, a delivery)
 * says which order it served. Quarkus adds every SpanProcessor bean to the OpenTelemetry SDK.
 */
@Singleton
public class OrderSpanAttributes implements SpanProcessor {

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        Object order = MDC.get(OrderContext.ORDER_ID);
        if (order != null) {
            span.setAttribute(OrderContext.ORDER_ID_ATTRIBUTE, order.toString());
        }
        Object group = MDC.get(OrderContext.ORDER_GROUP_ID);
        if (group != null) {
            span.setAttribute(OrderContext.ORDER_GROUP_ATTRIBUTE, group.toString());
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
