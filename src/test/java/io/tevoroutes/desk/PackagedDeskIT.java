package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk (the JVM jar, or the native binary with -Dnative), started as a process of its own: the scheduled
 * poll accepts a fillable order through the signed API, the webhook refuses a wrong secret, health answers.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedDeskIT.Polling.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class PackagedDeskIT {

    public static class Polling implements QuarkusTestProfile {
        /** The packaged desk's management port (health, metrics): a free one, given to it as quarkus.management.port. */
        static final int MANAGEMENT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tevo.poll.enabled", "true", "tevo.poll.period", "1s", "tevo.poll.initial-delay", "1s",
                    "quarkus.management.port", String.valueOf(MANAGEMENT));
        }

        private static int freePort() {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                return s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void thePackagedDeskPollsAndAcceptsASignedOrder() {
        String order = order(9001, item(900, "ACC-1", 1, "100.00", true));
        pendingOrders(order);
        acceptAnswers(9001, json(200, withState(order, "accepted")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(9001, 4242)));

        io.restassured.RestAssured.given().port(Polling.MANAGEMENT).get("/q/health").then().statusCode(200).body(containsString("UP"));
        given().get("/q/health").then().statusCode(404);
        given().header("X-Webhook-Secret", "wrong").contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "1").formParam("recipient", "seller").formParam("event_type", "order_created")
                .post("/tevo/webhooks").then().statusCode(401);
        // later polls still see it pending: it is not accepted twice
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> tevo().verify(exactly(1), acceptOf(9001)));
    }

    /** Dev mode's fake TEvo and its sample orders are not in the packaged application. */
    @Test
    void thePackagedApplicationHoldsNoDevCode() throws java.io.IOException {
        java.nio.file.Path app;
        try (var jars = java.nio.file.Files.list(java.nio.file.Path.of("target/quarkus-app/app"))) {
            app = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(app.toFile())) {
            java.util.List<String> entries = jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> !n.endsWith("/")).toList();
            org.assertj.core.api.Assertions.assertThat(entries).contains("io/tevoroutes/desk/rules/DeskRules.class")
                    .noneMatch(n -> n.startsWith("io/tevoroutes/desk/dev/") || n.startsWith("dev/"));
        }
    }
}
