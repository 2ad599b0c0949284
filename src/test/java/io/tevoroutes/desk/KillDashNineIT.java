package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.page;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.deliveryAppliedButAnswered;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.posts;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk as a process of its own, stopped the hard way (kill -9) and the polite way (SIGTERM) while it
 * works, then started again on the same state store (an H2 file), inbox and fake TEvo. WireMock plays a stateful
 * TEvo: an accept or a delivery is applied when it arrives, whatever becomes of its answer.
 */
@ExtendWith(ReliabilityReport.class)
class KillDashNineIT {

    static final String AUDIT_TOKEN = "it-audit-token-3Nc8";
    static final TevoApiResource TEVO = new TevoApiResource();
    static final MailResource MAIL = new MailResource();
    static Map<String, String> servers;

    Path root;
    Path inbox;

    @BeforeAll
    static void servers() {
        servers = new LinkedHashMap<>(TEVO.start());
        servers.putAll(MAIL.start());
    }

    @AfterAll
    static void stopServers() {
        TEVO.stop();
        MAIL.stop();
    }

    @BeforeEach
    void reset() {
        TevoApiResource.resetToUnauthorized();
    }

    /** A desk's settings: production profile, this test's TEvo, SMTP server, folders and state store. */
    Map<String, String> config(String name) throws IOException {
        root = Path.of("target/it-" + name);
        inbox = root.resolve("inbox");
        Inboxes.wipe(root);
        Files.createDirectories(inbox);
        Files.writeString(root.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nKILL-1,4,50.00,true\nTERM-1,4,50.00,true\n");
        Map<String, String> c = DeskProcess.settings(servers, root);
        c.put("tevo.api.response-timeout", "120000");
        c.put("tevo.api.retry.initial-delay", "50ms");
        c.put("notify.outbox.lease", "3s");
        c.put("etickets.work-dir", root.resolve("work").toString());
        c.put("state.reservations.check-period", "1s");
        c.put("state.reservations.min-age", "0s");
        c.put("quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + root.resolve("state/desk") + ";DB_CLOSE_ON_EXIT=FALSE");
        c.put("audit.token", AUDIT_TOKEN);
        return c;
    }

    @Test
    @Reliability(area = FaultArea.KILLED, value = "kill -9 of the packaged desk twice: first while an accept and a delivery"
            + " are in flight (TEvo applied both, answers after a minute) after a held order was emailed; then, on a new desk,"
            + " after a delivery TEvo took while the order's completion hangs (the file not moved yet); a third desk after it",
            holds = "each accept and delivery sent once in all; the held order emailed once; the accept settled as sold from"
                    + " the state store, the deliveries found done (in TEvo, in the ledger), every file in .done, none lost; no"
                    + " secret in any desk's log")
    void killedMidWorkAndStartedAgainNothingIsSentTwiceAndNoFileIsLost() throws IOException {
        Map<String, String> config = config("kill");
        // an order the desk accepts: TEvo applies the accept at once but answers only after a minute
        String sold = order(9101, item(910, "KILL-1", 1, "60.00", true));
        String held = order(9102, item(911, "NOT-IN-INVENTORY-9102", 1, "10.00", true));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending"))).inScenario("sale")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, page(1, 100, sold, held))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending"))).inScenario("sale")
                .whenScenarioStateIs("accepted").willReturn(json(200, page(1, 100, held))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/9101"))).inScenario("sale").whenScenarioStateIs("accepted")
                .willReturn(json(200, withState(sold, "accepted"))));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9101/accept"))).inScenario("sale").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, withState(sold, "accepted")).withFixedDelay(60_000)).willSetStateTo("accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9101/accept"))).inScenario("sale").whenScenarioStateIs("accepted")
                .willReturn(json(422, "{\"errors\":{\"state\":[\"is not pending\"]}}")));
        // a delivery TEvo applies at once but answers only after a minute
        deliveryAppliedButAnswered(9201, withState(order(9201, item(921, "KILL-1", 1, "60.00", true)), "accepted"),
                json(200, "{}").withFixedDelay(60_000));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9201/complete"))).willReturn(json(200, "{}")));
        // a delivery answered at once, then the order's completion hangs: the file is not moved yet
        show(9301, withState(order(9301, item(931, "KILL-1", 1, "60.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9301/deliver_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9301/complete"))).willReturn(json(200, "{}").withFixedDelay(60_000)));

        Map<String, String> noFollowUp = new LinkedHashMap<>(config);
        noFollowUp.put("state.reservations.check-period", "1h"); // the first desk must not settle its own accept meanwhile
        DeskProcess first = DeskProcess.start("kill-first", noFollowUp);
        DeskProcess second = null;
        DeskProcess third = null;
        try {
            drop(Pdfs.seats(root.resolve("a.pdf"), 1, 1), "9201-921.pdf");
            await().atMost(Duration.ofSeconds(60)).until(() -> posts("/v9/orders/9101/accept") == 1
                    && posts("/v9/orders/9201/deliver_etickets") == 1
                    && first.logText().contains("emailed desk@broker.example: TEvo order 9102"));

            first.kill9();

            assertThat(inbox.resolve("9201-921.pdf")).as("the file being delivered stays in the inbox").exists();
            second = DeskProcess.start("kill-second", config);
            DeskProcess afterFirstKill = second;
            await().atMost(Duration.ofSeconds(60)).until(() -> landed(".done", "9201-921.pdf")
                    && afterFirstKill.get("/audit/orders/9101", AUDIT_TOKEN).contains("\"status\":\"ACCEPTED\""));
            assertThat(second.logText()).contains("the accept the desk sent was applied").contains("TEvo already holds the e-tickets of item 921");

            drop(Pdfs.seats(root.resolve("b.pdf"), 1, 1), "9301-931.pdf");
            await().atMost(Duration.ofSeconds(60)).until(() -> posts("/v9/orders/9301/complete") == 1);

            second.kill9();

            assertThat(inbox.resolve("9301-931.pdf")).as("the delivered file not moved yet stays in the inbox").exists();
            third = DeskProcess.start("kill-third", config);
            await().atMost(Duration.ofSeconds(60)).until(() -> landed(".done", "9301-931.pdf"));
            // a few more polls of the last desk: the held order is seen again, and nothing is sent twice
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

            assertThat(third.logText()).contains("item 931 of order 9301 is delivered already");
            assertThat(posts("/v9/orders/9101/accept")).isEqualTo(1);
            assertThat(posts("/v9/orders/9201/deliver_etickets")).isEqualTo(1);
            assertThat(posts("/v9/orders/9301/deliver_etickets")).isEqualTo(1);
            assertThat(emailsWithSubject("order 9102 ")).hasSize(1);
            assertThat(emailsWithSubject("9101")).isEmpty();
            assertThat(emailsWithSubject("9201-921.pdf")).isEmpty();
            assertThat(emailsWithSubject("9301-931.pdf")).isEmpty();
            assertThat(Inboxes.files(inbox)).isEmpty();
            for (DeskProcess desk : List.of(first, second, third)) {
                SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log of " + desk.log());
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            if (third != null) {
                third.close();
            }
        }
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "SIGTERM to the packaged desk while an accept and a delivery are in flight"
            + " (answered after 3 s) and another order waits in the queue; then a new desk",
            holds = "the desk exits by itself after finishing the accept and the delivery (file in .done), also with its H2"
                    + " URL set as QUARKUS_DATASOURCE_JDBC_URL without DB_CLOSE_ON_EXIT (no 'Database is already closed'); the"
                    + " queued order is decided by the next desk; every accept and delivery sent once")
    void aSigtermLetsInFlightWorkFinishAndLeavesTheRestForTheNextStart() throws IOException {
        Map<String, String> config = config("term");
        // the state store's URL as the README shows it, in the environment, without DB_CLOSE_ON_EXIT: the desk makes it
        // safe (H2's own shutdown hook closed the database under the in-flight accept)
        config.remove("quarkus.datasource.jdbc.url");
        config.put(DeskProcess.ENV + "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:file:./" + root.resolve("state/desk"));
        config.put("tevo.evaluate.concurrency", "1"); // the second order waits in the queue while the first is accepted
        String first = order(9401, item(940, "TERM-1", 1, "60.00", true));
        String second = order(9402, item(941, "TERM-1", 1, "60.00", true));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending")))
                .willReturn(json(200, page(1, 100, first, second))));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9401/accept")))
                .willReturn(json(200, withState(first, "accepted")).withFixedDelay(3000)));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9402/accept"))).willReturn(json(200, withState(second, "accepted"))));
        show(9501, withState(order(9501, item(951, "TERM-1", 1, "60.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9501/deliver_etickets"))).willReturn(json(200, "{}").withFixedDelay(3000)));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9501/complete"))).willReturn(json(200, "{}")));

        DeskProcess desk = DeskProcess.start("term-first", config);
        DeskProcess next = null;
        try {
            drop(Pdfs.seats(root.resolve("c.pdf"), 1, 1), "9501-951.pdf");
            await().atMost(Duration.ofSeconds(60)).until(() -> posts("/v9/orders/9401/accept") == 1
                    && posts("/v9/orders/9501/deliver_etickets") == 1);

            int exit = desk.stop(Duration.ofSeconds(45));

            assertThat(exit).as("exit code after SIGTERM").isNotEqualTo(-1);
            assertThat(desk.logText()).contains("order 9401 decision=ACCEPT").contains("delivered 9501-951.pdf")
                    .doesNotContain("Database is already closed").doesNotContain("already closed");
            assertThat(landed(".done", "9501-951.pdf")).isTrue();

            next = DeskProcess.start("term-second", config);
            DeskProcess again = next;
            await().atMost(Duration.ofSeconds(60)).until(() -> again.get("/audit/orders/9402", AUDIT_TOKEN).contains("\"status\":\"ACCEPTED\""));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(again.get("/audit/orders/9401", AUDIT_TOKEN)).contains("\"status\":\"ACCEPTED\"");
            assertThat(posts("/v9/orders/9401/accept")).isEqualTo(1);
            assertThat(posts("/v9/orders/9402/accept")).isEqualTo(1);
            assertThat(posts("/v9/orders/9501/deliver_etickets")).isEqualTo(1);
            SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log of the stopped desk");
            SecretsNeverLeak.assertNoSecretIn(next.logText(), "the log of the next desk");
        } finally {
            desk.close();
            if (next != null) {
                next.close();
            }
        }
    }

    void drop(Path file, String name) throws IOException {
        Inboxes.drop(file, inbox, name);
    }

    boolean landed(String folder, String name) throws IOException {
        return Inboxes.landed(inbox, folder, name) > 0;
    }
}
