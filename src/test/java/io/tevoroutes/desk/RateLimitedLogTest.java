package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.webhook.RateLimitedLog;

@ExtendWith(ReliabilityReport.class)
class RateLimitedLogTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "100 webhook calls with a wrong secret within a minute, then one more a"
            + " minute later", holds = "one log line for the first, none for the next 99, then one line that counts them")
    void aRepeatedRefusalIsLoggedOnceAMinuteWithACount() {
        TestClock clock = new TestClock();
        RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1), clock);

        assertThat(log.occurred("refused")).isEqualTo("refused");
        for (int i = 0; i < 99; i++) {
            clock.now = clock.now.plusMillis(500);
            assertThat(log.occurred("refused")).isNull();
        }
        clock.now = Instant.parse("2026-11-24T10:01:00Z");
        assertThat(log.occurred("refused")).isEqualTo("refused (and 99 more since 2026-11-24T10:00:00Z)");
        clock.now = clock.now.plusSeconds(61);
        assertThat(log.occurred("refused")).isEqualTo("refused");
    }
}
