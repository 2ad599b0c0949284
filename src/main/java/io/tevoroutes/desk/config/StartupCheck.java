package io.tevoroutes.desk.config;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Production refuses to start without real credentials, and says in one line which are missing.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    @Inject
    DeskConfig config;

    @ConfigProperty(name = "notify.mail.to")
    java.util.Optional<String> mailTo;

    @ConfigProperty(name = "audit.token")
    java.util.Optional<String> auditToken;

    void onStart(@Observes StartupEvent event) {
        List<String> missing = new ArrayList<>();
        if (config.api().token().filter(s -> !s.isBlank()).isEmpty()) {
            missing.add("tevo.api.token (TEVO_API_TOKEN)");
        }
        if (config.api().secret().filter(s -> !s.isBlank()).isEmpty()) {
            missing.add("tevo.api.secret (TEVO_API_SECRET)");
        }
        if (config.reviewerId().isEmpty() && !config.dryRun()) {
            missing.add("tevo.reviewer-id (TEVO_REVIEWER_ID)");
        }
        if (mailTo.filter(s -> !s.isBlank()).isEmpty()) {
            missing.add("notify.mail.to (NOTIFY_MAIL_TO)");
        }
        if (!missing.isEmpty()) {
            String message = "tevo-routes cannot start: missing configuration " + String.join(", ", missing)
                    + ". Set them in application.properties or as environment variables.";
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                LOG.error(message);
                Quarkus.asyncExit(1);
                return;
            }
            LOG.warn(message);
        }
        if (config.webhook().secret().filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("tevo.webhook.secret is not set: POST /tevo/webhooks refuses every call; polling still runs");
        }
        if (auditToken.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("audit.token is not set: GET /audit/... answers anyone who reaches the HTTP port");
        }
        if (config.dryRun()) {
            LOG.warn("DRY RUN: the desk decides and emails, but never writes to TEvo (tevo.dry-run=true)");
        }
    }
}
