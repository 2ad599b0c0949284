package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.page;
import static io.tevoroutes.desk.support.TestOrders.withEticketsAvailable;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.posts;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.PostgresResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SharedDatabase;

/**
 * Two packaged desks, each a JVM of its own, on one embedded PostgreSQL, one fake TEvo (WireMock, stateful per order:
 * an accept or a delivery is applied when it arrives) and one shared inbox. Each order is claimed by the desk that
 * lists it first (here desk a, started first, claims most of them); desk a is killed (kill -9) mid-run with accepts in
 * flight and orders queued; desk b takes its work over. TEvo's pending list stays stale on purpose (it
 * keeps listing orders already accepted), as a real list can be between two reads.
 */
@ExtendWith(ReliabilityReport.class)
class ScaleOutIT {

    static final int SALES = 24;
    static final long FIRST = 9701;
    static final long[] HELD = { 9751, 9752, 9753 };
    /** Orders whose e-tickets are dropped into the shared inbox before anything is accepted. */
    static final long[] WITH_FILES = { 9701, 9704, 9708, 9713, 9717, 9722 };
    static final SharedDatabase SHARED = new SharedDatabase();
    static String database;

    final Path root = Path.of("target/it-scale-out");
    final Path inbox = root.resolve("inbox");

    @BeforeAll
    static void servers() {
        database = SHARED.start("scale_out").database();
    }

    @AfterAll
    static void stopServers() {
        SHARED.stop();
    }

    Map<String, String> config(String instance) {
        Map<String, String> c = SHARED.config(instance, root);
        c.put("tevo.api.response-timeout", "60000");
        c.put("tevo.evaluate.concurrency", "2");
        c.put("inventory.csv.check-period", "1s");
        c.put("etickets.inbox.poll-delay", "300");
        c.put("state.reservations.check-period", "1h");
        return c;
    }

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "two packaged desks on one PostgreSQL, 24 fillable orders for one"
            + " TicketID with exactly 24 tickets, 3 unfillable ones, 6 PDFs in a shared inbox, TEvo answering each accept"
            + " after 1.5 s; the desk that is working killed (kill -9) after the 8th accept",
            holds = "every order accepted exactly once and every PDF delivered exactly once across both desks; no order held"
                    + " short (no ticket promised twice); each held order emailed once; the survivor takes the dead desk's"
                    + " orders over and finishes them; every file in .done; no claim of the dead desk left")
    void twoDesksOnOneDatabaseAndTheWorkingOneKilledNothingTwiceNothingLost() throws IOException, SQLException {
        prepareFolders();
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < SALES; i++) {
            long id = FIRST + i;
            String pending = order(id, item(id * 10 + 1, "SCALE-1", 1, "60.00", true));
            listed.add(pending);
            statefulOrder(id, pending);
        }
        for (long id : HELD) {
            String held = order(id, item(id * 10 + 1, "NOT-IN-INVENTORY-" + id, 1, "10.00", true));
            listed.add(held);
            tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + id))).willReturn(json(200, held)));
        }
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending")))
                .willReturn(json(200, page(1, 100, listed.toArray(String[]::new)))));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));
        Path ticket = Pdfs.seats(root.resolve("ticket.pdf"), 1, 1);
        for (long id : WITH_FILES) {
            Inboxes.drop(ticket, inbox, id + "-" + (id * 10 + 1) + ".pdf");
        }

        DeskProcess a = DeskProcess.start("scale-a", config("desk-a"));
        DeskProcess b = DeskProcess.start("scale-b", config("desk-b"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> acceptsSent() >= 8);
            long killedAt = System.nanoTime();
            a.kill9();
            int acceptsAtKill = acceptsSent();
            // desk b takes desk a's orders over, by its takeover sweep or by its next poll, whichever comes first
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> b.logText().contains("from desk desk-a (its claim ran out)"));
            double pickupSeconds = (System.nanoTime() - killedAt) / 1e9;

            await().atMost(Duration.ofSeconds(120)).until(() -> count("select count(*) from desk_order where status = 'ACCEPTED'") == SALES
                    && delivered() == WITH_FILES.length && emailsWithSubject("TEvo order").size() >= HELD.length);
            long doneAt = System.nanoTime();
            // a few more polls of the survivor over the stale list: nothing more may be sent
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);

            for (int i = 0; i < SALES; i++) {
                assertThat(posts("/v9/orders/" + (FIRST + i) + "/accept")).as("accepts of order " + (FIRST + i)).isEqualTo(1);
            }
            for (long id : WITH_FILES) {
                assertThat(posts("/v9/orders/" + id + "/deliver_etickets")).as("deliveries of order " + id).isEqualTo(1);
            }
            for (long id : HELD) {
                assertThat(emailsWithSubject("order " + id + " ")).as("emails about held order " + id).hasSize(1);
            }
            assertThat(MailResource.greenMail().getReceivedMessages()).as("no other email (no order held short, no file refused)")
                    .hasSize(HELD.length);
            assertThat(Inboxes.files(inbox)).as("every file delivered and moved").isEmpty();
            assertThat(Inboxes.files(inbox.resolve(".done"))).hasSize(WITH_FILES.length);
            assertThat(a.logText()).as("desk a worked before it was killed").contains("decision=ACCEPT");
            assertThat(b.logText()).as("desk b took desk a's orders over and finished them").contains("decision=ACCEPT")
                    .doesNotContain("cannot re-read order");
            assertThat(count("select count(*) from work_claim where owner = 'desk-a'")).as("claims of the dead desk left").isZero();
            assertThat(count("select count(*) from reservation where released_at is null")).as("tickets promised").isEqualTo(SALES);
            for (DeskProcess desk : List.of(a, b)) {
                SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log of " + desk.log());
            }
            String figures = "scale-out: 2 desks, %d orders; desk a killed after %d accepts; desk b took its first order over %.1f s after the kill;"
                    .formatted(SALES + HELD.length, acceptsAtKill, pickupSeconds)
                    + " all done %.1f s after the kill%n".formatted((doneAt - killedAt) / 1e9);
            System.out.print(figures);
            Files.writeString(Path.of("target/scale-out.txt"), figures);
        } finally {
            a.close();
            b.close();
        }
    }

    /** One sale: pending until an accept arrives (answered 1.5 s later), then accepted; delivered once e-tickets arrive. */
    static void statefulOrder(long id, String pending) {
        String scenario = "scale-" + id;
        String accepted = withState(pending, "accepted");
        String show = "/v9/orders/" + id;
        tevo().stubFor(signed(get(urlPathEqualTo(show))).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, pending)));
        tevo().stubFor(signed(get(urlPathEqualTo(show))).inScenario(scenario).whenScenarioStateIs("accepted")
                .willReturn(json(200, accepted)));
        tevo().stubFor(signed(get(urlPathEqualTo(show))).inScenario(scenario).whenScenarioStateIs("delivered")
                .willReturn(json(200, withEticketsAvailable(accepted))));
        tevo().stubFor(signed(post(urlPathEqualTo(show + "/accept"))).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, accepted).withFixedDelay(1500)).willSetStateTo("accepted"));
        for (String state : List.of("accepted", "delivered")) {
            tevo().stubFor(signed(post(urlPathEqualTo(show + "/accept"))).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(json(422, "{\"errors\":{\"state\":[\"is not pending\"]}}")));
        }
        tevo().stubFor(signed(post(urlPathEqualTo(show + "/deliver_etickets"))).inScenario(scenario).whenScenarioStateIs("accepted")
                .willReturn(json(200, "{}").withFixedDelay(300)).willSetStateTo("delivered"));
        tevo().stubFor(signed(post(urlPathEqualTo(show + "/deliver_etickets"))).inScenario(scenario).whenScenarioStateIs("delivered")
                .willReturn(json(422, "{\"errors\":{\"etickets\":[\"already delivered\"]}}")));
    }

    void prepareFolders() throws IOException {
        Inboxes.wipe(root);
        Files.createDirectories(inbox);
        Files.writeString(root.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nSCALE-1," + SALES + ",50.00,true\n");
    }

    static int acceptsSent() {
        return tevo().findAll(postRequestedFor(urlPathMatching("/v9/orders/\\d+/accept"))).size();
    }

    int delivered() throws IOException {
        return Inboxes.files(inbox.resolve(".done")).size();
    }

    static int count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database, "postgres", PostgresResource.PASSWORD);
                PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
