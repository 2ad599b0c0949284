package io.tevoroutes.desk.api;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed TEvo call is repeated, and after how long. A write (accept, reject, deliver) is repeated only when TEvo
 * cannot have applied it: 429 and 503 (not processed), or a connection that was never made. Anything else after a
 * write is settled by re-reading the order.
 */
public final class TevoClientPolicy {

    private final long initialDelayMillis;
    private final long maxDelayMillis;

    public TevoClientPolicy(long initialDelayMillis, long maxDelayMillis) {
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    /**
     * @param status  HTTP status, 0 when the call failed with an exception
     * @param failure the exception, or null
     * @param method  HTTP method
     */
    public static boolean isRetryable(int status, Exception failure, String method) {
        boolean idempotent = "GET".equalsIgnoreCase(method);
        if (failure != null) {
            return failure instanceof ConnectException || failure instanceof UnknownHostException || idempotent;
        }
        if (status == 429 || status == 503) {
            return true;
        }
        return status >= 500 && idempotent;
    }

    /** Retry-After wins (capped at the maximum); otherwise exponential backoff with up to 20 % jitter. */
    public long delayMillis(int attempt, String retryAfter) {
        Long fromServer = parseRetryAfter(retryAfter);
        if (fromServer != null) {
            return Math.min(Math.max(fromServer, 0), maxDelayMillis);
        }
        long base = initialDelayMillis << Math.min(Math.max(attempt - 1, 0), 20);
        long jitter = base <= 1 ? 0 : ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Math.min(base + jitter, maxDelayMillis);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    public static Long parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim())).toMillis();
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }
}
