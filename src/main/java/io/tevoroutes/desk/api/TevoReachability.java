package io.tevoroutes.desk.api;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import io.tevoroutes.desk.config.Outage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Whether TEvo answers. A call that could not reach TEvo, or got only 502/503/504 after every retry, starts an
 * outage; any other answer (a 500 or a 4xx too: TEvo is there) ends it. An answer to the pending-orders listing that is
 * not a list of orders (a proxy's HTML page, an error object) is an outage of its own kind, ended by a readable page.
 * While either has lasted tevo.api.unreachable-alert-after, readiness (/q/health/ready) is DOWN and a person is emailed
 * once for the outage, not once per poll; the log says when TEvo answers again.
 */
@ApplicationScoped
@Named("tevoReachability")
public class TevoReachability {

    private static final Logger LOG = Logger.getLogger(TevoReachability.class);

    @Inject
    DeskConfig config;

    Clock clock = Clock.systemUTC();

    private final Outage unreachable = new Outage();
    /** TEvo answers, but not with what the desk can read (an order list that is not JSON, no orders array). */
    private final Outage unreadable = new Outage();
    /** TEvo answers 401: the API token or secret is wrong or was revoked. Nothing can be decided until it is fixed. */
    private final Outage refused = new Outage();

    synchronized void failed(String why) {
        unreachable.failed(why, clock.instant());
    }

    void answered() {
        end(unreachable, "TEvo answers again after %s (%d call(s) failed meanwhile)");
    }

    /** TEvo answered 401: the credentials are refused, an outage of its own kind (readiness DOWN, one email). */
    synchronized void refused(String why) {
        refused.failed(why, clock.instant());
    }

    /** TEvo took a signed call (2xx): the credentials work, a refused spell, if any, is over. */
    void accepted() {
        end(refused, "TEvo takes the desk's API credentials again after %s (%d call(s) refused meanwhile)");
    }

    /** TEvo answered a listing the desk cannot read: an outage of its own kind, reported like being unreachable. */
    synchronized void unreadable(String why) {
        unreadable.failed(why, clock.instant());
    }

    /** A listing was read: an unreadable spell, if any, is over. */
    void readable() {
        end(unreadable, "TEvo's answers can be read again after %s (%d unreadable answer(s) meanwhile)");
    }

    private void end(Outage outage, String message) {
        synchronized (this) {
            if (!outage.isOn()) {
                return;
            }
            int failures = outage.failures();
            LOG.infof(message, outage.ended(clock.instant()), failures);
        }
    }

    /** True while TEvo has not answered (or answered nothing readable) for at least tevo.api.unreachable-alert-after. */
    public synchronized boolean isDown() {
        Duration after = config.api().unreachableAlertAfter();
        return unreachable.lasting(after, clock.instant()) || unreadable.lasting(after, clock.instant())
                || refused.lasting(after, clock.instant());
    }

    /**
     * After a failed poll: sets exchange property tevoAlert (with notifyKey, tevoBaseUrl and the outage's email: template
     * tevo-unreachable, tevo-refused or tevo-unreadable) when a person should be told now, once per outage.
     */
    public synchronized void alertIfLasting(Exchange exchange) {
        Duration after = config.api().unreachableAlertAfter();
        Outage due = unreachable.alertDue(after, clock.instant()) ? unreachable
                : refused.alertDue(after, clock.instant()) ? refused
                : unreadable.alertDue(after, clock.instant()) ? unreadable : null;
        if (due == null) {
            return;
        }
        String kind = due == unreachable ? "unreachable" : due == refused ? "refused" : "unreadable";
        exchange.setProperty("tevoAlert", true);
        exchange.setProperty("notifyKey", "tevo-" + kind + "|" + due.since().toEpochMilli());
        exchange.setProperty("tevoBaseUrl", config.api().baseUrl());
        due.describeTo(exchange, "tevo-" + kind);
    }

    /** Readiness: DOWN while TEvo has not answered for tevo.api.unreachable-alert-after. */
    @Readiness
    @ApplicationScoped
    public static class Health implements HealthCheck {

        @Inject
        TevoReachability reachability;

        @Override
        public HealthCheckResponse call() {
            return reachability.health();
        }
    }

    synchronized HealthCheckResponse health() {
        var response = HealthCheckResponse.named("TEvo API").status(!isDown()).withData("baseUrl", config.api().baseUrl());
        if (unreachable.isOn()) {
            response.withData("failingSince", unreachable.since().toString()).withData("problem", unreachable.problem());
        }
        if (refused.isOn()) {
            response.withData("refusedSince", refused.since().toString()).withData("refused", refused.problem());
        }
        if (unreadable.isOn()) {
            response.withData("unreadableSince", unreadable.since().toString()).withData("unreadable", unreadable.problem());
        }
        return response.build();
    }
}
