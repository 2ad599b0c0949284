package io.tevoroutes.desk.state;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.api.TevoClient;
import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The broker's own reference on an accepted order (table order_reference): po_number and/or invoice_number taken from
 * the sold items' inventory rows (the columns order-reference.po-number-column, order-reference.invoice-number-column),
 * written onto the TEvo order once with PUT /v9/orders/:id; a failed PUT is tried again on a schedule, doubling the wait,
 * up to order-reference.max-attempts.
 */
@ApplicationScoped
@Named("orderReferences")
public class OrderReferences {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.references");

    @Inject
    StateDatabase db;
    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "order-reference.enabled", defaultValue = "false")
    boolean enabled;
    @ConfigProperty(name = "order-reference.po-number-column")
    Optional<String> poColumn;
    @ConfigProperty(name = "order-reference.invoice-number-column")
    Optional<String> invoiceColumn;
    @ConfigProperty(name = "order-reference.retry-delay", defaultValue = "1m")
    Duration retryDelay;
    @ConfigProperty(name = "order-reference.max-attempts", defaultValue = "8")
    int maxAttempts;

    /**
     * The references of an accepted order, from its items' inventory rows (distinct values, comma-separated, at most 200
     * characters): sets referencePoNumber and referenceInvoiceNumber. True when there is one to write (and
     * order-reference.enabled).
     */
    public boolean values(@ExchangeProperty("tevoDecision") OrderDecision decision, Exchange exchange) {
        String po = enabled ? column(decision, poColumn) : null;
        String invoice = enabled ? column(decision, invoiceColumn) : null;
        exchange.setProperty("referencePoNumber", po);
        exchange.setProperty("referenceInvoiceNumber", invoice);
        exchange.setProperty("referenceText", text(po, invoice));
        return po != null || invoice != null;
    }

    private static String column(OrderDecision decision, Optional<String> column) {
        if (decision == null || column.isEmpty() || column.get().isBlank()) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (ItemVerdict v : decision.items()) {
            Object value = v.stock() == null ? null : v.stock().columns().get(column.get().strip());
            String s = value == null ? null : value.toString().strip();
            if (s != null && !s.isEmpty() && !"null".equalsIgnoreCase(s)) {
                values.add(s);
            }
        }
        String joined = String.join(",", values);
        return joined.isEmpty() ? null : joined.length() > 200 ? joined.substring(0, 200) : joined;
    }

    /** How long a first PUT is left to finish before the retries may send it again. */
    static final Duration IN_FLIGHT = Duration.ofMinutes(5);

    /** "po_number X, invoice_number Y", for the log: what is written. */
    static String text(String po, String invoice) {
        return ((po == null ? "" : "po_number " + LogSafe.text(po)) + (po != null && invoice != null ? ", " : "")
                + (invoice == null ? "" : "invoice_number " + LogSafe.text(invoice)));
    }

    /** Recorded PENDING before the PUT; false when the order has a reference recorded already (once per order). */
    public boolean record(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("referencePoNumber") String po,
            @ExchangeProperty("referenceInvoiceNumber") String invoice) {
        return db.transaction("record the reference of order " + orderId, c -> {
            try (PreparedStatement exists = c.prepareStatement("select 1 from order_reference where order_id = ?")) {
                exists.setLong(1, orderId);
                try (var rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            // next_attempt_at: a desk stopped before the answer leaves the row to the retries, after a while
            try (PreparedStatement ps = c.prepareStatement("insert into order_reference (order_id, po_number, invoice_number, status,"
                    + " next_attempt_at, updated_at) values (?, ?, ?, 'PENDING', ?, ?)")) {
                ps.setLong(1, orderId);
                ps.setString(2, po);
                ps.setString(3, invoice);
                ps.setTimestamp(4, Timestamp.from(Instant.now().plus(IN_FLIGHT)));
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** PUT /v9/orders/:id with po_number and/or invoice_number (only those configured and found). */
    public void request(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("referencePoNumber") String po,
            @ExchangeProperty("referenceInvoiceNumber") String invoice, Exchange exchange) {
        ObjectNode body = mapper.createObjectNode();
        if (po != null) {
            body.put("po_number", po);
        }
        if (invoice != null) {
            body.put("invoice_number", invoice);
        }
        exchange.setProperty(TevoClient.METHOD, "PUT");
        exchange.setProperty(TevoClient.PATH, "/orders/" + orderId);
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody(body.toString());
    }

    public void done(@ExchangeProperty("tevoOrderId") Long orderId) {
        db.execute("update order_reference set status = 'DONE', last_error = null, next_attempt_at = null, updated_at = ? where order_id = ?",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setLong(2, orderId);
                });
    }

    /** The PUT failed: tried again after retry-delay, doubling, or given up (FAILED) after max-attempts. Sets referenceRetryAt. */
    public void failed(@ExchangeProperty("tevoOrderId") Long orderId, Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = e == null ? "unknown" : LogSafe.text(e.getMessage());
        Integer attempts = db.query("select attempts from order_reference where order_id = ?", ps -> ps.setLong(1, orderId),
                rs -> rs.next() ? rs.getInt(1) : 0) + 1;
        boolean giveUp = attempts >= maxAttempts;
        Instant next = Instant.now().plus(retryDelay.multipliedBy(1L << Math.min(attempts - 1, 16)));
        db.execute("update order_reference set status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? where order_id = ?",
                ps -> {
                    ps.setString(1, giveUp ? "FAILED" : "PENDING");
                    ps.setInt(2, attempts);
                    ps.setTimestamp(3, giveUp ? null : Timestamp.from(next));
                    ps.setString(4, error.length() > 2000 ? error.substring(0, 2000) : error);
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.setLong(6, orderId);
                });
        exchange.setProperty("referenceRetryAt", giveUp ? "never (gave up after " + attempts + " tries)" : next.toString());
        if (giveUp) {
            LOG.errorf("gave up writing the reference of order %d to TEvo after %d tries: %s", orderId, attempts, error);
        }
    }

    /** References due for another try: each a map of tevoOrderId, referencePoNumber, referenceInvoiceNumber. */
    public List<Map<String, Object>> due() {
        return db.query("select order_id, po_number, invoice_number from order_reference where status = 'PENDING'"
                + " and next_attempt_at <= ? order by next_attempt_at fetch first 100 rows only",
                ps -> ps.setTimestamp(1, Timestamp.from(Instant.now())), rs -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("tevoOrderId", rs.getLong(1));
                        m.put("referencePoNumber", rs.getString(2));
                        m.put("referenceInvoiceNumber", rs.getString(3));
                        m.put("referenceText", text(rs.getString(2), rs.getString(3)));
                        out.add(m);
                    }
                    return out;
                });
    }
}
