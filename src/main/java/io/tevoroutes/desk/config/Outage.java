package io.tevoroutes.desk.config;

import java.time.Duration;
import java.time.Instant;

/**
 * One kind of outage (TEvo unreachable, TEvo unreadable, the inventory, the state store, an inbox): since when, the last
 * problem, how many failures, and whether a person was told. The trackers around it decide what to log and what to
 * email; this keeps "once per outage" the same everywhere. Not thread-safe: the trackers synchronize.
 */
public final class Outage {

    private Instant since;
    private String problem;
    private int failures;
    private boolean alerted;

    /** A failure. Returns true when it starts an outage (the first failure since the last recovery). */
    public boolean failed(String problem, Instant now) {
        this.problem = problem;
        if (since == null) {
            since = now;
            failures = 1;
            return true;
        }
        failures++;
        return false;
    }

    /** True once, when the outage has lasted at least {@code after} and nobody was told yet. */
    public boolean alertDue(Duration after, Instant now) {
        if (since == null || alerted || Duration.between(since, now).compareTo(after) < 0) {
            return false;
        }
        alerted = true;
        return true;
    }

    /** True while the outage has lasted at least {@code after}. */
    public boolean lasting(Duration after, Instant now) {
        return since != null && Duration.between(since, now).compareTo(after) >= 0;
    }

    /** The outage is over: how long it lasted (whole seconds), or null when there was none. */
    public Duration ended(Instant now) {
        if (since == null) {
            return null;
        }
        Duration lasted = Duration.between(since, now).withNanos(0);
        since = null;
        alerted = false;
        return lasted;
    }

    public boolean isOn() {
        return since != null;
    }

    public Instant since() {
        return since;
    }

    public String problem() {
        return problem;
    }

    public int failures() {
        return failures;
    }

    /**
     * The email about this outage: exchange properties emailTemplate (the template in emails/), outageSince,
     * outageProblem and outageFailures, which every outage template reads.
     */
    public void describeTo(org.apache.camel.Exchange exchange, String template) {
        exchange.setProperty("emailTemplate", template);
        exchange.setProperty("outageSince", since);
        exchange.setProperty("outageProblem", problem);
        exchange.setProperty("outageFailures", failures);
    }
}
