package io.tevoroutes.desk.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Whether TEvo answers. A call that could not reach TEvo, or got only 502/503/504 after every retry, starts an
 * outage; any other answer (a 500 or a 4xx too: TEvo is there) ends it. While an outage has lasted tevo.api.unreachable-alert-after, readiness (/q/health/ready)
 * is DOWN and a person is emailed once for the outage, not once per poll; the log says when TEvo answers again.
 */
@ApplicationScoped
@Named("tevoReachability")
public class TevoReachability {

    private static final Logger LOG = Logger.getLogger(TevoReachability.class);

    @Inject
    DeskConfig config;

    Clock clock = Clock.systemUTC();

    private Instant since;
    private String problem;
    private boolean alerted;
    private int failedCalls;
    /** TEvo answers, but not with what the desk can read (an order list that is not JSON, no orders array). */
    private Instant unreadableSince;
    private String unreadableProblem;
    private boolean unreadableAlerted;

    /** TEvo answered a listing the desk cannot read: an outage of its own kind, reported like being unreachable. */
    synchronized void unreadable(String why) {
        unreadableProblem = why;
        if (unreadableSince == null) {
            unreadableSince = clock.instant();
        }
    }

    /** A listing was read: an unreadable spell, if any, is over. */
    void readable() {
        if (unreadableSince == null) {
            return;
        }
        synchronized (this) {
            if (unreadableSince != null) {
                LOG.infof("TEvo's answers can be read again after %s", Duration.between(unreadableSince, clock.instant()).withNanos(0));
                unreadableSince = null;
                unreadableAlerted = false;
            }
        }
    }

    synchronized void failed(String why) {
        problem = why;
        failedCalls++;
        if (since == null) {
            since = clock.instant();
            failedCalls = 1;
        }
    }

    void answered() {
        if (since == null) {
            return;
        }
        synchronized (this) {
            if (since != null) {
                LOG.infof("TEvo answers again after %s (%d call(s) failed meanwhile)", Duration.between(since, clock.instant()).withNanos(0),
                        failedCalls);
                since = null;
                alerted = false;
            }
        }
    }

    /** True while TEvo has not answered (or answered nothing readable) for at least tevo.api.unreachable-alert-after. */
    public synchronized boolean isDown() {
        return lasting(since) || lasting(unreadableSince);
    }

    private boolean lasting(Instant from) {
        return from != null && Duration.between(from, clock.instant()).compareTo(config.api().unreachableAlertAfter()) >= 0;
    }

    /**
     * After a failed poll: sets exchange property tevoAlert (with notifyKey, notifySubject and the body) when a person
     * should be told now, once per outage.
     */
    public synchronized void alertIfLasting(Exchange exchange) {
        if (!alerted && lasting(since)) {
            alerted = true;
            exchange.setProperty("tevoAlert", true);
            exchange.setProperty("notifyKey", "tevo-unreachable|" + since.toEpochMilli());
            exchange.setProperty("notifySubject", "tevo-routes: TEvo cannot be reached, orders are waiting");
            exchange.getMessage().setBody("Since " + since + " the order desk cannot reach the TEvo API (" + config.api().baseUrl()
                    + "):\n\n    " + problem + "\n\n" + failedCalls + " call(s) failed so far. Nothing is accepted, rejected or"
                    + " delivered while this lasts; orders stay pending in TEvo and the desk carries on by itself when TEvo"
                    + " answers again (nothing is sent twice).\n\nWhat to do: check TEvo's status and this host's network (DNS,"
                    + " firewall, proxy). If it lasts, accept urgent orders in TEvo by hand.\n\nThis email is sent once per"
                    + " outage; the log says when it ends.");
        } else if (!unreadableAlerted && lasting(unreadableSince)) {
            unreadableAlerted = true;
            exchange.setProperty("tevoAlert", true);
            exchange.setProperty("notifyKey", "tevo-unreadable|" + unreadableSince.toEpochMilli());
            exchange.setProperty("notifySubject", "tevo-routes: TEvo's answers cannot be read, orders are waiting");
            exchange.getMessage().setBody("Since " + unreadableSince + " TEvo (" + config.api().baseUrl() + ") answers the order"
                    + " desk's listing of pending orders with something it cannot read:\n\n    " + unreadableProblem + "\n\n"
                    + "No new order is decided while this lasts; orders stay pending in TEvo and the desk carries on by itself"
                    + " when the answers can be read again.\n\nWhat to do: check tevo.api.base-url (a proxy or a wrong host"
                    + " answering HTML?) and TEvo's status. If it lasts, accept urgent orders in TEvo by hand.\n\nThis email is"
                    + " sent once per spell; the log says when it ends.");
        }
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
        if (since != null) {
            response.withData("failingSince", since.toString()).withData("problem", problem);
        }
        if (unreadableSince != null) {
            response.withData("unreadableSince", unreadableSince.toString()).withData("unreadable", unreadableProblem);
        }
        return response.build();
    }
}
