package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where an order's trace goes on after its run: when an order is recorded ACCEPTED, the span it was accepted in is
 * kept with it (desk_order.trace_parent, a W3C traceparent); a PDF delivered for it later, from an inbox, continues
 * that trace (observe.OrderTraceOfFile). Only while traces are exported: with tracing off nothing is written or read.
 */
@ApplicationScoped
public class OrderTraces {

    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true")
    boolean disabled;
    @Inject
    StateDatabase db;

    public boolean on() {
        return !disabled;
    }

    /** The current span as a W3C traceparent, to be kept (null: tracing off, or no span on this thread). */
    public String current() {
        if (disabled) {
            return null;
        }
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex() : null;
    }

    /**
     * In the transaction that records the order ACCEPTED (which may run on the state store's writer thread, where no
     * span is current: the caller takes {@link #current()} first).
     */
    public void recordIn(Connection c, long orderId, String traceParent) throws SQLException {
        if (traceParent == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update desk_order set trace_parent = ? where order_id = ?")) {
            ps.setString(1, traceParent);
            ps.setLong(2, orderId);
            ps.executeUpdate();
        }
    }

    /** The trace the order was accepted in (null: none kept, or tracing off). */
    public String traceParentOf(long orderId) {
        if (disabled) {
            return null;
        }
        return db.query("select trace_parent from desk_order where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> rs.next() ? rs.getString(1) : null);
    }
}
