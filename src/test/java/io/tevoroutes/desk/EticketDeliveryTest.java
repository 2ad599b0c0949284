package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.itemWithSeats;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withEticketsAvailable;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.deliveryAppliedButAnswered;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.ordersNeedingEtickets;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.posts;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.eticket.TicketPdfs;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TestLog;
import io.tevoroutes.desk.support.TevoApiResource;

import jakarta.mail.internet.MimeMessage;

/** PDFs dropped into the local inbox (target/test-inbox) are delivered through the signed API, or moved aside. */
@QuarkusTest
@TestProfile(EticketDeliveryTest.FastInbox.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class EticketDeliveryTest {

    static final Path INBOX = Path.of("target/test-inbox");

    /** Polls the inbox often (and is an app of its own: Quarkus cannot restart the default test app a second time). */
    public static class FastInbox implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(io.tevoroutes.desk.support.EmptyInbox.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("etickets.inbox.poll-delay", "100", "etickets.owed.min-age", "0s");
        }
    }

    final Path scratch = Path.of("target/eticket-scratch");

    @jakarta.inject.Inject
    Desk desk;
    @jakarta.inject.Inject
    io.tevoroutes.desk.support.SqlConsole state;
    @jakarta.inject.Inject
    io.tevoroutes.desk.state.OwedEtickets owed;
    @jakarta.inject.Inject
    org.apache.camel.ProducerTemplate producer;

    @BeforeEach
    void reset() throws IOException {
        Files.createDirectories(scratch);
        TevoApiResource.resetToUnauthorized();
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));
    }

    @Test
    void anItemPdfIsDeliveredOnceWithTheOrderItemId() throws IOException {
        show(7501, withState(order(7501, item(750, "ACC-1", 2, "100.00", true)), "accepted"));

        drop(Pdfs.seats(scratch.resolve("a.pdf"), 20, 21), "7501-750.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7501-750.pdf") == 1);
        List<JsonNode> sent = deliveries(7501);
        assertThat(sent).hasSize(1);
        JsonNode eticket = sent.get(0).get("etickets").get(0);
        assertThat(eticket.get("item_id").asLong()).isEqualTo(750 + 50000); // order_item_id, not items[].id
        try (PDDocument pdf = Loader.loadPDF(Base64.getDecoder().decode(eticket.get("eticket").asText()))) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(2);
        }

        // its only e-ticket item is in, and TEvo still shows it accepted: the desk completes it
        await().atMost(Duration.ofSeconds(10)).until(() -> completions(7501) == 1);

        drop(Pdfs.seats(scratch.resolve("b.pdf"), 20, 21), "7501-750.pdf"); // the same item again
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7501-750.pdf") == 2);
        assertThat(deliveries(7501)).hasSize(1);
        assertThat(completions(7501)).isEqualTo(1);
    }

    @Test
    @Reliability(area = FaultArea.KILLED, value = "the desk stopped during a delivery (simulated: the ledger says DELIVERING,"
            + " the file is still in the inbox) and TEvo does not show the item's e-tickets",
            holds = "the file is not sent again; moved to .error with an email asking a person to check TEvo")
    void aDeliveryCutShortByACrashIsNotSentAgain() throws IOException {
        show(7506, withState(order(7506, item(756, "ACC-1", 1, "100.00", true)), "accepted"));
        // the desk claimed the item and stopped before it could record the answer
        state.execute("insert into eticket_delivery (order_id, item_id, status, updated_at) values (7506, 756, 'DELIVERING', current_timestamp)");

        drop(Pdfs.seats(scratch.resolve("j.pdf"), 1, 1), "7506-756.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7506-756.pdf") == 1);
        assertThat(deliveries(7506)).isEmpty();
        assertThat(emailAbout("7506-756.pdf")).contains("was started before and may have reached TEvo");
    }

    @Test
    @Reliability(area = FaultArea.KILLED, value = "the desk stopped during a delivery (simulated: the ledger says DELIVERING,"
            + " the file is still in the inbox) and TEvo shows the item's e-tickets (eticket_available)",
            holds = "nothing sent again, no email; recorded as delivered, the file moved to .done, the order completed")
    void aDeliveryCutShortByACrashThatTevoTookIsRecordedWithoutSendingAgain() throws IOException {
        show(7510, withEticketsAvailable(withState(order(7510, item(760, "ACC-1", 1, "100.00", true)), "accepted")));
        state.execute("insert into eticket_delivery (order_id, item_id, status, updated_at) values (7510, 760, 'DELIVERING', current_timestamp)");

        drop(Pdfs.seats(scratch.resolve("j2.pdf"), 1, 1), "7510-760.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7510-760.pdf") == 1);
        assertThat(deliveries(7510)).isEmpty();
        assertThat(state.number("select count(*) from eticket_delivery where order_id = 7510 and status = 'DELIVERED'")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> completions(7510) == 1);
        assertThat(emailsWithSubject("7510-760.pdf")).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "three deliveries TEvo applied (stateful TEvo: the items then"
            + " show their e-tickets) answered 500, with a reset connection, and after the response timeout",
            holds = "none sent a second time, no email; each recorded as delivered after re-reading its order, file to .done")
    void deliveriesTevoAppliedButAnsweredBadlyAreSettledByReadingTheOrder() throws IOException {
        String a = withState(order(7511, item(761, "ACC-1", 1, "100.00", true)), "accepted");
        String b = withState(order(7512, item(762, "ACC-1", 1, "100.00", true)), "accepted");
        String c = withState(order(7513, item(763, "ACC-1", 1, "100.00", true)), "accepted");
        deliveryAppliedButAnswered(7511, a, json(500, "{\"error\":\"Internal Server Error\"}"));
        deliveryAppliedButAnswered(7512, b, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        deliveryAppliedButAnswered(7513, c, json(200, "{}").withFixedDelay(4000));

        drop(Pdfs.seats(scratch.resolve("q1.pdf"), 1, 1), "7511-761.pdf");
        drop(Pdfs.seats(scratch.resolve("q2.pdf"), 1, 1), "7512-762.pdf");
        drop(Pdfs.seats(scratch.resolve("q3.pdf"), 1, 1), "7513-763.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> landed(".done", "7511-761.pdf") + landed(".done", "7512-762.pdf")
                + landed(".done", "7513-763.pdf") == 3);
        for (long id : new long[] { 7511, 7512, 7513 }) {
            assertThat(deliveries(id)).as("deliveries of order %d", id).hasSize(1);
        }
        assertThat(state.number("select count(*) from eticket_delivery where order_id in (7511, 7512, 7513) and status = 'DELIVERED'"))
                .isEqualTo(3);
        assertThat(emailsWithSubject("7511-761.pdf")).isEmpty();
        assertThat(emailsWithSubject("7512-762.pdf")).isEmpty();
        assertThat(emailsWithSubject("7513-763.pdf")).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.TAKEN_MEANWHILE, value = "the order canceled while its PDF is being delivered (delivery"
            + " answered 422, the re-read order is canceled)", holds = "no error email; the file kept in .error; nothing sent again")
    void anOrderCanceledWhileItsEticketsAreDeliveredIsDroppedQuietly() throws IOException {
        String pending = order(7514, item(764, "ACC-1", 1, "100.00", true));
        String accepted = withState(pending, "accepted");
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/7514"))).inScenario("cancel-7514").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, accepted)));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7514/deliver_etickets"))).atPriority(1).inScenario("cancel-7514")
                .willReturn(json(422, "{\"errors\":{\"order\":[\"is canceled\"]}}")).willSetStateTo("canceled"));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/7514"))).inScenario("cancel-7514").whenScenarioStateIs("canceled")
                .willReturn(json(200, withState(pending, "canceled"))));

        drop(Pdfs.seats(scratch.resolve("r.pdf"), 1, 1), "7514-764.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7514-764.pdf") == 1);
        assertThat(deliveries(7514)).hasSize(1);
        assertThat(emailsWithSubject("7514-764.pdf")).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.TEVO_BUSY, value = "TEvo answers 503/429 (half with Retry-After: 0) on 30 % of all calls"
            + " while 8 item PDFs are delivered", holds = "every PDF delivered exactly once (one deliver_etickets TEvo took per"
                    + " item), every file in .done, no email")
    void withAThirdOfTevoCallsRefusedEveryPdfIsDeliveredExactlyOnce() throws IOException {
        int n = 8;
        for (int i = 0; i < n; i++) {
            show(7701 + i, withState(order(7701 + i, item(771 + i, "ACC-1", 1, "100.00", true)), "accepted"));
        }
        int injectedBefore = TevoApiResource.Chaos.injected();
        TevoApiResource.Chaos.rate = 0.3;
        try {
            for (int i = 0; i < n; i++) {
                drop(Pdfs.seats(scratch.resolve("chaos-" + i + ".pdf"), 1, 1), (7701 + i) + "-" + (771 + i) + ".pdf");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                long done = 0;
                for (int i = 0; i < n; i++) {
                    done += landed(".done", (7701 + i) + "-" + (771 + i) + ".pdf");
                }
                return done == n;
            });
        } finally {
            TevoApiResource.Chaos.rate = 0;
        }
        assertThat(TevoApiResource.Chaos.injected() - injectedBefore).isGreaterThan(3);
        for (int i = 0; i < n; i++) {
            String path = "/v9/orders/" + (7701 + i) + "/deliver_etickets";
            assertThat(tevo().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(path)
                    && e.getResponse().getStatus() == 200)).as("deliveries TEvo took for order %d", 7701 + i).hasSize(1);
            assertThat(emailsWithSubject((7701 + i) + "-" + (771 + i) + ".pdf")).isEmpty();
        }
        assertThat(landed(".error", "7701-771.pdf")).isZero();
    }

    @Test
    @Reliability(area = FaultArea.TEVO_UNREACHABLE, value = "TEvo unreachable (every read of the order reset) while a PDF"
            + " is dropped, then back", holds = "the file waits in the inbox (not refused, no email); delivered once when TEvo"
                    + " answers again")
    void aPdfDroppedWhileTevoIsUnreachableWaitsAndIsDeliveredOnceItIsBack() throws IOException {
        show(7515, withState(order(7515, item(765, "ACC-1", 1, "100.00", true)), "accepted"));
        var unreachable = tevo().stubFor(get(urlPathEqualTo("/v9/orders/7515")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        drop(Pdfs.seats(scratch.resolve("s.pdf"), 1, 1), "7515-765.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> tevo().findAll(getRequestedFor(urlPathEqualTo("/v9/orders/7515"))).size() >= 10);
        assertThat(INBOX.resolve("7515-765.pdf")).exists();
        assertThat(landed(".error", "7515-765.pdf")).isZero();
        // why it waits is logged once, not at every poll of the inbox
        assertThat(TestLog.text().lines()
                .filter(l -> l.contains("7515-765.pdf waits in its inbox: TEvo cannot be read now (unreachable)"))).hasSize(1);

        tevo().removeStub(unreachable);
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7515-765.pdf") == 1);
        assertThat(deliveries(7515)).hasSize(1);
        assertThat(emailsWithSubject("7515-765.pdf")).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.KILLED, value = "a delivery cut from a group PDF was started an hour ago and never finished"
            + " (the desk stopped mid-call: the ledger says DELIVERING) and TEvo still lists the order as needing e-tickets",
            holds = "nothing sent by itself; one email, also after another sweep; the item left to a person (ledger FAILED)")
    void anUnfinishedGroupDeliveryIsGivenToAPersonOnce() throws IOException {
        String order = withState(order(7620, itemWithSeats(770, "GRP-2", "60.00", 5)), "accepted");
        state.execute("insert into eticket_delivery (order_id, item_id, status, updated_at)"
                + " values (7620, 770, 'DELIVERING', dateadd('HOUR', -1, current_timestamp))");
        ordersNeedingEtickets(order);

        drop(Pdfs.seats(scratch.resolve("grp2.pdf"), 4, 6), "GRP-2.pdf");

        assertThat(emailAbout("order 7620")).contains("never finished").contains("look at the order in TEvo");
        desk.sweepEtickets();
        desk.awaitIdle();
        assertThat(deliveries(7620)).isEmpty();
        assertThat(state.number("select count(*) from eticket_delivery where order_id = 7620 and status = 'FAILED'")).isEqualTo(1);
        assertThat(emailsWithSubject("order 7620")).hasSize(1);
    }

    @Test
    @Reliability(area = FaultArea.TEVO_BUSY, value = "TEvo answers 503 to every delivery attempt for a while",
            holds = "the file waits in the inbox and is delivered once, later")
    void aDeliveryTevoCannotTakeNowWaitsAndIsTriedAgainOnASchedule() throws IOException {
        show(7507, withState(order(7507, item(757, "ACC-1", 1, "100.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7507/deliver_etickets"))).atPriority(1)
                .willReturn(json(503, "{\"error\":\"Service Unavailable\"}")));

        drop(Pdfs.seats(scratch.resolve("k.pdf"), 1, 1), "7507-757.pdf");

        // 5 API attempts per try (429/503 are retried inline), then the file waits in the inbox for the next try
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(7507).size() >= 5);
        assertThat(INBOX.resolve("7507-757.pdf")).exists();
        assertThat(landed(".error", "7507-757.pdf")).isZero();

        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7507/deliver_etickets"))).atPriority(1).willReturn(json(200, "{}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7507-757.pdf") == 1);
        assertThat(deliveries(7507).size()).isBetween(6, 15);
    }

    @Test
    @Reliability(area = FaultArea.TEVO_BUSY, value = "TEvo refuses a delivery (503) past the last scheduled try",
            holds = "a person is told; the file is moved to .error, never deleted")
    void afterTheLastScheduledTryAPersonIsToldAndTheFileIsMovedAside() throws IOException {
        show(7508, withState(order(7508, item(758, "ACC-1", 1, "100.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7508/deliver_etickets"))).atPriority(1)
                .willReturn(json(503, "{\"error\":\"Service Unavailable\"}")));

        drop(Pdfs.seats(scratch.resolve("l.pdf"), 1, 1), "7508-758.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> landed(".error", "7508-758.pdf") == 1);
        assertThat(deliveries(7508)).hasSize(3 * 5); // 3 scheduled tries of 5 API attempts each
        assertThat(emailAbout("7508-758.pdf")).contains("gave up after 3 tries").contains("HTTP 503");
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "delivery answered 500, and the re-read order does not show"
            + " the item's e-tickets", holds = "never repeated by itself (TEvo may still have it); a person is told; file kept in .error")
    void aDeliveryTevoMayHaveTakenIsNeverRepeatedByItself() throws IOException {
        show(7509, withState(order(7509, item(759, "ACC-1", 1, "100.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7509/deliver_etickets"))).atPriority(1)
                .willReturn(json(500, "{\"error\":\"Internal Server Error\"}")));

        drop(Pdfs.seats(scratch.resolve("m.pdf"), 1, 1), "7509-759.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7509-759.pdf") == 1);
        assertThat(deliveries(7509)).hasSize(1);
        assertThat(emailAbout("7509-759.pdf")).contains("HTTP 500").contains("does not show the item's e-tickets");
    }

    static long completions(long orderId) {
        return posts("/v9/orders/" + orderId + "/complete");
    }

    @Test
    void aPdfForAPendingOrderWaitsAndIsDeliveredOnceTheOrderIsAccepted() throws IOException {
        String order = order(7502, item(751, "ACC-1", 1, "100.00", true));
        show(7502, order);

        drop(Pdfs.seats(scratch.resolve("c.pdf"), 5, 5), "7502-751.pdf");
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(INBOX.resolve("7502-751.pdf")));
        assertThat(deliveries(7502)).isEmpty();

        show(7502, withState(order, "accepted"));
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7502-751.pdf") == 1);
        assertThat(deliveries(7502)).hasSize(1);
    }

    @Test
    @Reliability(area = FaultArea.PDF_INPUT, value = "PDFs that are not PDFs, encrypted, zero pages; names with \"..\", spaces, an unknown item or order",
            holds = "moved to .error with an email; nothing sent to TEvo")
    void badFilesAreMovedAsideWithAnEmailAndNothingIsSent() throws IOException {
        show(7503, withState(order(7503, item(752, "ACC-1", 2, "100.00", true)), "accepted"));
        show(7504, withState(order(7504, item(753, "ACC-1", 2, "100.00", true)), "canceled"));

        drop(Pdfs.notAPdf(scratch.resolve("d.pdf")), "7503-752.pdf");
        drop(Pdfs.seats(scratch.resolve("e.pdf"), 1, 3), "7503-999.pdf");
        drop(Pdfs.encrypted(scratch.resolve("f.pdf")), "tickets for 7503.pdf");
        drop(Pdfs.seats(scratch.resolve("g.pdf"), 1, 2), "7504-753.pdf");
        drop(Pdfs.seats(scratch.resolve("h.pdf"), 1, 2), "7503-50752.pdf");
        drop(Pdfs.encrypted(scratch.resolve("n.pdf")), "7503-752.PDF");
        drop(Pdfs.noPages(scratch.resolve("o.pdf")), "7504-752.pdf");
        drop(Pdfs.seats(scratch.resolve("p.pdf"), 1, 2), "7503..752.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7503-752.pdf") + landed(".error", "7503-999.pdf")
                + landed(".error", "tickets for 7503.pdf") + landed(".error", "7504-753.pdf") + landed(".error", "7503-50752.pdf")
                + landed(".error", "7503-752.PDF") + landed(".error", "7504-752.pdf") + landed(".error", "7503..752.pdf") == 8);
        assertThat(deliveries(7503)).isEmpty();
        assertThat(deliveries(7504)).isEmpty();
        assertThat(emailAbout("7503-752.pdf")).contains("cannot read the PDF");
        assertThat(emailAbout("7503-999.pdf")).contains("order 7503 has no item 999");
        assertThat(emailAbout("tickets for 7503.pdf")).contains("is not <order_id>-<item_id>.pdf");
        assertThat(emailAbout("7503-50752.pdf")).contains("that is an order_item_id");
        assertThat(emailAbout("7503-752.PDF")).contains("encrypted");
        assertThat(emailAbout("7504-752.pdf")).contains("no pages");
        assertThat(emailAbout("7503..752.pdf")).contains("it contains '..'");
        // a PDF for a canceled order: moved aside (above) without an email, nobody needs to act
        assertThat(emailsWithSubject("7504-753.pdf")).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.PDF_INPUT, value = "a PDF cut short at 80 % (PDFBox still opens it), a 1 GB file, names"
            + " with unicode ('7533-783 é.pdf', 'CAFÉ-1.pdf') and without an extension ('7534-784')",
            holds = "nothing sent to TEvo; each moved to .error (never deleted) with an email saying why; the 1 GB file"
                    + " refused by its size without being read")
    void incompleteHugeAndOddlyNamedFilesAreMovedAsideWithAnEmail() throws IOException {
        show(7531, withState(order(7531, item(781, "ACC-1", 3, "100.00", true)), "accepted"));
        show(7532, withState(order(7532, item(782, "ACC-1", 1, "100.00", true)), "accepted"));

        drop(Pdfs.truncated(scratch.resolve("t.pdf"), 0.8), "7531-781.pdf");
        Files.createDirectories(INBOX);
        Files.move(Pdfs.sparse(scratch.resolve("huge.pdf"), 1L << 30), INBOX.resolve("7532-782.pdf"), StandardCopyOption.ATOMIC_MOVE);
        drop(Pdfs.seats(scratch.resolve("u.pdf"), 1, 1), "7533-783 é.pdf");
        drop(Pdfs.seats(scratch.resolve("v.pdf"), 1, 1), "CAFÉ-1.pdf");
        drop(Pdfs.seats(scratch.resolve("w.pdf"), 1, 1), "7534-784");

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7531-781.pdf") + landed(".error", "7532-782.pdf")
                + landed(".error", "7533-783 é.pdf") + landed(".error", "CAFÉ-1.pdf") + landed(".error", "7534-784") == 5);
        assertThat(deliveries(7531)).isEmpty();
        assertThat(deliveries(7532)).isEmpty();
        assertThat(emailAbout("7531-781.pdf")).contains("incomplete").contains("drop the whole file again");
        assertThat(emailAbout("7532-782.pdf")).contains("1073741824 bytes, over the limit");
        assertThat(emailAbout("7533-783 é.pdf")).contains("is not <order_id>-<item_id>.pdf");
        assertThat(emailAbout("CAFÉ-1.pdf")).contains("nor <TicketID>.pdf");
        assertThat(emailAbout("7534-784")).contains("is not <order_id>-<item_id>.pdf");
        try (Stream<Path> errors = Files.list(INBOX.resolve(".error"))) {
            errors.filter(f -> f.getFileName().toString().endsWith("-7532-782.pdf")).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Reliability(area = FaultArea.PDF_INPUT, value = "hostile drops: a symbolic link to a PDF outside the inbox (named like an"
            + " item's and like a group's PDF), an empty <order>-<item>.pdf, a 236-character name, a name with a newline,"
            + " a backslash in a name, a FIFO named like an item's PDF, the same bad name dropped three times", holds = "nothing delivered through a link (the outside file untouched);"
                    + " each moved to .error/ once with an email; names cut to fit, control characters replaced; no moved file"
                    + " overwritten")
    void linksEmptyFilesAndHostileNamesAreMovedAsideOnceWithAnEmail() throws IOException {
        long logMark = io.tevoroutes.desk.support.TestLog.lines();
        show(7541, withState(order(7541, item(791, "ACC-1", 1, "100.00", true)), "accepted"));
        show(7542, withState(order(7542, item(792, "ACC-1", 1, "100.00", true)), "accepted"));
        Path outside = Pdfs.seats(scratch.resolve("outside.pdf"), 1, 1);
        byte[] outsideBytes = Files.readAllBytes(outside);
        Files.createDirectories(INBOX);
        Files.createSymbolicLink(INBOX.resolve("7541-791.pdf"), outside.toAbsolutePath());
        Files.createSymbolicLink(INBOX.resolve("LINKED-1.pdf"), outside.toAbsolutePath());
        Files.write(INBOX.resolve("7542-792.pdf"), new byte[0]);
        String longName = "7543-" + "x".repeat(227) + ".pdf";
        drop(Pdfs.seats(scratch.resolve("long.pdf"), 1, 1), longName);
        drop(Pdfs.seats(scratch.resolve("nl.pdf"), 1, 1), "fake\nINFO delivered.pdf");
        drop(Pdfs.seats(scratch.resolve("bs.pdf"), 1, 1), "7545\\795.pdf");
        try {
            assertThat(new ProcessBuilder("mkfifo", INBOX.resolve("7546-796.pdf").toString()).start().waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < 3; i++) {
            drop(Pdfs.seats(scratch.resolve("same.pdf"), 1, 1), "same name.pdf");
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(INBOX.resolve("same name.pdf")));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> Inboxes.files(INBOX).isEmpty() && !Files.exists(INBOX.resolve("7541-791.pdf"))
                && !Files.exists(INBOX.resolve("7546-796.pdf"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(INBOX.resolve("LINKED-1.pdf")));
        assertThat(deliveries(7541)).isEmpty();
        assertThat(deliveries(7542)).isEmpty();
        assertThat(Files.readAllBytes(outside)).isEqualTo(outsideBytes);
        List<Path> errors;
        try (Stream<Path> list = Files.list(INBOX.resolve(".error"))) {
            errors = list.toList();
        }
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-7541-791.pdf"))).singleElement()
                .satisfies(f -> assertThat(Files.isSymbolicLink(f)).isTrue());
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-LINKED-1.pdf"))).hasSize(1);
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-7542-792.pdf"))).hasSize(1);
        assertThat(errors.stream().filter(f -> f.getFileName().toString().contains("-7543-xxx") && f.getFileName().toString().endsWith("~.pdf")))
                .singleElement().satisfies(f -> assertThat(f.getFileName().toString().length()).isLessThanOrEqualTo(200));
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-fake_INFO delivered.pdf"))).hasSize(1);
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-same name.pdf"))).hasSize(3);
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-7545_795.pdf"))).hasSize(1);
        assertThat(emailsWithSubject("7545\\795.pdf")).hasSize(1);
        assertThat(errors.stream().filter(f -> f.getFileName().toString().endsWith("-7546-796.pdf"))).hasSize(1);
        assertThat(emailAbout("7546-796.pdf")).contains("is not a regular file");
        assertThat(emailAbout("7541-791.pdf")).contains("is a symbolic link");
        assertThat(emailAbout("LINKED-1.pdf")).contains("is a symbolic link");
        assertThat(emailAbout("7542-792.pdf")).contains("7542-792.pdf");
        assertThat(emailsWithSubject("7543-xxx")).hasSize(1);
        assertThat(emailsWithSubject("fake\\nINFO delivered.pdf")).hasSize(1);
        assertThat(io.tevoroutes.desk.support.TestLog.since(logMark).filter(l -> l.contains("INFO delivered.pdf") && l.contains("fake")))
                .allSatisfy(l -> assertThat(l).contains("fake\\nINFO"));
    }

    @Test
    @Reliability(area = FaultArea.PDF_INPUT, value = "a PDF named for an accepted order of type PurchaseOrder (the broker's own"
            + " purchase)", holds = "nothing delivered; moved to .error/ with an email saying the desk delivers only its sales")
    void aPurchaseOrderIsNeverDeliveredTo() throws IOException {
        show(7551, withState(order(7551, item(801, "ACC-1", 1, "100.00", true)), "accepted").replace("\"type\":\"Order\"",
                "\"type\":\"PurchaseOrder\""));
        drop(Pdfs.seats(scratch.resolve("po.pdf"), 1, 1), "7551-801.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7551-801.pdf") == 1);
        assertThat(deliveries(7551)).isEmpty();
        assertThat(emailAbout("7551-801.pdf")).contains("PurchaseOrder").contains("not a sale");
    }

    @Test
    @Reliability(area = FaultArea.PDF_INPUT, value = "a PDF whose page count differs from the tickets sold",
            holds = "moved aside with an email naming both counts")
    void aPdfWithTheWrongNumberOfPagesIsRefused() throws IOException {
        show(7505, withState(order(7505, item(755, "ACC-1", 2, "100.00", true)), "accepted"));
        drop(Pdfs.seats(scratch.resolve("i.pdf"), 1, 3), "7505-755.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".error", "7505-755.pdf") == 1);
        assertThat(deliveries(7505)).isEmpty();
        assertThat(emailAbout("7505-755.pdf")).contains("the PDF has 3 page(s), item 755 has 2 ticket(s)");
    }

    @Test
    void aGroupPdfIsKeptAndCutToTheSeatsOfEverySale() throws IOException {
        String sold = withState(order(7601, itemWithSeats(760, "GRP-1", "60.00", 20, 21)), "accepted");
        String unmatched = withState(order(7603, itemWithSeats(762, "GRP-1", "60.00", 30)), "accepted");
        ordersNeedingEtickets(sold, unmatched);

        drop(Pdfs.seats(scratch.resolve("grp.pdf"), 18, 23), "GRP-1.pdf");

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(7601).size() == 1);
        assertThat(seatsOf(deliveries(7601).get(0))).containsExactly(Set.of("20"), Set.of("21"));
        assertThat(landed(".done", "GRP-1.pdf")).isEqualTo(1);
        assertThat(emailAbout("order 7603")).contains("seat 30 is on no page").contains("Nothing was sent");
        assertThat(deliveries(7603)).isEmpty();

        // a later sale of the same group: delivered right after the desk accepts it
        String later = order(7602, itemWithSeats(761, "GRP-1", "60.00", 22));
        pendingOrders(later);
        acceptAnswers(7602, json(200, withState(later, "accepted")));
        desk.poll();
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(7602).size() == 1);
        assertThat(seatsOf(deliveries(7602).get(0))).containsExactly(Set.of("22"));
        assertThat(deliveries(7601)).hasSize(1);
    }

    private List<Set<String>> seatsOf(JsonNode request) throws IOException {
        Path pdf = scratch.resolve("delivered-" + System.nanoTime() + ".pdf");
        Files.write(pdf, Base64.getDecoder().decode(request.get("etickets").get(0).get("eticket").asText()));
        return TicketPdfs.seatsByPage(pdf);
    }

    /** Put a file into the inbox the way an upload finishes: complete, under its final name. */
    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "TEvo answers 500 when an order owing e-tickets is re-read, or shows a"
            + " state the desk does not know", holds = "the items stay owed; nothing is settled on a guess")
    void eticketsOwedAreCountedFromTheAcceptUntilDeliveredOrSettledInTevo() throws IOException {
        // accepted by the desk: 7530 with two e-ticket items and one to ship; 7540, 7550, 7560 with one e-ticket item each
        String mixed = order(7530, item(7531, "OWED-1", 1, "100.00", true), item(7532, "OWED-1", 1, "100.00", true),
                item(7533, "OWED-1", 1, "100.00", false));
        Map<Long, String> others = Map.of(7540L, order(7540, item(7541, "OWED-1", 2, "100.00", true)),
                7550L, order(7550, item(7551, "OWED-1", 1, "100.00", true)), 7560L, order(7560, item(7561, "OWED-1", 1, "100.00", true)));
        pendingOrders(mixed, others.get(7540L), others.get(7550L), others.get(7560L));
        acceptAnswers(7530, json(200, withState(mixed, "accepted")));
        others.forEach((id, o) -> acceptAnswers(id, json(200, withState(o, "accepted"))));
        desk.poll();
        assertThat(owedItems()).containsExactlyInAnyOrder("7530/7531", "7530/7532", "7540/7541", "7550/7551", "7560/7561");

        // the desk delivers 7531's PDF: no longer owed
        show(7530, withState(mixed, "accepted"));
        drop(Pdfs.seats(scratch.resolve("owed.pdf"), 1, 1), "7530-7531.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7530-7531.pdf") == 1);
        assertThat(owedItems()).doesNotContain("7530/7531").contains("7530/7532");

        // re-read in TEvo: a person uploaded 7532's PDF in TEvo's site; 7540 was canceled; TEvo fails on 7550; 7560 is in
        // a state the desk does not know
        show(7530, withEticketsAvailable(withState(mixed, "accepted")));
        show(7540, withState(others.get(7540L), "canceled"));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/7550"))).willReturn(json(500, "{\"error\":\"Internal Server Error\"}")));
        show(7560, withState(others.get(7560L), "cancel_proposed"));
        producer.sendBody("direct:etickets-owed-check", null);

        assertThat(owedItems()).containsExactlyInAnyOrder("7550/7551", "7560/7561");
        assertThat(state.number("select count(*) from owed_eticket where order_id in (7550, 7560) and checked_at is not null"))
                .as("re-read (or tried): their turn moves to the back").isEqualTo(2);
        assertThat(state.number("select count(*) from owed_eticket where order_id = 7540 and settled_why like '%canceled in TEvo%'"))
                .isEqualTo(1);
    }

    /** "order/item" of every e-ticket item owed now, among the orders of the test above. */
    private List<String> owedItems() {
        return owed.owed(1000).stream().filter(m -> Set.of(7530L, 7540L, 7550L, 7560L).contains((Long) m.get("orderId")))
                .map(m -> m.get("orderId") + "/" + m.get("itemId")).toList();
    }

    static void drop(Path file, String name) throws IOException {
        Inboxes.drop(file, INBOX, name);
    }

    static long landed(String folder, String name) throws IOException {
        return Inboxes.landed(INBOX, folder, name);
    }

    static List<JsonNode> deliveries(long orderId) {
        ObjectMapper mapper = new ObjectMapper();
        return tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders/" + orderId + "/deliver_etickets"))).stream()
                .map(r -> {
                    try {
                        return mapper.readTree(r.getBodyAsString());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    static String emailAbout(String fileName) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .anyMatch(m -> Desk.subject(m).contains(fileName)));
        MimeMessage m = Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .filter(x -> Desk.subject(x).contains(fileName)).findFirst().orElseThrow();
        return Desk.body(m);
    }
}
