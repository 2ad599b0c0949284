package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.PostgresDeskProfile;
import io.tevoroutes.desk.support.PostgresResource;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk (jar, or native binary with -Dnative) on a real PostgreSQL, for its state and the broker's SQL
 * inventory, started by a TEvo webhook: the JDBC driver, Flyway's migrations, the claims and the webhook's HTTP route
 * in the packaged form.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedPostgresIT.Webhooks.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
class PackagedPostgresIT {

    static final String WEBHOOK_SECRET = "it-webhook-secret-Hq27";

    public static class Webhooks extends PostgresDeskProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new LinkedHashMap<>(super.getConfigOverrides());
            c.put("tevo.webhook.secret", WEBHOOK_SECRET);
            return c;
        }
    }

    @Test
    void aWebhookMakesThePackagedDeskAcceptWithItsStateInPostgresql() throws SQLException {
        String order = order(9611, item(961, "ACC-1", 1, "100.00", true));
        pendingOrders(order);
        acceptAnswers(9611, json(200, withState(order, "accepted")));

        given().header("X-Webhook-Secret", WEBHOOK_SECRET).contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "961").formParam("recipient", "seller").formParam("event_type", "order_created")
                .formParam("body", "{}").post("/tevo/webhooks").then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(status(9611)));
        tevo().verify(exactly(1), acceptOf(9611, 4242));
        tevo().verify(getRequestedFor(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("961")));
        assertThat(count("select count(*) from flyway_schema_history where success")).as("every migration applied").isGreaterThanOrEqualTo(6);
        // the claim is given back when the evaluation ends, just after the status is written
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("select count(*) from work_claim"))
                .as("the order's claim given back").isZero());
    }

    static String url() {
        return "jdbc:postgresql://localhost:" + PostgresResource.postgres().getPort() + "/" + PostgresDeskProfile.DATABASE;
    }

    static String status(long orderId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "postgres", PostgresResource.PASSWORD);
                PreparedStatement ps = c.prepareStatement("select status from desk_order where order_id = ?")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static int count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "postgres", PostgresResource.PASSWORD);
                PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
