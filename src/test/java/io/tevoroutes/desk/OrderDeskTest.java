package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.mail.internet.MimeMessage;

/** The order desk scenarios on the defaults: inventory from a CSV export, state in (in-memory) H2. */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class OrderDeskTest extends OrderDeskScenarios {

    @Test
    void tevoUnreachableIsReportedOnceAndReadinessIsDownUntilItAnswersAgain() {
        int before = unreachableEmails().size();
        tevo().stubFor(get(urlPathEqualTo("/v9/orders")).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        desk.poll();
        desk.poll();
        desk.poll();

        assertThat(unreachableEmails()).hasSize(before + 1).last().satisfies(m -> assertThat(body(m))
                .contains("cannot reach the TEvo API").contains("What to do").contains("call(s) failed so far"));
        given().get("/q/health/ready").then().statusCode(503).body(org.hamcrest.Matchers.containsString("TEvo API"))
                .body(org.hamcrest.Matchers.containsString("failingSince"));

        TevoApiResource.resetToUnauthorized();
        pendingOrders();
        desk.poll();

        given().get("/q/health/ready").then().statusCode(200);
        assertThat(unreachableEmails()).hasSize(before + 1);
    }

    @jakarta.inject.Inject
    io.tevoroutes.desk.state.MailOutbox outbox;

    @Test
    void anEmailTheSmtpServerDoesNotTakeIsKeptAndSentOnceWhenItIsBack() {
        pendingOrders(order(6501, item(150, "NOT-IN-INVENTORY-6501", 1, "10.00", true)));
        int pendingBefore = outbox.pendingCount();
        MailResource.smtpDown();
        try {
            desk.poll();
            desk.poll(); // held again: still one email for the order and its reason
            desk.sendOutbox(); // SMTP still down: kept
            assertThat(outbox.pendingCount()).isEqualTo(pendingBefore + 1);
        } finally {
            MailResource.smtpUp();
        }

        desk.sendOutbox();

        assertThat(emailsAbout(6501)).singleElement().satisfies(m -> assertThat(body(m)).contains("unknown ticket"));
        assertThat(outbox.pendingCount()).isEqualTo(pendingBefore);
        desk.poll();
        desk.sendOutbox();
        assertThat(emailsAbout(6501)).hasSize(1);
    }

    private static List<MimeMessage> unreachableEmails() {
        return Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .filter(m -> Desk.subject(m).contains("TEvo cannot be reached")).toList();
    }
}
