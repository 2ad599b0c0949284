package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.Desk.body;
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

    private static List<MimeMessage> unreachableEmails() {
        return Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .filter(m -> Desk.subject(m).contains("TEvo cannot be reached")).toList();
    }
}
