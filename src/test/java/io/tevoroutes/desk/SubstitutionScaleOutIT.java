package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.BuySide.group;
import static io.tevoroutes.desk.support.BuySide.listing;
import static io.tevoroutes.desk.support.BuySide.listings;
import static io.tevoroutes.desk.support.BuySide.ordersAnswer;
import static io.tevoroutes.desk.support.BuySide.purchases;
import static io.tevoroutes.desk.support.BuySide.rejectedPurchase;
import static io.tevoroutes.desk.support.BuySide.substitute;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SharedDatabase;

/**
 * The buy side on two packaged desks sharing one PostgreSQL: both poll the same rejected purchase orders every 300 ms in
 * mode auto, and TEvo answers each create a second later, so both desks see every purchase while a create is in flight.
 */
@ExtendWith(ReliabilityReport.class)
class SubstitutionScaleOutIT {

    static final int PURCHASES = 6;
    static final SharedDatabase SHARED = new SharedDatabase();

    final Path root = Path.of("target/it-substitution-scale-out");

    @BeforeAll
    static void servers() {
        SHARED.start("substitution_scale_out");
    }

    @AfterAll
    static void stopServers() {
        SHARED.stop();
    }

    Map<String, String> config(String instance) {
        Map<String, String> c = SHARED.config(instance, root);
        c.put("tevo.poll.enabled", "false");
        c.put("substitution.mode", "auto");
        c.put("substitution.poll-period", "300ms");
        return c;
    }

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "two packaged desks on one PostgreSQL, both in substitution.mode=auto,"
            + " polling 6 rejected purchase orders every 300 ms; TEvo answers each create after 1 s",
            holds = "each rejected purchase substituted exactly once across both desks; one email each")
    void twoDesksOnOneDatabaseBuyOneSubstitutePerRejectedPurchase() throws IOException {
        Inboxes.wipe(root);
        Files.createDirectories(root.resolve("inbox"));
        Files.writeString(root.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nSUB-1,1,50.00,true\n");
        List<ObjectNode> rejected = new ArrayList<>();
        for (int i = 0; i < PURCHASES; i++) {
            long id = 8901 + i;
            ObjectNode po = rejectedPurchase(id, id * 10, 9900 + i, Duration.ofDays(10));
            rejected.add(po);
            group(id * 10, po);
            listings(9900 + i, listing(99000 + i, 4, "101", "10", "Eticket", "100.00"));
            tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders")))
                    .withRequestBody(matchingJsonPath("$.orders[0].substitute_order_link_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(String.valueOf(id))))
                    .willReturn(json(200, ordersAnswer(substitute(id + 100, id * 10, id))).withFixedDelay(1000)));
        }
        purchases("rejected");
        purchases("pending_substitution");

        DeskProcess a = DeskProcess.start("substitution-a", config("desk-a"));
        DeskProcess b = DeskProcess.start("substitution-b", config("desk-b"));
        try {
            // both desks polling, then the sellers reject: both see every purchase at once
            await().atMost(Duration.ofSeconds(60)).until(() -> a.logText().contains("Started substitution-poll-timer")
                    && b.logText().contains("Started substitution-poll-timer"));
            purchases("rejected", rejected.toArray(ObjectNode[]::new));
            await().atMost(Duration.ofSeconds(120)).until(() -> emailsWithSubject("Substitute bought").size() >= PURCHASES);
            // more polls of both desks over the same list: nothing more may be bought
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

            for (int i = 0; i < PURCHASES; i++) {
                long id = 8901 + i;
                assertThat(tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders"))
                        .withRequestBody(matchingJsonPath("$.orders[0].substitute_order_link_id",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo(String.valueOf(id))))))
                        .as("creates for rejected purchase " + id).hasSize(1);
                assertThat(emailsWithSubject("Substitute bought for rejected purchase order " + id)).hasSize(1);
            }
            // which desk bought which depends on timing (in the last runs each bought 3); what may never happen is twice
            assertThat(a.logText() + b.logText()).contains("substitute bought");
            for (DeskProcess desk : List.of(a, b)) {
                SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log of " + desk.log());
            }
        } finally {
            a.close();
            b.close();
        }
    }
}
