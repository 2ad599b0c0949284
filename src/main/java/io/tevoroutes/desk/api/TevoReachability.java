package io.tevoroutes.desk.api;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import io.tevoroutes.desk.config.OutageTracker;
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

    private final OutageTracker unreachable = new OutageTracker(this::alertAfter, LOG,
            "TEvo answers again after %s (%d call(s) failed meanwhile)");
    /** TEvo answers, but not with what the desk can read (an order list that is not JSON, no orders array). */
    private final OutageTracker unreadable = new OutageTracker(this::alertAfter, LOG,
            "TEvo's answers can be read again after %s (%d unreadable answer(s) meanwhile)");
    /** TEvo answers 401: the API token or secret is wrong or was revoked. Nothing can be decided until it is fixed. */
    private final OutageTracker refused = new OutageTracker(this::alertAfter, LOG,
            "TEvo takes the desk's API credentials again after %s (%d call(s) refused meanwhile)");

    private Duration alertAfter() {
        return config.api().unreachableAlertAfter();
    }

    /** The outages going on now, by what people read (the console's Now page). */
    public java.util.Map<String, OutageTracker> outagesNow() {
        java.util.Map<String, OutageTracker> now = new java.util.LinkedHashMap<>();
        now.put("TEvo cannot be reached", unreachable);
        now.put("TEvo refuses the API credentials", refused);
        now.put("TEvo's answers cannot be read", unreadable);
        now.values().removeIf(o -> !o.isOn());
        return now;
    }

    void failed(String why) {
        unreachable.failed(why);
    }

    void answered() {
        unreachable.answered();
    }

    /** TEvo answered 401: the credentials are refused, an outage of its own kind (readiness DOWN, one email). */
    void refused(String why) {
        refused.failed(why);
    }

    /** TEvo took a signed call (2xx): the credentials work, a refused spell, if any, is over. */
    void accepted() {
        refused.answered();
    }

    /** TEvo answered a listing the desk cannot read: an outage of its own kind, reported like being unreachable. */
    void unreadable(String why) {
        unreadable.failed(why);
    }

    /** A listing was read: an unreadable spell, if any, is over. */
    void readable() {
        unreadable.answered();
    }

    /** True while TEvo has not answered (or answered nothing readable) for at least tevo.api.unreachable-alert-after. */
    public boolean isDown() {
        return unreachable.lasting() || unreadable.lasting() || refused.lasting();
    }

    /**
     * After a failed poll: sets exchange property tevoAlert (with notifyKey, tevoBaseUrl and the outage's email: template
     * tevo-unreachable, tevo-refused or tevo-unreadable) when a person should be told now, once per outage.
     */
    public synchronized void alertIfLasting(Exchange exchange) {
        for (var kind : java.util.List.of(java.util.Map.entry("unreachable", unreachable), java.util.Map.entry("refused", refused),
                java.util.Map.entry("unreadable", unreadable))) {
            OutageTracker outage = kind.getValue();
            if (outage.alertDue(exchange, "tevo-" + kind.getKey())) {
                exchange.setProperty("tevoAlert", true);
                exchange.setProperty("notifyKey", "tevo-" + kind.getKey() + "|" + outage.since().toEpochMilli());
                exchange.setProperty("tevoBaseUrl", config.api().baseUrl());
                return;
            }
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

    HealthCheckResponse health() {
        var response = HealthCheckResponse.named("TEvo API").status(!isDown()).withData("baseUrl", config.api().baseUrl());
        if (unreachable.isOn()) {
            response.withData("failingSince", String.valueOf(unreachable.since())).withData("problem", unreachable.problem());
        }
        if (refused.isOn()) {
            response.withData("refusedSince", String.valueOf(refused.since())).withData("refused", refused.problem());
        }
        if (unreadable.isOn()) {
            response.withData("unreadableSince", String.valueOf(unreadable.since())).withData("unreadable", unreadable.problem());
        }
        return response.build();
    }
}
