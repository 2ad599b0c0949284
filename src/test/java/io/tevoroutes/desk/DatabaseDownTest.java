package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.PostgresResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.StoppablePostgres;
import io.tevoroutes.desk.support.TevoApiResource;

import jakarta.inject.Inject;

/**
 * Databases that go down for real: the desk's state store and the broker's inventory, each on a PostgreSQL server of its
 * own that the tests stop (connections cut, new ones refused) and start again with its data.
 */
@QuarkusTest
@TestProfile(DatabaseDownTest.TwoServers.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class DatabaseDownTest {

    static final StoppablePostgres STATE = new StoppablePostgres("state");
    static final StoppablePostgres INVENTORY = new StoppablePostgres("inventory");

    public static class TwoServers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Servers.class));
        }
    }

    public static class Servers implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            STATE.start();
            INVENTORY.start();
            try {
                PostgresResource.execute(INVENTORY.adminUrl(), Files.readString(Path.of("samples/inventory-schema.sql"))
                        + ";insert into inventory (ticket_id, quantity, price, eticket) values ('DOWN-1', 2, 50.00, true),"
                        + " ('DOWN-2', 2, 50.00, true)");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("state.postgresql.url", STATE.url());
            config.put("state.postgresql.username", "postgres");
            config.put("state.postgresql.password", PostgresResource.PASSWORD);
            config.put("inventory.source", "sql");
            config.put("inventory.sql.url", INVENTORY.url());
            config.put("inventory.sql.username", "postgres");
            config.put("inventory.outage.alert-after", "0s");
            config.put("state.outage.alert-after", "0s");
            return config;
        }

        @Override
        public void stop() {
            STATE.stop();
            INVENTORY.stop();
        }
    }

    @Inject
    Desk desk;

    @BeforeEach
    void reset() {
        TevoApiResource.resetToUnauthorized();
    }

    @Test
    @Reliability(area = FaultArea.DATABASE_DOWN, value = "the inventory's PostgreSQL server stopped across two polls, then"
            + " started again", holds = "nothing accepted while it is down, no email per order, one email for the outage;"
                    + " accepted once when it is back")
    void whileTheInventoryServerIsDownNothingIsAcceptedAndTheOrderIsAcceptedWhenItIsBack() {
        String order = order(9601, item(960, "DOWN-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(9601, json(200, withState(order, "accepted")));

        INVENTORY.stop();
        try {
            desk.poll();
            desk.poll();
            tevo().verify(exactly(0), acceptOf(9601));
            assertThat(emailsAbout(9601)).isEmpty();
            assertThat(emailsWithSubject("the inventory cannot answer")).hasSize(1);
        } finally {
            INVENTORY.start();
        }

        desk.poll();
        desk.poll();

        tevo().verify(exactly(1), acceptOf(9601));
        assertThat(emailsWithSubject("the inventory cannot answer")).hasSize(1);
    }

    @Test
    @Reliability(area = FaultArea.DATABASE_DOWN, value = "the state store's PostgreSQL server stopped across two polls, then"
            + " started again", holds = "nothing accepted while it is down; readiness DOWN; one email for the outage (sent"
                    + " without the outbox); accepted once when it is back, readiness UP")
    void whileTheStateStoreIsDownNothingIsAcceptedAndTheOrderIsAcceptedWhenItIsBack() {
        String order = order(9602, item(961, "DOWN-2", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(9602, json(200, withState(order, "accepted")));

        STATE.stop();
        try {
            desk.poll();
            desk.poll();
            tevo().verify(exactly(0), acceptOf(9602));
            io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(503);
            assertThat(emailsWithSubject("database cannot be reached")).singleElement()
                    .satisfies(m -> assertThat(Desk.body(m)).contains("Nothing is accepted").contains("What to do"));
        } finally {
            STATE.start();
        }

        desk.poll();
        desk.poll();

        tevo().verify(exactly(1), acceptOf(9602));
        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(200);
        assertThat(emailsWithSubject("database cannot be reached")).hasSize(1);
        assertThat(emailsAbout(9602)).isEmpty();
    }

}
