package io.tevoroutes.desk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;
import io.tevoroutes.desk.model.LogSafe;

/**
 * Every log line the desk writes, its own and every library's (Quarkus' HTTP error handler, Camel, Vert.x), passes
 * here before it is written:
 * <ul>
 * <li>no secret: the values of the secret settings, and any {@code secret=}, {@code token=}, {@code password=} in a URL
 * (TEvo sends the webhook secret in the URL it posts to, and a failed request is logged with its URL), become
 * {@code (hidden)}, in the message and in the exception printed with it (a value already in parentheses, as the
 * configuration summary's "(set)", is left as it is);</li>
 * <li>no forged lines: control characters (a newline in a file name or a TEvo string) are escaped;</li>
 * <li>no giant lines: a message longer than {@value #MAX_MESSAGE} characters is cut.</li>
 * </ul>
 * Set as {@code quarkus.log.console.filter} and {@code quarkus.log.file.filter}.
 */
@LoggingFilter(name = "tevo-safe-log")
public final class SafeLogFilter implements Filter {

    static final int MAX_MESSAGE = 8000;
    static final String HIDDEN = "(hidden)";
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:secret|token|password|passwd|pwd|api[_-]?key|access[_-]?token|auth|authorization)=)(?!\\()[^&\\s\"'<>]+");

    /**
     * A key a library generated and logs (Quarkus' form sign-in, without quarkus.http.auth.session.encryption-key set:
     * "using temporary key ..."): whoever reads it could forge a session cookie.
     */
    private static final Pattern GENERATED_KEY = Pattern.compile("(?i)(temporary key:?\\s*)\\S+");

    private final List<String> secrets = new ArrayList<>();

    /** Made when logging starts: the secret settings are read once (from files too, see {@link SecretFiles}). */
    public SafeLogFilter() {
        try {
            secrets.addAll(secretValues(org.eclipse.microprofile.config.ConfigProvider.getConfig()));
        } catch (RuntimeException e) {
            // no configuration yet: URLs are still cleaned
        }
    }

    /**
     * The values of the secret settings ({@link SecretFiles#SECRETS} and {@link SecretFiles#OTHER_SECRETS}) that are
     * set: the one list the log lines and the exported spans are cleaned of. A value shorter than 6 characters is left
     * out: it would hide ordinary words (such weak secrets are still hidden in URLs).
     */
    public static List<String> secretValues(org.eclipse.microprofile.config.Config config) {
        List<String> values = new ArrayList<>();
        for (List<String> keys : List.of(SecretFiles.SECRETS, SecretFiles.OTHER_SECRETS)) {
            for (String key : keys) {
                try {
                    config.getOptionalValue(key, String.class).map(String::strip).filter(v -> v.length() >= 6)
                            .filter(v -> !values.contains(v)).ifPresent(values::add);
                } catch (RuntimeException e) {
                    // a value that cannot be read (an expression without a default) is not set
                }
            }
        }
        return values;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message != null) {
            String safe = clean(message);
            if (!safe.equals(message) || record.getParameters() != null && record.getParameters().length > 0) {
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(safe, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(safe);
                }
                record.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && mentionsSecret(thrown)) {
            record.setThrown(redacted(thrown));
        }
        return true;
    }

    /** Secrets hidden, control characters escaped, the length capped. */
    public String clean(String message) {
        return LogSafe.quote(hideSecrets(message), MAX_MESSAGE);
    }

    String hideSecrets(String text) {
        String out = SECRET_PARAMETER.matcher(text).replaceAll("$1" + HIDDEN);
        if (out.contains("temporary key")) {
            out = GENERATED_KEY.matcher(out).replaceAll("$1" + HIDDEN);
        }
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, HIDDEN);
            }
        }
        return out;
    }

    private boolean mentionsSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String text = String.valueOf(c.getMessage());
            if (!hideSecrets(text).equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** The same chain of exceptions, with their messages cleaned and their stack traces kept. */
    private Throwable redacted(Throwable t) {
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : redacted(t.getCause());
        Throwable copy = new RedactedException(t.getClass().getName() + ": " + clean(String.valueOf(t.getMessage())), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** An exception whose message had a secret in it, as it is printed instead. */
    static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
