package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.PostgresResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** inventory.source=sql on a real PostgreSQL: the desk decides from the broker's database. */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@ExtendWith(SecretsNeverLeak.class)
class SqlInventoryDeskTest {

    @Inject
    Desk desk;

    @Test
    void ordersAreDecidedFromThePostgresInventory() {
        PostgresResource.execute(PostgresResource.url(), "delete from inventory where ticket_id like 'SQL-%';"
                + "insert into inventory (ticket_id, quantity, price, eticket) values ('SQL-1', 2, 50.00, true), ('SQL-2', 1, 50.00, true)");
        TevoApiResource.resetToUnauthorized();
        String fillable = order(8101, item(810, "SQL-1", 2, "60.00", true), item(811, "SQL-2", 1, "60.00", true));
        String shortOne = order(8102, item(812, "SQL-2", 3, "60.00", true));
        pendingOrders(fillable, shortOne);
        acceptAnswers(8101, json(200, withState(fillable, "accepted")));

        desk.poll();

        tevo().verify(exactly(1), acceptOf(8101, 4242));
        tevo().verify(exactly(0), acceptOf(8102));
        assertThat(emailsAbout(8102)).singleElement().satisfies(m -> assertThat(body(m)).contains("short by"));
    }
}
