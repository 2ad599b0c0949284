package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import io.tevoroutes.desk.api.TevoClientPolicy;

/** Which failed calls are repeated: never a write that TEvo may have applied. */
class TevoRetryPolicyTest {

    @Test
    void rateLimitsAndOverloadAreRetriedForEveryMethod() {
        assertThat(TevoClientPolicy.isRetryable(429, null, "POST")).isTrue();
        assertThat(TevoClientPolicy.isRetryable(503, null, "POST")).isTrue();
        assertThat(TevoClientPolicy.isRetryable(503, null, "GET")).isTrue();
    }

    @Test
    void otherServerErrorsAreRetriedForReadsOnly() {
        assertThat(TevoClientPolicy.isRetryable(500, null, "GET")).isTrue();
        assertThat(TevoClientPolicy.isRetryable(502, null, "GET")).isTrue();
        assertThat(TevoClientPolicy.isRetryable(500, null, "POST")).isFalse();
        assertThat(TevoClientPolicy.isRetryable(504, null, "POST")).isFalse();
    }

    @Test
    void clientErrorsAreNeverRetried() {
        assertThat(TevoClientPolicy.isRetryable(401, null, "GET")).isFalse();
        assertThat(TevoClientPolicy.isRetryable(422, null, "POST")).isFalse();
        assertThat(TevoClientPolicy.isRetryable(404, null, "GET")).isFalse();
    }

    @Test
    void aWriteIsRepeatedAfterAConnectionErrorOnlyWhenItWasNeverSent() {
        assertThat(TevoClientPolicy.isRetryable(0, new ConnectException("refused"), "POST")).isTrue();
        assertThat(TevoClientPolicy.isRetryable(0, new SocketTimeoutException("read timed out"), "POST")).isFalse();
        assertThat(TevoClientPolicy.isRetryable(0, new SocketTimeoutException("read timed out"), "GET")).isTrue();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(TevoClientPolicy.parseRetryAfter("7")).isEqualTo(7000L);
        assertThat(TevoClientPolicy.parseRetryAfter(null)).isNull();
        assertThat(TevoClientPolicy.parseRetryAfter("soon")).isNull();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(TevoClientPolicy.parseRetryAfter(inTenSeconds)).isBetween(8000L, 10000L);
    }

    @Test
    void backoffDoublesAndIsCappedAndRetryAfterWins() {
        TevoClientPolicy policy = new TevoClientPolicy(100, 1000);
        assertThat(policy.delayMillis(1, null)).isBetween(100L, 120L);
        assertThat(policy.delayMillis(2, null)).isBetween(200L, 240L);
        assertThat(policy.delayMillis(3, null)).isBetween(400L, 480L);
        assertThat(policy.delayMillis(10, null)).isEqualTo(1000L);
        assertThat(policy.delayMillis(1, "0")).isZero();
        assertThat(policy.delayMillis(1, "3600")).isEqualTo(1000L);
    }
}
