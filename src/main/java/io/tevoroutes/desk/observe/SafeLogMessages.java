package io.tevoroutes.desk.observe;

import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;

import io.tevoroutes.desk.config.SafeLogFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The routes' {@code log} steps, cleaned before anyone else sees them: Camel hands each message to its log listeners
 * in turn, and the tracer's listener copies it into the current span as an event, where the log handlers' filter
 * ({@link SafeLogFilter}: secrets hidden, control characters escaped, length capped) would never reach it. This
 * listener is put first in line (before the context starts, and again once it has started, after the tracer set
 * itself up) and applies the same cleaning, so a secret a neighbour echoes into an error message is no more in a
 * trace than in the log.
 */
@ApplicationScoped
public class SafeLogMessages implements LogListener {

    private final SafeLogFilter filter = new SafeLogFilter();

    @Inject
    CamelContext context;

    void beforeStart(@Observes BeforeStart event) {
        firstInLine();
    }

    void afterStart(@Observes AfterStart event) {
        firstInLine();
    }

    synchronized void firstInLine() {
        Set<LogListener> listeners = context.getCamelContextExtension().getLogListeners();
        List<LogListener> others = listeners == null ? List.of() : listeners.stream().filter(l -> !(l instanceof SafeLogMessages)).toList();
        if (listeners != null) {
            others.forEach(listeners::remove);
        }
        context.getCamelContextExtension().addLogListener(this);
        others.forEach(context.getCamelContextExtension()::addLogListener);
    }

    @Override
    public String onLog(Exchange exchange, CamelLogger camelLogger, String message) {
        return message == null ? null : filter.clean(message);
    }
}
