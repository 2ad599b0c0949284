package io.tevoroutes.desk.eticket;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;
import io.tevoroutes.desk.config.OutageTracker;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The e-ticket inboxes' health: DOWN while an inbox has not been readable for etickets.inbox.alert-after (the outage a
 * person is emailed about once), naming each such inbox without its password, since when, and why. A wellness check
 * (/q/health/well, and in /q/health), not readiness nor liveness: an SFTP server that is down stops no sale, webhook
 * or console page, so no probe takes the desk out of service for it; its files wait and are delivered when it is back.
 */
@Wellness
@ApplicationScoped
public class InboxHealth implements HealthCheck {

    @Inject
    InboxPollStrategy inboxes;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("e-ticket inboxes");
        boolean down = false;
        for (Map.Entry<String, OutageTracker> e : inboxes.outagesNow().entrySet()) {
            OutageTracker outage = e.getValue();
            if (outage.lasting()) {
                down = true;
                response.withData(e.getKey(), "cannot be read since " + outage.since() + ": " + LogSafe.text(outage.problem()));
            }
        }
        return response.status(!down).build();
    }
}
