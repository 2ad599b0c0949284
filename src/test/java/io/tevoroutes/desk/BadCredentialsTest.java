package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.api.TevoApiException;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import io.tevoroutes.desk.support.TevoStubs;

import jakarta.inject.Inject;

/** A wrong API secret: TEvo's 401 surfaces as one clear error naming what to check, and no secret is printed. */
@QuarkusTest
@TestProfile(BadCredentialsTest.WrongSecret.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class BadCredentialsTest {

    public static class WrongSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the scheduled poll runs once right at start
            return Map.of("tevo.api.secret", "wrong-secret-Zq93", "tevo.poll.enabled", "true",
                    "tevo.poll.initial-delay", "0", "tevo.poll.period", "1h");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "wrong API secret",
            holds = "one clear log line naming the settings to check; not retried; no secret logged")
    void a401IsAClearErrorAndIsNotRetried() throws Exception {
        // the scheduled poll, at start, logs the error as one line
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(Path.of("target/quarkus.log"))
                .contains("poll failed, trying again in 1h: TEvo answered HTTP 401 to GET /v9/orders"));
        assertThat(Files.readString(Path.of("target/quarkus.log"))).contains("check tevo.api.token and tevo.api.secret");

        TevoApiResource.resetToUnauthorized();
        TevoStubs.pendingOrders(); // signed with the right secret: the desk's requests do not match

        Throwable thrown = catchThrowable(() -> producer.sendBody("direct:fetch-pending-orders", null));

        assertThat(thrown).isInstanceOf(CamelExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(TevoApiException.class)
                .hasMessageContaining("TEvo answered HTTP 401 to GET /v9/orders")
                .hasMessageContaining("Your signature is incorrect")
                .hasMessageContaining("check tevo.api.token and tevo.api.secret");
        assertThat(((TevoApiException) thrown.getCause()).getStatus()).isEqualTo(401);
        assertThat(TevoStubs.tevo().getAllServeEvents()).hasSize(1); // a 401 is not retried
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "revoked or wrong API credentials: TEvo answers 401 to every call, poll"
            + " after poll", holds = "an outage: readiness DOWN naming it, one email for the spell (not one per poll)")
    void refusedCredentialsAreAnOutageWithOneEmailAndReadinessDown() {
        for (int i = 0; i < 3; i++) {
            producer.sendBody("direct:poll", null);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                io.tevoroutes.desk.support.Desk.emailsWithSubject("TEvo refuses the desk's API credentials")).singleElement()
                .satisfies(m -> assertThat(io.tevoroutes.desk.support.Desk.body(m)).contains("HTTP 401 to GET /v9/orders")
                        .contains("check tevo.api.token and tevo.api.secret").doesNotContain("wrong-secret-Zq93")));
        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(503)
                .body(org.hamcrest.Matchers.containsString("refusedSince"));
        producer.sendBody("direct:poll", null);
        assertThat(io.tevoroutes.desk.support.Desk.emailsWithSubject("TEvo refuses the desk's API credentials")).hasSize(1);
    }
}
