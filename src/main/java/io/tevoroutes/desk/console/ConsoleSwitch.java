package io.tevoroutes.desk.console;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console is off unless console.enabled=true: its paths (and Quarkus' sign-in post) then answer 404 before any
 * sign-in or route runs, so a desk without the console shows no sign-in page to anyone.
 */
@ApplicationScoped
public class ConsoleSwitch {

    @ConfigProperty(name = "console.enabled", defaultValue = "false")
    boolean enabled;

    void off(@Observes Router router) {
        if (enabled) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            String path = rc.normalizedPath();
            if (path.equals("/console") || path.startsWith("/console/") || path.equals("/j_security_check")) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("The console is off on this desk (console.enabled=false).\n");
            } else {
                rc.next();
            }
        });
    }
}
