package io.tevoroutes.desk.eticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.util.URISupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.OutageTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * When an inbox cannot be polled (SFTP server down, host key refused, login refused, a folder that cannot be read):
 * <ul>
 * <li>one clear line naming the cause, once per inbox and cause (later failures at DEBUG);</li>
 * <li>backoff: the next polls are skipped for the poll delay, doubled at every failure up to etickets.inbox.max-backoff;</li>
 * <li>one email per outage once it has lasted etickets.inbox.alert-after;</li>
 * <li>a line when the inbox can be read again.</li>
 * </ul>
 * Nothing dropped into the folder is lost meanwhile: the files wait there.
 */
@ApplicationScoped
@Named("inboxPollStrategy")
public class InboxPollStrategy implements PollingConsumerPollStrategy {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");

    @ConfigProperty(name = "etickets.inbox.poll-delay", defaultValue = "10000")
    long pollDelay;
    @ConfigProperty(name = "etickets.inbox.max-backoff", defaultValue = "5m")
    String maxBackoffText;

    /** etickets.inbox.max-backoff, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration maxBackoff() {
        return io.tevoroutes.desk.config.Durations.parse("etickets.inbox.max-backoff", maxBackoffText);
    }

    @ConfigProperty(name = "etickets.inbox.alert-after", defaultValue = "15m")
    String alertAfterText;

    /** etickets.inbox.alert-after, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration alertAfter() {
        return io.tevoroutes.desk.config.Durations.parse("etickets.inbox.alert-after", alertAfterText);
    }

    @Inject
    ProducerTemplate producer;

    Clock clock = Clock.systemUTC();

    /** One inbox that cannot be read: the outage, when to try next, and which causes were logged. */
    final class InboxOutage {
        final OutageTracker outage;
        Instant nextTry;
        final Set<String> reported = ConcurrentHashMap.newKeySet();

        InboxOutage(String where) {
            outage = new OutageTracker(InboxPollStrategy.this::alertAfter, LOG,
                    "inbox " + where.replace("%", "%%") + " can be read again after %s (%d failed poll(s))");
            outage.clock(clock);
        }
    }

    private final Map<String, InboxOutage> outages = new ConcurrentHashMap<>();

    /** The inboxes that cannot be read now, by endpoint (secrets masked), and their outages (the console's Now page). */
    public Map<String, OutageTracker> outagesNow() {
        Map<String, OutageTracker> now = new java.util.TreeMap<>();
        outages.forEach((endpoint, inbox) -> {
            if (inbox.outage.isOn()) {
                now.put(org.apache.camel.util.URISupport.sanitizeUri(endpoint), inbox.outage);
            }
        });
        return now;
    }

    /** Skip the poll while the inbox backs off. Before a local folder is polled, names Camel cannot take are moved aside. */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        InboxOutage inbox = outages.get(endpoint.getEndpointKey());
        boolean poll = inbox == null || !clock.instant().isBefore(inbox.nextTry);
        if (poll && endpoint instanceof org.apache.camel.component.file.FileEndpoint local) {
            moveAsideNamesCamelCannotTake(local.getFile().toPath());
        }
        return poll;
    }

    /**
     * What Camel's file consumer cannot take would wait in the inbox for ever, silently: a name with a backslash (read
     * as a path into a sub-folder that does not exist), and anything that is neither a regular file, a link nor a folder
     * (a FIFO, a socket, a device: not listed at all). Each is moved to .error/ (never opened, never overwriting
     * anything) and a person is emailed, like any other file the desk refuses.
     */
    void moveAsideNamesCamelCannotTake(java.nio.file.Path folder) {
        List<java.nio.file.Path> odd;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            odd = files.filter(f -> {
                java.nio.file.attribute.BasicFileAttributes a = attributes(f);
                return a != null && !a.isDirectory() && (a.isOther() || f.getFileName().toString().indexOf('\\') >= 0);
            }).toList();
        } catch (java.io.IOException | RuntimeException e) {
            return; // the consumer's own poll reports a folder it cannot read
        }
        for (java.nio.file.Path f : odd) {
            String name = f.getFileName().toString();
            try {
                java.nio.file.attribute.BasicFileAttributes a = attributes(f);
                if (a == null) {
                    continue; // gone meanwhile
                }
                java.nio.file.Path error = java.nio.file.Files.createDirectories(folder.resolve(".error"));
                java.nio.file.Files.move(f, error.resolve(EticketFiles.moveName(name, java.time.LocalDateTime.now())),
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                producer.send("direct:eticket-refused", exchange -> {
                    exchange.setProperty("eticketFile", io.tevoroutes.desk.model.LogSafe.quote(name, 150));
                    exchange.setProperty("eticketProblem", a.isOther()
                            ? "'" + io.tevoroutes.desk.model.LogSafe.quote(name, 150) + "' is not a regular file (a pipe, a socket or a"
                                    + " device): drop the PDF itself"
                            : "the file name '" + io.tevoroutes.desk.model.LogSafe.quote(name, 150)
                                    + "' has a backslash, which the inbox cannot take: name it <order_id>-<item_id>.pdf or <TicketID>.pdf");
                    exchange.getMessage().setHeader("CamelFileLength", a.size());
                    exchange.getMessage().setHeader("CamelFileLastModified", a.lastModifiedTime().toMillis());
                });
            } catch (java.io.IOException | RuntimeException e) {
                LOG.errorf("cannot move %s aside from inbox %s: %s", io.tevoroutes.desk.model.LogSafe.quote(name, 150), folder,
                        e.getMessage());
            }
        }
    }

    /** What the entry itself is (a link is not followed; isOther: a FIFO, a socket, a device); null when it is gone. */
    private static java.nio.file.attribute.BasicFileAttributes attributes(java.nio.file.Path f) {
        try {
            return java.nio.file.Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        InboxOutage inbox = outages.remove(endpoint.getEndpointKey());
        if (inbox != null) {
            inbox.outage.answered();
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        Instant now = clock.instant();
        InboxOutage inbox = outages.computeIfAbsent(endpoint.getEndpointKey(), k -> new InboxOutage(where(endpoint)));
        String why = explain(cause);
        long backoff;
        boolean alert;
        int failures;
        synchronized (inbox) {
            inbox.outage.failed(why);
            failures = inbox.outage.failures();
            backoff = Math.min(pollDelay << Math.min(failures - 1, 20), maxBackoff().toMillis());
            inbox.nextTry = now.plusMillis(backoff);
            alert = inbox.outage.alertDue();
        }
        if (inbox.reported.add(why)) {
            LOG.errorf("inbox %s cannot be read: %s. Its files wait there; tried again with backoff (next in %d ms, then"
                    + " doubling up to %s)", where(endpoint), why, backoff, maxBackoff());
        } else {
            LOG.debugf("inbox %s still cannot be read (%d failed poll(s)): %s; next try in %d ms", where(endpoint), failures, why,
                    backoff);
        }
        if (alert) {
            tellAPerson(endpoint, inbox.outage);
        }
        return false;
    }

    /** One email per outage, through the outbox like every other email. */
    private void tellAPerson(Endpoint endpoint, OutageTracker outage) {
        Instant since = outage.since();
        String where = where(endpoint);
        try {
            producer.send("direct:notify", exchange -> {
                exchange.setProperty("notifyKey", "inbox-unreadable|" + where + "|" + since.toEpochMilli());
                exchange.setProperty("inboxName", where);
                exchange.setProperty("inboxMaxBackoff", maxBackoff());
                outage.describeTo(exchange, "inbox-unreadable");
            });
        } catch (RuntimeException e) {
            LOG.errorf("could not queue the email about inbox %s: %s", where, e.getMessage());
        }
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
            return "the server cannot be reached (" + URISupport.sanitizeUri(all.trim()) + ")";
        }
        return URISupport.sanitizeUri(all.trim());
    }

    private static String where(Endpoint endpoint) {
        return URISupport.sanitizeUri(endpoint.getEndpointUri().replaceFirst("\\?.*", ""));
    }
}
