package io.tevoroutes.desk.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Startup;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.HeldOrders;
import io.tevoroutes.desk.state.MailOutbox;
import io.tevoroutes.desk.state.OwedEtickets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The desk's service-level indicators, on /q/metrics (Prometheus names in the README, "Metrics"; the alert rules and
 * the Grafana dashboard in deploy/observability use them):
 * <ul>
 * <li>{@code tevo_order_decision_seconds{outcome}}: from the order's creation at TEvo ({@code created_at}) to the
 * desk's first decision of that outcome (ACCEPT, REJECT, HOLD), a histogram;</li>
 * <li>{@code tevo_order_accept_seconds}: from its creation to TEvo confirming the accept (by the desk or a person);</li>
 * <li>gauges read from the state store (at most every 10 s): orders held for a person and the oldest one's wait,
 * e-tickets owed (in all, past {@code etickets.owed.late-after}, event within 24 h), emails waiting in the outbox;</li>
 * <li>{@code tevo_outage{neighbour}}: 1 while TEvo, the inventory, the mail server, the state store or an e-ticket
 * inbox cannot be reached, else 0.</li>
 * </ul>
 * The two histogram steps are {@code deskMetrics.decided} (routes/evaluate-order.camel.yaml, record-decision) and
 * {@code deskMetrics.accepted} (routes/accept-order.camel.yaml, order-accepted); they only read.
 */
@ApplicationScoped
@Named("deskMetrics")
@Unremovable
@Startup
public class DeskMetrics {

    private static final Logger LOG = Logger.getLogger(DeskMetrics.class);
    /** Buckets (seconds) a broker's targets fall on: TEvo expects a decision within minutes. */
    static final Duration[] BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(4) };
    static final Duration REFRESH = Duration.ofSeconds(10);

    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper mapper;
    @Inject
    HeldOrders held;
    @Inject
    OwedEtickets owed;
    @Inject
    MailOutbox outbox;
    @Inject
    Outages outages;
    @ConfigProperty(name = "etickets.owed.late-after")
    Duration lateAfter;
    @ConfigProperty(name = "console.held.seen-within", defaultValue = "1h")
    Duration heldSeenWithin;

    private Timer accept;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** What the state store says, read at most every {@link #REFRESH} (scrapes of several Prometheus replicas). */
    record Snapshot(Instant at, double held, double heldOldestSeconds, double owed, double owedLate, double owedEventSoon,
            double outboxWaiting) {
    }

    @PostConstruct
    void register() {
        // TEvo's failures by status (0: no connection), known from the start at 0
        registry.counter("tevo.api.errors", "status", "0");
        accept = latency("tevo.order.accept", "From the order's creation at TEvo to TEvo confirming its accept").register(registry);
        gauge("tevo.orders.held.waiting", "Orders held for a person now (pending in TEvo, checked within console.held.seen-within)", Snapshot::held);
        gauge("tevo.orders.held.oldest.seconds", "How long the oldest held order has waited for a person", Snapshot::heldOldestSeconds);
        gauge("tevo.etickets.owed", "E-ticket items of accepted orders TEvo has no PDF for yet", Snapshot::owed);
        gauge("tevo.etickets.owed.late", "E-ticket items owed longer than etickets.owed.late-after after the accept", Snapshot::owedLate);
        gauge("tevo.etickets.owed.event.soon", "E-ticket items owed for events within 24 hours (or past)", Snapshot::owedEventSoon);
        gauge("tevo.outbox.waiting", "Emails waiting in the outbox (the mail server refused them; retried)", Snapshot::outboxWaiting);
        Outages.NEIGHBOURS.forEach(this::outage);
    }

    /** A decision recorded (the first of its outcome for the order): its time since the order's creation. */
    public void decided(@ExchangeProperty("tevoOrder") TevoOrder order, @org.apache.camel.Body io.tevoroutes.desk.decision.OrderDecision decision) {
        Duration since = since(order == null ? null : order.createdAt);
        if (since != null && decision != null) {
            latency("tevo.order.decision", "From the order's creation at TEvo to the desk's decision").tag("outcome", decision.getOutcome())
                    .register(registry).record(since);
        }
    }

    /** TEvo confirmed the accept: its time since the order's creation (from the order as TEvo returned it). */
    public void accepted(@ExchangeProperty("tevoOrder") TevoOrder order, @ExchangeProperty("tevoRealOrder") String realOrder) {
        String created = order != null ? order.createdAt : null;
        if (created == null && realOrder != null) {
            try {
                JsonNode node = mapper.readTree(realOrder);
                created = node.path("created_at").asText(null);
            } catch (Exception e) {
                LOG.debugf("accept latency not recorded: the order's JSON cannot be read (%s)", e.getMessage());
            }
        }
        Duration since = since(created);
        if (since != null) {
            accept.record(since);
        }
    }

    static Duration since(String createdAt) {
        if (createdAt == null || createdAt.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.between(OffsetDateTime.parse(createdAt.trim()).toInstant(), Instant.now());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(4));
    }

    private void gauge(String name, String description, java.util.function.ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.current())).description(description).register(registry);
    }

    /** 1 while the console's Now page shows an outage of this neighbour ({@link Outages}), else 0. */
    private void outage(String neighbour) {
        // the gauge keeps its state object weakly: this bean (it lives as long as the desk), not a lambda
        Gauge.builder("tevo.outage", this, m -> m.outagesNow().stream().anyMatch(o -> o.neighbour().equals(neighbour)) ? 1 : 0)
                .tag("neighbour", neighbour)
                .description("1 while the desk cannot reach this neighbour, else 0").register(registry);
    }

    private volatile List<Outages.Outage> outagesNow = List.of();
    private volatile Instant outagesAt = Instant.EPOCH;

    /** The outages, read once per scrape (each neighbour's gauge asks within the same moment). */
    synchronized List<Outages.Outage> outagesNow() {
        Instant now = Instant.now();
        if (Duration.between(outagesAt, now).toMillis() >= 250) {
            outagesNow = outages.now();
            outagesAt = now;
        }
        return outagesNow;
    }

    synchronized Snapshot current() {
        Instant now = Instant.now();
        if (Duration.between(snapshot.at(), now).compareTo(REFRESH) < 0) {
            return snapshot;
        }
        try {
            HeldOrders.Waiting waiting = held.waiting(heldSeenWithin);
            double oldest = waiting.oldest() == null ? 0 : Duration.between(waiting.oldest(), now).toSeconds();
            OwedEtickets.Summary s = owed.summary(Duration.ofHours(24), lateAfter);
            snapshot = new Snapshot(now, waiting.count(), oldest, s.total(), s.late(), s.eventSoon(), outbox.pendingCount());
        } catch (RuntimeException e) {
            // the state store cannot answer (tevo_outage{neighbour="state-store"} says so): no figure rather than a stale one
            snapshot = new Snapshot(now, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return snapshot;
    }
}
