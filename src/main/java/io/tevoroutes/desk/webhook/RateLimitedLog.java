package io.tevoroutes.desk.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most one log line per period for an event that may repeat fast (a caller posting with a wrong secret, maybe an
 * attack): the first occurrence after a quiet period is logged at once, the ones after it are counted and reported
 * with the next line.
 */
public final class RateLimitedLog {

    private final Duration period;
    private final Clock clock;
    private Instant lastLine;
    private int suppressed;

    public RateLimitedLog(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    /**
     * One more occurrence: the line to log now (with the occurrences not logged since the last line), or null when a
     * line was logged less than a period ago.
     */
    public synchronized String occurred(String what) {
        Instant now = clock.instant();
        if (lastLine != null && Duration.between(lastLine, now).compareTo(period) < 0) {
            suppressed++;
            return null;
        }
        String line = what + (suppressed > 0 ? " (and " + suppressed + " more since " + lastLine + ")" : "");
        lastLine = now;
        suppressed = 0;
        return line;
    }
}
