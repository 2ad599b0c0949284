package io.tevoroutes.desk.api;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tevoroutes.desk.config.DeskConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * How many TEvo calls the desk has in flight, found by itself (additive increase, multiplicative decrease, as TCP does
 * with its window): while TEvo answers, and the calls use the limit, it grows by one per limit's worth of answers; an
 * answer 429 (Too Many Requests) or 503 (Unavailable), or no answer at all, cuts it by a fifth, once per round of calls
 * (the calls sent before the cut, answering 429 together, cut it once). It starts at tevo.api.concurrency.initial and
 * stays between 1 and tevo.api.concurrency.max, so the desk settles just under the number of calls TEvo takes at once.
 * The throttled calls themselves are retried by routes/tevo-api.camel.yaml (backoff, Retry-After), so no order fails
 * for it. Gauges: tevo_api_concurrency_limit, tevo_api_in_flight.
 *
 * <p>
 * Used by routes/tevo-api.camel.yaml around each attempt: {@link #acquire} waits for a free call, {@link #release} gives
 * it back with the answer's status.
 */
@ApplicationScoped
@Named("tevoConcurrency")
public class TevoConcurrency {

    private static final Logger LOG = Logger.getLogger(TevoConcurrency.class);
    /** Exchange property: the call's number, when it took a slot (release gives the slot back once). */
    static final String SLOT = "tevoCallSlot";
    static final double BACKOFF = 0.8;

    @Inject
    DeskConfig config;

    @Inject
    MeterRegistry registry;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();
    private double limit;
    private int max;
    private int inFlight;
    private long calls;
    /** Calls numbered above this one were sent after the last cut: only they may cut again. */
    private long lastCutAt = -1;

    @PostConstruct
    void start() {
        bounds(config.api().concurrency().initial(), config.api().concurrency().max());
        Gauge.builder("tevo.api.concurrency.limit", this, TevoConcurrency::limit).description("TEvo calls the desk allows in flight now")
                .register(registry);
        Gauge.builder("tevo.api.in.flight", this, TevoConcurrency::inFlight).description("TEvo calls in flight").register(registry);
    }

    /** Where the limit starts, and its bound. */
    void bounds(int initial, int max) {
        this.max = Math.max(1, max);
        this.limit = Math.max(1, Math.min(this.max, initial));
    }

    /** Waits until fewer calls than the limit are in flight, then counts this one. */
    public void acquire(Exchange exchange) throws InterruptedException {
        lock.lock();
        try {
            while (inFlight >= (int) limit) {
                free.await();
            }
            inFlight++;
            exchange.setProperty(SLOT, ++calls);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The call is over: status is TEvo's answer (null: none, the connection failed or timed out). Sets nothing; gives the
     * slot back at most once per acquire.
     */
    public void release(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @ExchangeProperty(SLOT) Long slot, Exchange exchange) {
        if (slot == null) {
            return;
        }
        exchange.removeProperty(SLOT);
        lock.lock();
        try {
            boolean saturated = inFlight >= (int) limit;
            inFlight--;
            if (status == null || status == 429 || status == 503) {
                if (slot > lastCutAt) {
                    double before = limit;
                    limit = Math.max(1, limit * BACKOFF);
                    lastCutAt = calls;
                    LOG.debugf("TEvo answered %s: calls in flight limited to %d (was %d)", status == null ? "nothing" : status, (int) limit,
                            (int) before);
                }
            } else if (saturated && limit < max) {
                limit = Math.min(max, limit + 1 / limit);
            }
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public double limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
