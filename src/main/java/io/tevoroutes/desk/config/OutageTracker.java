package io.tevoroutes.desk.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * One kind of outage (TEvo unreachable, refused or unreadable; the inventory; the state store; one inbox), tracked the
 * same way everywhere: since when, the last problem, how many failures; a person told once per outage when it has
 * lasted its alert-after setting (the email's variables set on the exchange); one log line when it ends, saying how
 * long it lasted. Thread-safe. Whoever owns it logs the start in its own words ({@link #failed} returns true then).
 */
public final class OutageTracker {

    private final Supplier<Duration> alertAfter;
    private final Logger log;
    private final String endedMessage;
    private Clock clock = Clock.systemUTC();

    private Instant since;
    private String problem;
    private int failures;
    private boolean alerted;

    /**
     * @param alertAfter   how long it must last before a person is told (read at each use: a setting)
     * @param log          where the end is logged
     * @param endedMessage the end's log line: a format with the duration (%s) and the failures meanwhile (%d)
     */
    public OutageTracker(Supplier<Duration> alertAfter, Logger log, String endedMessage) {
        this.alertAfter = alertAfter;
        this.log = log;
        this.endedMessage = endedMessage;
    }

    /** For tests: another clock. */
    public synchronized void clock(Clock clock) {
        this.clock = clock;
    }

    /** A failure. Returns true when it starts an outage (the first failure since the last recovery). */
    public synchronized boolean failed(String why) {
        this.problem = why;
        if (since == null) {
            since = clock.instant();
            failures = 1;
            return true;
        }
        failures++;
        return false;
    }

    /**
     * True once per outage, when it has lasted alert-after and nobody was told yet: the email is then described on the
     * exchange (exchange properties emailTemplate, outageSince, outageProblem, outageFailures; see emails/README.md).
     */
    public synchronized boolean alertDue(Exchange exchange, String template) {
        if (!alertDue()) {
            return false;
        }
        describeTo(exchange, template);
        return true;
    }

    /** True once per outage, when it has lasted alert-after and nobody was told yet. */
    public synchronized boolean alertDue() {
        if (since == null || alerted || Duration.between(since, clock.instant()).compareTo(alertAfter.get()) < 0) {
            return false;
        }
        alerted = true;
        return true;
    }

    /** The email about this outage: exchange properties emailTemplate, outageSince, outageProblem, outageFailures. */
    public synchronized void describeTo(Exchange exchange, String template) {
        exchange.setProperty("emailTemplate", template);
        exchange.setProperty("outageSince", since);
        exchange.setProperty("outageProblem", problem);
        exchange.setProperty("outageFailures", failures);
    }

    /** True while the outage has lasted at least alert-after (readiness is DOWN then). */
    public synchronized boolean lasting() {
        return since != null && Duration.between(since, clock.instant()).compareTo(alertAfter.get()) >= 0;
    }

    /** It works again: an outage, if any, is over, and the log says how long it lasted. */
    public synchronized void answered() {
        if (since == null) {
            return;
        }
        Duration lasted = Duration.between(since, clock.instant()).withNanos(0);
        log.infof(endedMessage, lasted, failures);
        since = null;
        alerted = false;
    }

    public synchronized boolean isOn() {
        return since != null;
    }

    public synchronized Instant since() {
        return since;
    }

    public synchronized String problem() {
        return problem;
    }

    public synchronized int failures() {
        return failures;
    }
}
