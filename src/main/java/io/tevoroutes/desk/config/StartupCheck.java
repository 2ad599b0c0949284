package io.tevoroutes.desk.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.util.URISupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The configuration is checked before any route starts. Every missing or wrong setting is named in one line (the
 * environment variable too), and the start stops there: Quarkus prints a {@link ConfigurationException}'s message
 * alone, no stack trace. Missing credentials stop a production start only (dev and test run on stand-ins); a wrong
 * value stops every start. Then one line sums the configuration up, secrets shown only as set or not set.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void check(@Observes BeforeConfigure event) {
        Config config = ConfigProvider.getConfig();
        boolean production = LaunchMode.current() == LaunchMode.NORMAL;
        Problems problems = problems(config);
        if (!problems.wrong().isEmpty() || production && !problems.missing().isEmpty()) {
            throw new ConfigurationException(problems.message());
        }
        if (!problems.missing().isEmpty()) {
            LOG.warn(problems.message() + " (a production start stops here)");
        }
        LOG.info("configuration: " + summary(config));
        if (value(config, "tevo.webhook.secret").isEmpty()) {
            LOG.warn("tevo.webhook.secret is not set: POST /tevo/webhooks refuses every call; polling still runs");
        }
        if (value(config, "audit.token").isEmpty()) {
            LOG.warn("audit.token is not set: GET /audit/... answers anyone who reaches the HTTP port");
        }
        if (Boolean.parseBoolean(value(config, "tevo.dry-run").orElse("false"))) {
            LOG.warn("DRY RUN: the desk decides and emails, but never writes to TEvo (tevo.dry-run=true)");
        }
    }

    /** What is missing and what is wrong; both empty when the desk can start. */
    public record Problems(List<String> missing, List<String> wrong) {

        public String message() {
            StringBuilder b = new StringBuilder("tevo-routes cannot start:");
            if (!missing.isEmpty()) {
                b.append(" missing configuration ").append(String.join(", ", missing)).append(';');
            }
            if (!wrong.isEmpty()) {
                b.append(" wrong configuration ").append(String.join("; ", wrong)).append(';');
            }
            return b.append(" set them in application.properties or as environment variables.").toString();
        }
    }

    static Problems problems(Config c) {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String key : List.of("tevo.api.token", "tevo.api.secret")) {
            if (value(c, key).isEmpty() && value(c, key + "-file").isEmpty()) {
                missing.add(named(key));
            }
        }
        boolean dryRun = Boolean.parseBoolean(value(c, "tevo.dry-run").orElse("false"));
        if (value(c, "tevo.reviewer-id").isEmpty() && !dryRun) {
            missing.add(named("tevo.reviewer-id"));
        }
        if (value(c, "notify.mail.to").isEmpty()) {
            missing.add(named("notify.mail.to"));
        }

        for (String key : SecretFiles.SECRETS) {
            Optional<String> file = value(c, key + "-file");
            String problem = file.map(f -> SecretFiles.problem(Path.of(f.trim()))).orElse(null);
            if (file.isPresent() && (problem != null || SecretFiles.read(Path.of(file.get().trim())) == null)) {
                wrong.add(named(key + "-file") + "=" + file.get() + " (" + (problem != null ? problem : "the file cannot be read") + ")");
            }
            if (file.isPresent() && setOtherwise(c, key)) {
                wrong.add(named(key) + " and " + named(key + "-file") + " are both set (set one of them)");
            }
        }

        // a proxy trusted without saying which: any client could name its own address (the console's sign-in limits)
        if (Boolean.parseBoolean(value(c, "quarkus.http.proxy.proxy-address-forwarding").orElse("false"))
                && value(c, "quarkus.http.proxy.trusted-proxies").isEmpty()) {
            wrong.add(named("quarkus.http.proxy.proxy-address-forwarding") + "=true without " + named("quarkus.http.proxy.trusted-proxies")
                    + " (any client could name its own address: list the proxy's addresses)");
        }
        oneOf(c, wrong, "tevo.rules.speculative", "hold", "evaluate");
        oneOf(c, wrong, "tevo.rules.client-fraud-check", "hold", "evaluate");
        for (String reason : List.of("unknown-ticket", "short", "price-below-floor", "no-etickets")) {
            oneOf(c, wrong, "tevo.policy." + reason, "hold", "reject");
        }
        oneOf(c, wrong, "inventory.source", "csv", "sql");
        oneOf(c, wrong, "etickets.delivery.method", "deliver", "add-and-finalize");

        value(c, "tevo.api.base-url").ifPresent(url -> {
            if (!url.matches("https?://[^/\\s?#]+(/[^\\s?#]*)?")) {
                wrong.add(named("tevo.api.base-url") + "=" + url + " (https://api.ticketevolution.com, or the sandbox's)");
            }
        });
        if (!"direct:mail-sink".equals(value(c, "notify.mail.uri").orElse(""))) {
            scheme(c, wrong, "notify.mail.uri", Set.of("smtp", "smtps", "file"), "smtp://host:port or smtps://host:port");
        }
        scheme(c, wrong, "etickets.inbox.uri", Set.of("file", "sftp", "ftp", "ftps"), "file:folder or sftp://user@host/folder");
        // every other inbox the routes add ({{inbox:some.property}} in a templatedRoute of eticket-inbox) is checked the same
        for (String key : inboxProperties(c)) {
            if (value(c, key).isEmpty()) {
                missing.add(named(key) + " (an e-ticket inbox in routes/ reads it)");
            }
            scheme(c, wrong, key, Set.of("file", "sftp", "ftp", "ftps"), "file:folder or sftp://user@host/folder");
        }
        value(c, "state.postgresql.url").filter(u -> !u.startsWith("jdbc:postgresql://"))
                .ifPresent(u -> wrong.add(named("state.postgresql.url") + "=" + withoutQuery(u) + " (jdbc:postgresql://host:5432/db)"));
        value(c, "inventory.sql.url").filter(u -> !u.startsWith("jdbc:"))
                .ifPresent(u -> wrong.add(named("inventory.sql.url") + "=" + withoutQuery(u) + " (a JDBC URL)"));
        if ("sql".equals(value(c, "inventory.source").orElse("csv"))) {
            value(c, "inventory.sql.query").filter(q -> !q.contains(":remoteId"))
                    .ifPresent(q -> wrong.add(named("inventory.sql.query") + " (it must select by :remoteId)"));
            value(c, "inventory.sql.batch-query").filter(q -> !q.contains(":remoteIds"))
                    .ifPresent(q -> wrong.add(named("inventory.sql.batch-query") + " (it must select by :remoteIds, or be empty)"));
        }

        for (String key : List.of("tevo.poll.period", "tevo.poll.initial-delay", "etickets.sweep.period", "inventory.csv.check-period",
                "state.reservations.check-period", "notify.outbox.check-period", "state.claims.renew-period",
                "state.claims.takeover-period")) {
            value(c, key).ifPresent(v -> {
                if (!isDuration(v)) {
                    wrong.add(named(key) + "=" + v + " (a duration such as 30s, 5m, 1h)");
                }
            });
        }
        for (String key : Durations.KEYS) {
            value(c, key).filter(v -> Durations.tryParse(v) == null)
                    .ifPresent(v -> wrong.add(named(key) + "=" + v + " (a duration such as 30s, 5m, 1h)"));
        }
        claimTimes(c, wrong);
        if ("auto".equals(value(c, "substitution.mode").map(v -> v.toLowerCase(Locale.ROOT)).orElse(""))) {
            // absolute caps of what mode auto spends: empty is not "unlimited", it stops the start
            for (String key : List.of("substitution.auto.max-purchase", "substitution.auto.daily-budget")) {
                String v = value(c, key).orElse("");
                BigDecimal amount;
                try {
                    amount = io.tevoroutes.desk.model.Numbers.money(v);
                } catch (NumberFormatException e) {
                    amount = null;
                }
                if (amount == null || amount.signum() <= 0) {
                    wrong.add(named(key) + "=" + v + " (an amount above 0, such as 1000.00: mode auto never buys without it)");
                }
            }
            String zone = value(c, "substitution.auto.budget-zone").orElse("UTC");
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                wrong.add(named("substitution.auto.budget-zone") + "=" + zone + " (a time zone such as UTC or America/New_York)");
            }
        }
        wrong.addAll(unknownVariables(c, System.getenv()));
        atLeast(c, wrong, "tevo.evaluate.concurrency", 1);
        atLeast(c, wrong, "tevo.poll.per-page", 1);
        atLeast(c, wrong, "tevo.poll.max-pages", 1);
        atLeast(c, wrong, "tevo.api.retry.max-attempts", 1);
        atLeast(c, wrong, "etickets.delivery.retry.max-attempts", 1);
        for (String key : List.of("notify.mail.to", "notify.mail.from", "notify.shipping.to")) {
            value(c, key).filter(v -> !v.matches("[^@\\s,]+@[^@\\s,]+(\\s*,\\s*[^@\\s,]+@[^@\\s,]+)*"))
                    .ifPresent(v -> wrong.add(named(key) + "=" + v + " (an email address, or several separated by commas)"));
        }
        return new Problems(missing, wrong);
    }

    /** The prefixes of the desk's own settings: an environment variable with one of them must name a setting. */
    static final List<String> PREFIXES = List.of("TEVO_", "INVENTORY_", "ETICKETS_", "NOTIFY_", "STATE_", "AUDIT_");

    /**
     * Environment variables with a prefix of the desk's settings that map to no setting: TEVO_DRYRUN (for TEVO_DRY_RUN)
     * would otherwise start a live desk. Named with the closest real variable. Variables others set are let be:
     * systemd's STATE_DIRECTORY, and the service links Kubernetes adds for a Service named tevo-routes
     * (TEVO_ROUTES_SERVICE_HOST, TEVO_ROUTES_PORT_8080_TCP, ...).
     */
    static List<String> unknownVariables(Config c, Map<String, String> env) {
        Set<String> known = new java.util.TreeSet<>();
        for (String name : settingNames(c)) {
            known.add(variable(name));
        }
        for (String secret : SecretFiles.SECRETS) {
            known.add(variable(secret + "-file"));
        }
        for (String inbox : inboxProperties(c)) {
            known.add(variable(inbox)); // an inbox the routes add may be set by its environment variable alone
        }
        List<String> wrong = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (PREFIXES.stream().noneMatch(name::startsWith) || known.contains(name) || setByOthers(name)) {
                continue;
            }
            String closest = closest(name, known);
            wrong.add("environment variable " + io.tevoroutes.desk.model.LogSafe.quote(name, 80) + " matches no setting"
                    + (closest == null ? "" : " (did you mean " + closest + "?)"));
        }
        return wrong;
    }

    /**
     * Every setting of the desk: the names the configuration files, system properties and defaults hold, without
     * profiles. Not the environment's: an environment variable is the thing being checked (and SmallRye reports names
     * made from it, such as tevo.dryrun, among the configuration's).
     */
    private static Set<String> settingNames(Config c) {
        Set<String> names = new java.util.HashSet<>();
        for (org.eclipse.microprofile.config.spi.ConfigSource source : c.getConfigSources()) {
            if (source instanceof io.smallrye.config.EnvConfigSource || source.getName().toLowerCase(Locale.ROOT).contains("env")) {
                continue;
            }
            for (String name : source.getPropertyNames()) {
                String n = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
                if (n.contains(".")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static boolean setByOthers(String name) {
        return name.equals("STATE_DIRECTORY")
                || name.matches("TEVO_ROUTES[A-Z0-9_]*_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)");
    }

    /** The environment variable of a setting: upper case, every other character than a letter or digit an underscore. */
    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(3, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A claim must outlive several renewals, or a desk that is only slow loses its work to another one. */
    private static void claimTimes(Config c, List<String> wrong) {
        try {
            java.time.Duration lease = io.quarkus.runtime.configuration.DurationConverter
                    .parseDuration(value(c, "state.claims.lease").orElse("10s"));
            java.time.Duration renew = io.quarkus.runtime.configuration.DurationConverter
                    .parseDuration(value(c, "state.claims.renew-period").orElse("3s"));
            if (lease.compareTo(renew.multipliedBy(3)) < 0) {
                wrong.add(named("state.claims.lease") + "=" + value(c, "state.claims.lease").orElse("10s")
                        + " (at least 3 times state.claims.renew-period)");
            }
        } catch (RuntimeException e) {
            // not a duration: named above
        }
    }

    /** Milliseconds (60000), units (500ms, 30s, 5m, 1h, 1d, 1h30m) or ISO-8601 (PT5M), as the timers take them. */
    static boolean isDuration(String v) {
        String t = v.trim();
        if (t.matches("(?i)(\\d+|(\\d+(ms|s|m|h|d))+)")) {
            return true;
        }
        try {
            return t.toUpperCase(Locale.ROOT).startsWith("P") && !java.time.Duration.parse(t).isNegative();
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** One line for the log: what the desk runs with. Secrets only as set or not set; URIs without credentials. */
    static String summary(Config c) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String key : List.of("tevo.api.base-url", "tevo.reviewer-id", "tevo.dry-run", "tevo.poll.period",
                "tevo.poll.direct-buyer-type", "tevo.evaluate.concurrency", "tevo.rules.speculative", "tevo.rules.client-fraud-check",
                "tevo.policy.unknown-ticket", "tevo.policy.short", "tevo.policy.price-below-floor", "tevo.policy.no-etickets",
                "inventory.source", "inventory.csv.path", "inventory.sql.url", "etickets.inbox.uri", "etickets.delivery.method",
                "notify.mail.uri", "notify.mail.to", "notify.shipping.to", "state.postgresql.url")) {
            value(c, key).ifPresent(v -> shown.put(key, masked(v)));
        }
        for (String secret : SecretFiles.SECRETS) {
            shown.put(secret, value(c, secret).isPresent() ? "(set" + (fromFile(c, secret) ? " from a file)" : ")") : "(not set)");
        }
        StringBuilder b = new StringBuilder();
        shown.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    /** A URI or URL as it may be logged: user info and secret-looking query parameters masked, JDBC queries dropped. */
    static String masked(String value) {
        if (value.startsWith("jdbc:")) {
            return withoutQuery(value);
        }
        String sanitized = URISupport.sanitizeUri(value);
        return sanitized.replaceAll("(?i)(token|secret|passphrase|key)=[^&]*", "$1=xxxxxx");
    }

    private static final java.util.regex.Pattern INBOX = java.util.regex.Pattern.compile("\\{\\{inbox:([A-Za-z0-9._-]+)}}");

    /** The properties the route files read as inbox URIs, other than etickets.inbox.uri. */
    static Set<String> inboxProperties(Config c) {
        Set<String> keys = new java.util.TreeSet<>();
        String pattern = value(c, "camel.main.routes-include-pattern").orElse("");
        for (String one : pattern.split(",")) {
            String p = one.trim();
            if (!p.startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(p.substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(dir, glob.getFileName().toString())) {
                for (Path f : files) {
                    java.util.regex.Matcher m = INBOX.matcher(java.nio.file.Files.readString(f));
                    while (m.find()) {
                        keys.add(m.group(1));
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the routes cannot be read here: Camel says so when it loads them
            }
        }
        keys.remove("etickets.inbox.uri");
        return keys;
    }

    private static String withoutQuery(String url) {
        return url.replaceAll("[?;].*", "");
    }

    private static void oneOf(Config c, List<String> wrong, String key, String... allowed) {
        value(c, key).map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !List.of(allowed).contains(v))
                .ifPresent(v -> wrong.add(named(key) + "=" + v + " (" + String.join(" or ", allowed) + ")"));
    }

    private static void scheme(Config c, List<String> wrong, String key, Set<String> schemes, String example) {
        value(c, key).ifPresent(v -> {
            int colon = v.indexOf(':');
            String scheme = colon < 0 ? "" : v.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme)) {
                wrong.add(named(key) + "=" + masked(v) + " (" + example + ")");
            } else if (!"file".equals(scheme)) {
                try {
                    if (URI.create(v.replace(" ", "%20")).getHost() == null) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    wrong.add(named(key) + "=" + masked(v) + " (no host in it: " + example + ")");
                }
            }
        });
    }

    private static void atLeast(Config c, List<String> wrong, String key, int min) {
        value(c, key).ifPresent(v -> {
            try {
                if (Integer.parseInt(v.trim()) < min) {
                    wrong.add(named(key) + "=" + v + " (at least " + min + ")");
                }
            } catch (NumberFormatException e) {
                wrong.add(named(key) + "=" + v + " (a whole number)");
            }
        });
    }

    /** The key and its environment variable, as a person looks for them. */
    static String named(String key) {
        return key + " (" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }

    /** A setting's value, empty when not set or blank. */
    static Optional<String> value(Config c, String key) {
        return c.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** True when a source other than the secret files sets the key (to something not blank). */
    private static boolean setOtherwise(Config c, String key) {
        for (org.eclipse.microprofile.config.spi.ConfigSource source : c.getConfigSources()) {
            String v = source.getValue(key);
            if (v != null && !v.isBlank() && !source.getName().contains(SecretFiles.SOURCE_NAME)) {
                return true;
            }
        }
        return false;
    }

    /** True when the secret's value comes from its -file. */
    private static boolean fromFile(Config c, String key) {
        String source = c.getConfigValue(key).getSourceName();
        return source != null && source.contains(SecretFiles.SOURCE_NAME);
    }
}
