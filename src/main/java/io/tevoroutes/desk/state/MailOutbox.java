package io.tevoroutes.desk.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Every email the desk sends goes through an outbox in the state store, keyed by its notify key: one row per key is
 * "once per order and reason" (also across restarts), and an email the SMTP server did not take stays PENDING and
 * is sent again on a schedule (notify.outbox.*) until it is taken, so an alarm is never lost to a mail outage.
 *
 * <p>
 * One sender at a time per email: whoever sends a row holds it for notify.outbox.lease (longer than any SMTP
 * timeout), and the resend sweep takes a row only by moving its lease forward in one conditional update, so the send
 * right after {@link #keep} and a sweep (of this desk or of another instance on the same database) never send the same
 * email twice. A desk killed while sending leaves the row PENDING: it is sent when the lease has run out.
 */
@ApplicationScoped
@Named("mailOutbox")
public class MailOutbox {

    private static final Logger LOG = Logger.getLogger(MailOutbox.class);

    @Inject
    StateDatabase store;

    @ConfigProperty(name = "notify.outbox.retry-delay", defaultValue = "1m")
    String retryDelayText;

    /** notify.outbox.retry-delay, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration retryDelay() {
        return io.tevoroutes.desk.config.Durations.parse("notify.outbox.retry-delay", retryDelayText);
    }

    @ConfigProperty(name = "notify.outbox.max-delay", defaultValue = "30m")
    String maxDelayText;

    /** notify.outbox.max-delay, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration maxDelay() {
        return io.tevoroutes.desk.config.Durations.parse("notify.outbox.max-delay", maxDelayText);
    }

    @ConfigProperty(name = "notify.outbox.give-up-after", defaultValue = "7d")
    String giveUpAfterText;

    /** notify.outbox.give-up-after, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration giveUpAfter() {
        return io.tevoroutes.desk.config.Durations.parse("notify.outbox.give-up-after", giveUpAfterText);
    }

    @ConfigProperty(name = "notify.outbox.lease", defaultValue = "5m")
    String leaseText;

    /** notify.outbox.lease, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration lease() {
        return io.tevoroutes.desk.config.Durations.parse("notify.outbox.lease", leaseText);
    }

    /** A pending email, as the sweep resends it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Pending(String key, String recipient, String subject, String text) {
    }

    /**
     * Keep the email of exchange property notifyKey (subject notifySubject, recipient notifyTo or the default, text =
     * body) unless an email with that key exists already. True when kept: it is to be sent now.
     */
    public boolean keep(Exchange exchange) {
        String key = exchange.getProperty("notifyKey", String.class);
        if (key == null) {
            throw new IllegalArgumentException("an email needs exchange property notifyKey");
        }
        Instant now = Instant.now();
        Matcher outage = OUTAGE_KEY.matcher(key);
        if (outage.matches() && toldByAnotherDesk(outage.group(1), Instant.ofEpochMilli(Long.parseLong(outage.group(2))))) {
            return false;
        }
        try {
            return store.execute("insert into mail_outbox (notify_key, recipient, subject, body, status, attempts, next_attempt_at, created_at)"
                    + " values (?, ?, ?, ?, 'PENDING', 0, ?, ?)", ps -> {
                        ps.setString(1, truncate(key, 500));
                        ps.setString(2, exchange.getProperty("notifyTo", String.class));
                        ps.setString(3, truncate(exchange.getProperty("notifySubject", String.class), 1000));
                        ps.setString(4, truncate(exchange.getMessage().getBody(String.class), 100_000));
                        ps.setTimestamp(5, Timestamp.from(now.plus(lease()))); // held by this sender
                        ps.setTimestamp(6, Timestamp.from(now));
                    }) == 1;
        } catch (StateStoreException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return false; // sent (or kept) once already
            }
            throw e;
        }
    }

    /** An outage alert's key: its kind (with the inbox, for an inbox) and when this desk saw the outage begin. */
    static final Pattern OUTAGE_KEY = Pattern.compile("((?:tevo-unreachable|tevo-unreadable|inventory-outage|inbox-unreadable\\|.*)\\|)(\\d+)");

    /**
     * Several desks see one outage (TEvo, the inventory, an SFTP inbox), each from its own start: one email for it. True
     * when an alert of this kind was kept since this desk's outage began: another desk told a person already. Decided
     * one desk at a time (row lock on desk_lock 'outages').
     */
    private boolean toldByAnotherDesk(String kind, Instant since) {
        boolean told = store.transaction("check the outage alerts", c -> {
            StateDatabase.lockRow(c, "outages");
            try (PreparedStatement ps = c.prepareStatement("select count(*) from mail_outbox where notify_key like ? and created_at >= ?")) {
                ps.setString(1, kind.replace("%", "\\%").replace("_", "\\_") + "%");
                ps.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
        if (told) {
            LOG.infof("not emailing about the outage (%s): another desk on this database told a person already", kind.substring(0, kind.length() - 1));
        }
        return told;
    }


    public void sent(Exchange exchange) {
        String key = exchange.getProperty("notifyKey", String.class);
        store.execute("update mail_outbox set status = 'SENT', sent_at = ?, last_error = null where notify_key = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, truncate(key, 500));
        });
    }

    /** The SMTP server did not take it: tried again later (exchange property notifyRetryAt), or given up after days. */
    public void failed(Exchange exchange) {
        String key = truncate(exchange.getProperty("notifyKey", String.class), 500);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = e == null ? "unknown" : e.getMessage();
        Integer attempts = store.query("select attempts from mail_outbox where notify_key = ?", ps -> ps.setString(1, key),
                rs -> rs.next() ? rs.getInt(1) : 0) + 1;
        Instant created = store.query("select created_at from mail_outbox where notify_key = ?", ps -> ps.setString(1, key),
                rs -> rs.next() ? rs.getTimestamp(1).toInstant() : Instant.now());
        Duration delay = retryDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
        if (delay.compareTo(maxDelay()) > 0) {
            delay = maxDelay();
        }
        Instant next = Instant.now().plus(delay);
        boolean giveUp = Duration.between(created, next).compareTo(giveUpAfter()) > 0;
        store.execute("update mail_outbox set status = ?, attempts = ?, next_attempt_at = ?, last_error = ? where notify_key = ?", ps -> {
            ps.setString(1, giveUp ? "FAILED" : "PENDING");
            ps.setInt(2, attempts);
            ps.setTimestamp(3, giveUp ? null : Timestamp.from(next));
            ps.setString(4, truncate(error, 2000));
            ps.setString(5, key);
        });
        exchange.setProperty("notifyRetryAt", giveUp ? "never (gave up after " + attempts + " tries)" : next.toString());
    }

    /**
     * Emails due for another try, oldest first, each taken by this sweep: its lease moves forward in a conditional
     * update, and a row another sender took meanwhile is left out.
     */
    public List<Pending> due() {
        Instant now = Instant.now();
        List<Pending> candidates = store.query("select notify_key, recipient, subject, body from mail_outbox where status = 'PENDING'"
                + " and next_attempt_at <= ? order by created_at fetch first 100 rows only", ps -> ps.setTimestamp(1, Timestamp.from(now)),
                rs -> {
                    List<Pending> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                    return out;
                });
        List<Pending> taken = new ArrayList<>(candidates.size());
        for (Pending p : candidates) {
            int claimed = store.execute("update mail_outbox set next_attempt_at = ? where notify_key = ? and status = 'PENDING'"
                    + " and next_attempt_at <= ?", ps -> {
                        ps.setTimestamp(1, Timestamp.from(now.plus(lease())));
                        ps.setString(2, p.key());
                        ps.setTimestamp(3, Timestamp.from(now));
                    });
            if (claimed == 1) {
                taken.add(p);
            }
        }
        return taken;
    }

    /**
     * The mail server's outage as the outbox shows it: emails it refused that are still waiting for another try (how
     * many, since when the oldest waits, the last refusal); empty when none waits after a failed try.
     */
    public java.util.Optional<Failing> failing() {
        return store.query("select count(*), min(created_at), max(last_error) from mail_outbox where status = 'PENDING' and attempts > 0",
                ps -> {
                }, rs -> {
                    if (!rs.next() || rs.getInt(1) == 0) {
                        return java.util.Optional.<Failing>empty();
                    }
                    return java.util.Optional.of(new Failing(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
                });
    }

    /** Emails the mail server refused, waiting for another try (see {@link #failing}). */
    public record Failing(int count, Instant since, String lastError) {
    }

    /** Emails not sent yet (health and tests). */
    public int pendingCount() {
        return store.query("select count(*) from mail_outbox where status = 'PENDING'", ps -> {
        }, rs -> rs.next() ? rs.getInt(1) : 0);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
