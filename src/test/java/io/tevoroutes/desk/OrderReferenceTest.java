package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.DeskState;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SqlConsole;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** The broker's reference (a POS invoice column of the inventory) written onto each accepted order once, retried. */
@QuarkusTest
@TestProfile(OrderReferenceTest.References.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@ExtendWith(SecretsNeverLeak.class)
class OrderReferenceTest {

    static final Path INVENTORY = Path.of("target/test-inventory-references.csv");

    public static class References implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // a POS export: a column name with a space, a quoted value with spaces, a "null"
                Files.writeString(INVENTORY, "TicketID,Quantity,Price,ETicket,POS Invoice\nREF-1,4,50.00,true,\" INV-77 \"\n"
                        + "REF-2,4,50.00,true,INV-78\nREF-3,4,50.00,true,null\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("inventory.csv.path", INVENTORY.toString(), "order-reference.enabled", "true",
                    "order-reference.invoice-number-column", "POS Invoice", "order-reference.retry-delay", "1h");
        }
    }

    @Inject
    Desk desk;
    @Inject
    DeskState state;
    @Inject
    SqlConsole sql;
    @Inject
    ProducerTemplate producer;

    @Test
    void theInvoiceIsWrittenOntoEachAcceptedOrderOnceAndAFailedWriteIsTriedAgain() {
        TevoApiResource.resetToUnauthorized();
        String two = order(7901, item(79011, "REF-1", 1, "60.00", true), item(79012, "REF-2", 1, "60.00", true));
        String none = order(7902, item(79021, "REF-3", 1, "60.00", true));
        String busy = order(7903, item(79031, "REF-2", 1, "60.00", true));
        pendingOrders(two, none, busy);
        acceptAnswers(7901, json(200, withState(two, "accepted")));
        acceptAnswers(7902, json(200, withState(none, "accepted")));
        acceptAnswers(7903, json(200, withState(busy, "accepted")));
        tevo().stubFor(signed(put(urlPathEqualTo("/v9/orders/7901"))).willReturn(json(200, withState(two, "accepted"))));
        // TEvo fails the first write for 7903 (a 500: not retried at once), then takes it
        tevo().stubFor(signed(put(urlPathEqualTo("/v9/orders/7903"))).inScenario("ref-7903").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"error\":\"Internal Server Error\"}")).willSetStateTo("up"));
        tevo().stubFor(signed(put(urlPathEqualTo("/v9/orders/7903"))).inScenario("ref-7903").whenScenarioStateIs("up")
                .willReturn(json(200, withState(busy, "accepted"))));

        desk.poll();
        desk.poll();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(sql.text("select status from order_reference where order_id = 7901"))
                && "PENDING".equals(sql.text("select status from order_reference where order_id = 7903"))
                && sql.number("select attempts from order_reference where order_id = 7903") > 0);

        assertThat(state.status(7901L)).as("accepted whatever becomes of the reference").isEqualTo("ACCEPTED");
        tevo().verify(exactly(1), putRequestedFor(urlPathEqualTo("/v9/orders/7901")).withRequestBody(equalToJson("{\"invoice_number\":\"INV-77,INV-78\"}")));
        tevo().verify(exactly(0), putRequestedFor(urlPathEqualTo("/v9/orders/7902")));
        assertThat(sql.number("select count(*) from order_reference where order_id = 7902")).as("no reference: nothing recorded").isZero();

        // the retry, when due (its delay passed)
        sql.execute("update order_reference set next_attempt_at = current_timestamp where order_id = 7903");
        producer.sendBody("direct:order-reference-retry", null);
        producer.sendBody("direct:order-reference-retry", null);
        assertThat(sql.text("select status from order_reference where order_id = 7903")).isEqualTo("DONE");
        tevo().verify(putRequestedFor(urlPathEqualTo("/v9/orders/7903")).withRequestBody(equalToJson("{\"invoice_number\":\"INV-78\"}")));
        // tried once more by the schedule, which TEvo takes; the next sweep finds nothing due
        int puts = tevo().findAll(putRequestedFor(urlPathEqualTo("/v9/orders/7903"))).size();
        producer.sendBody("direct:order-reference-retry", null);
        assertThat(tevo().findAll(putRequestedFor(urlPathEqualTo("/v9/orders/7903")))).hasSize(puts);
        desk.poll();
        tevo().verify(exactly(1), putRequestedFor(urlPathEqualTo("/v9/orders/7901")));
    }
}
