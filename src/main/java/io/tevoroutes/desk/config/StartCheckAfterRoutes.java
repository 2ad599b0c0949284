package io.tevoroutes.desk.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tevoroutes.desk.email.EmailCheck;
import io.tevoroutes.desk.email.EmailTemplates;
import io.tevoroutes.desk.rules.RuleCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Once the routes are loaded and before any of them starts: every decision rule (RuleCheck) and every email template
 * (EmailCheck). What is wrong stops the start in one line, like the configuration check before it (StartupCheck),
 * naming each rule and template; Quarkus prints a ConfigurationException's message alone, no stack trace.
 */
@ApplicationScoped
public class StartCheckAfterRoutes {

    private static final Logger LOG = Logger.getLogger(StartCheckAfterRoutes.class);

    @Inject
    RuleCheck rules;

    @Inject
    EmailTemplates emails;

    void check(@Observes AfterConfigure event) {
        List<String> wrong = new ArrayList<>(rules.problems());
        wrong.addAll(EmailCheck.problems(emails));
        if (!wrong.isEmpty()) {
            throw new ConfigurationException("tevo-routes cannot start: " + String.join("; ", wrong)
                    + "; fix the rules in routes/ (route templates order-rule, item-rule) and the email templates in "
                    + emails.directory() + " (its README.md lists their variables).");
        }
        LOG.infof("decision rules: %s", rules.summary());
        LOG.infof("email templates: %d in %s", EmailCheck.samples().size(), emails.directory());
    }
}
