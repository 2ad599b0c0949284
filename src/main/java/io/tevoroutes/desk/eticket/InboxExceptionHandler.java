package io.tevoroutes.desk.eticket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * What an inbox consumer does with a file it rolled back: a PDF waiting for its order to be accepted is logged once
 * (not at every poll); anything else is an error worth a full line.
 */
@ApplicationScoped
@Named("inboxExceptionHandler")
public class InboxExceptionHandler implements ExceptionHandler {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

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
            if (waiting.size() > 10_000) {
                waiting.clear(); // a long-running desk: forget old files rather than grow
            }
            if (waiting.add(cause.getMessage())) {
                LOG.info(cause.getMessage());
            }
            return;
        }
        LOG.errorf("inbox file left in place, it is tried again at the next poll: %s", exception == null ? message : exception.getMessage());
    }
}
