package io.tevoroutes.desk.eticket;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.util.URISupport;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * When an inbox cannot be polled (SFTP server down, host key refused, login refused), say so in one clear line naming
 * the cause, once per inbox and cause, and try again at the next poll.
 */
@ApplicationScoped
@Named("inboxPollStrategy")
public class InboxPollStrategy implements PollingConsumerPollStrategy {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        reported.removeIf(k -> k.startsWith(endpoint.getEndpointKey() + "|"));
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String why = explain(cause);
        if (reported.add(endpoint.getEndpointKey() + "|" + why)) {
            LOG.errorf("inbox %s cannot be read, trying again at the next poll: %s", where(endpoint), why);
        }
        return false;
    }

    static String explain(Throwable cause) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(' ').append(t.getMessage());
        }
        String all = chain.toString();
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("hostkey has been changed") || lower.contains("host identification has changed")) {
            return "the server's host key is not the one in known_hosts: refused (a server may be posing as it; if the key"
                    + " really changed, update knownHostsFile)";
        }
        if (lower.contains("unknownhostkey") || lower.contains("reject hostkey")) {
            return "the server's host key is unknown: refused (add it to knownHostsFile)";
        }
        if (lower.contains("auth fail") || lower.contains("authentication")) {
            return "the server refused the login (check the user, privateKeyFile or password)";
        }
        if (lower.contains("connection refused") || lower.contains("timeout") || lower.contains("timed out")) {
            return "the server cannot be reached (" + all.trim() + ")";
        }
        return all.trim();
    }

    private static String where(Endpoint endpoint) {
        return URISupport.sanitizeUri(endpoint.getEndpointUri().replaceFirst("\\?.*", ""));
    }
}
