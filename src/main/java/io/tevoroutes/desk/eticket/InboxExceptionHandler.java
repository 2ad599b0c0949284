package io.tevoroutes.desk.eticket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * A file that waits in its inbox (its order is not accepted yet, TEvo cannot be read now) is logged once, not at every
 * poll: {@link #waiting(String)}, called where the wait is decided (the file consumer does not report a rolled-back
 * exchange to its exception handler). As the inbox consumer's exception handler, anything else is an error worth a
 * full line.
 */
@ApplicationScoped
@Named("inboxExceptionHandler")
public class InboxExceptionHandler implements ExceptionHandler {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /** Why each file waits now (by its file name), for the console's Inboxes page. */
    private final java.util.Map<String, String> why = new ConcurrentHashMap<>();

    /** The file of this name waits in its inbox, for this reason (the latest one counts). */
    public void waitingFile(String name, String message) {
        if (name == null) {
            return;
        }
        if (why.size() > 10_000) {
            why.clear();
        }
        why.put(name, message);
    }

    /** Why the file waits, as last found; null when the desk has not looked at it (or it did not wait). */
    public String whyWaiting(java.nio.file.Path file) {
        return why.get(file.getFileName().toString());
    }

    /** Log why a file waits, once per file and reason. */
    public void waiting(String message) {
        if (waiting.size() > 10_000) {
            waiting.clear(); // a long-running desk: forget old files rather than grow
        }
        if (waiting.add(message)) {
            LOG.info(message);
        }
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        Throwable cause = exception;
        while (cause != null && !(cause instanceof EticketWaiting) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof EticketWaiting) {
            waiting(cause.getMessage());
            return;
        }
        if (exchange == null && message != null && message.startsWith("Failed polling endpoint")) {
            // the folder itself could not be read: InboxPollStrategy said why, once per cause, and backs off
            LOG.debugf("%s: %s", message, exception == null ? "" : exception.getMessage());
            return;
        }
        LOG.errorf("inbox file left in place, it is tried again at the next poll: %s", exception == null ? message : exception.getMessage());
    }
}
