package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.BuySide.createAnswers;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.BuySide;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SqlConsole;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * The buy side with substitution.mode=auto against WireMock TEvo (every call signed): rejected purchase orders in
 * TEvo's shape, an event's listings, the create of a substitute, the order group re-read after a failure.
 */
@QuarkusTest
@TestProfile(SubstitutionTest.Auto.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class SubstitutionTest {

    static final Path SECTION_MAP = Path.of("target/test-section-map.csv");

    public static class Auto implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // a BOM, quotes and a bad row, as a spreadsheet writes them
                Files.writeString(SECTION_MAP, "\uFEFFSection,Tier\n101,1\n\"102\",1\n 103 ,2\nLoge,not-a-tier\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("substitution.mode", "auto", "substitution.poll-period", "1h", "substitution.own-office-id",
                    String.valueOf(BuySide.OWN_OFFICE), "substitution.section-map", SECTION_MAP.toString());
        }
    }

    @Inject
    ProducerTemplate producer;
    @Inject
    Desk desk;
    @Inject
    SqlConsole state;

    @BeforeEach
    void reset() {
        TevoApiResource.resetToUnauthorized();
        purchases("pending_substitution");
    }

    @Test
    void aRejectedPurchaseIsSubstitutedWithTheBestCandidateWithinTheRulesOnce() {
        ObjectNode po = rejectedPurchase(8101, 81010, 910, Duration.ofDays(10));
        purchases("rejected", po);
        group(81010, po);
        ObjectNode cheaperOtherSection = listing(9102, 4, "102", "1", "Eticket", "101.00");
        ObjectNode worseRow = listing(9103, 4, "101", "12", "Eticket", "100.00");
        ObjectNode best = listing(9104, 4, "101", "9", "Eticket", "104.00");
        ObjectNode bySeller = listing(9105, 4, "101", "10", "Eticket", "100.50");
        bySeller.putObject("office").put("id", BuySide.REJECTING_SELLER);
        ObjectNode ownOffice = listing(9106, 4, "101", "10", "Eticket", "90.00");
        ownOffice.putObject("office").put("id", BuySide.OWN_OFFICE);
        ObjectNode oddSplits = listing(9107, 3, "101", "10", "Eticket", "99.00");
        oddSplits.putArray("splits").add(1).add(3);
        ObjectNode tooDear = listing(9108, 4, "101", "10", "Eticket", "200.00");
        ObjectNode notInHand = listing(9109, 4, "101", "10", "Physical", "99.00");
        ObjectNode upperDeck = listing(9110, 4, "103", "1", "Eticket", "99.00");
        listings(910, cheaperOtherSection, worseRow, best, bySeller, ownOffice, oddSplits, tooDear, notInHand, upperDeck);
        createAnswers(9104, json(200, ordersAnswer(substitute(8102, 81010, 8101))));

        poll();
        poll();

        tevo().verify(exactly(1), postRequestedFor(urlPathEqualTo("/v9/orders")));
        tevo().verify(postRequestedFor(urlPathEqualTo("/v9/orders")).withRequestBody(equalToJson("""
                {"orders":[{"shipped_items":[{"items":[{"price":104.00,"quantity":2,"ticket_group_id":9104,
                  "ticket_group_signature":"sig-9104"}]}],"substitute_order_link_id":8101}]}""")));
        assertThat(status(8101)).isEqualTo("CREATED");
        assertThat(state.number("select new_order_id from substitution where order_id = 8101")).isEqualTo(8102L);
        assertThat(audit(8101)).containsExactly("SUB_SEEN", "SUB_BUYING", "SUB_BOUGHT");
        assertThat(emailsWithSubject("Substitute bought for rejected purchase order 8101")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("purchase order 8102").contains("1. 9104: section 101 row 9")
                        // ranked: the same section first, then a section the map rates as good (102, tier 1), never the
                        // upper deck (103, tier 2)
                        .contains("2. 9102: section 102 row 1").doesNotContain("9110").doesNotContain("9103")
                        .contains("left out by worse-row").contains("left out by rejecting-seller").contains("left out by own-office")
                        .contains("left out by split-not-allowed").contains("left out by too-expensive").contains("left out by not-in-hand")
                        .contains("left out by worse-section"));
    }

    @Test
    void whenTevoRefusesTheFirstChoiceTheNextIsBought() {
        ObjectNode po = rejectedPurchase(8201, 82010, 920, Duration.ofDays(10));
        purchases("rejected", po);
        group(82010, po);
        listings(920, listing(9201, 4, "101", "10", "Eticket", "101.00"), listing(9202, 4, "101", "9", "TM_mobile", "102.00"));
        createAnswers(9201, json(422, "[\"ArgumentError\",\"The price of the ticket group has changed\"]"));
        createAnswers(9202, json(200, ordersAnswer(substitute(8202, 82010, 8201))));

        poll();

        tevo().verify(exactly(2), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8201)).isEqualTo("CREATED");
        assertThat(state.number("select listing_id from substitution where order_id = 8201")).isEqualTo(9202L);
        assertThat(audit(8201)).containsExactly("SUB_SEEN", "SUB_BUYING", "SUB_REFUSED", "SUB_BUYING", "SUB_BOUGHT");
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "the create of a substitute applied by TEvo but answered 500",
            holds = "the order group re-read shows the substitute: recorded as bought, nothing posted again")
    void aCreateAnswered500ButAppliedIsNotPostedAgain() {
        ObjectNode po = rejectedPurchase(8301, 83010, 930, Duration.ofDays(10));
        purchases("rejected", po);
        listings(930, listing(9301, 4, "101", "10", "Eticket", "100.00"), listing(9302, 4, "101", "10", "Eticket", "101.00"));
        String scenario = "substitute-8301";
        ObjectNode made = substitute(8302, 83010, 8301);
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("83010"))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, BuySide.page(1, po))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("83010"))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs("created").willReturn(json(200, BuySide.page(1, po, made))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("83010"))
                .withQueryParam("page", equalTo("2"))).atPriority(0).willReturn(json(200, BuySide.page(2))));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders"))).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"error\":\"Internal Server Error\"}")).willSetStateTo("created"));

        poll();
        poll();

        tevo().verify(exactly(1), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8301)).isEqualTo("CREATED");
        assertThat(state.number("select new_order_id from substitution where order_id = 8301")).isEqualTo(8302L);
        assertThat(emailsWithSubject("Substitute bought for rejected purchase order 8301")).hasSize(1);
    }

    @Test
    @Reliability(area = FaultArea.KILLED, value = "the desk stopped after recording the create of a substitute (CREATING) and"
            + " before learning its outcome; TEvo's order group shows no substitute",
            holds = "nothing posted again; one email asks a person to check the order group")
    void aCreateCutShortByARestartIsNeverSentAgain() {
        ObjectNode po = rejectedPurchase(8401, 84010, 940, Duration.ofDays(10));
        purchases("rejected", po);
        group(84010, po);
        listings(940, listing(9401, 4, "101", "10", "Eticket", "100.00"));
        state.execute("insert into substitution (order_id, order_group_id, status, listing_id, tries, created_at, updated_at)"
                + " values (8401, 84010, 'CREATING', 9401, 1, current_timestamp, current_timestamp)");

        poll();
        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8401)).isEqualTo("UNSURE");
        assertThat(emailsWithSubject("Check TEvo: a substitute for purchase order 8401 may have been bought")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("will not buy again by itself"));
    }

    @Test
    void aSubstituteMadeInTevosSiteIsRecordedAndNothingIsBought() {
        ObjectNode po = rejectedPurchase(8501, 85010, 950, Duration.ofDays(10));
        po.put("state", "pending_substitution");
        purchases("rejected");
        purchases("pending_substitution", po);
        group(85010, po, substitute(8502, 85010, 8501));
        listings(950, listing(9501, 4, "101", "10", "Eticket", "100.00"));

        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8501)).isEqualTo("CREATED");
        assertThat(state.number("select new_order_id from substitution where order_id = 8501")).isEqualTo(8502L);
    }

    @Test
    void nothingWithinTheRulesOrAnEventTooCloseGoesToAPersonOnce() {
        ObjectNode po = rejectedPurchase(8601, 86010, 960, Duration.ofDays(10));
        ObjectNode soon = rejectedPurchase(8611, 86110, 961, Duration.ofHours(1));
        ObjectNode over = rejectedPurchase(8621, 86210, 962, Duration.ofDays(-30));
        // hostile listing text and odd values: a string id, a price that is not a number, no splits
        ObjectNode odd = listing(9601, 4, "<b>101</b>", "10", "Eticket", "100.00");
        odd.put("wholesale_price", "n/a");
        odd.remove("splits");
        purchases("rejected", po, soon, over);
        group(86010, po);
        group(86110, soon);
        group(86210, over);
        listings(960, odd, listing(9602, 1, "101", "10", "Eticket", "100.00"));

        poll();
        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8601)).isEqualTo("NOTHING_FOUND");
        assertThat(emailsWithSubject("No substitute found for rejected purchase order 8601")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("Searched 2 listing(s)").contains("left out by split-not-allowed"));
        assertThat(status(8611)).isEqualTo("NOTHING_FOUND");
        assertThat(emailsWithSubject("No substitute found for rejected purchase order 8611")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("less than 3 h away"));
        // a rejection from before the desk ran, for an event that is over: recorded, nobody emailed
        assertThat(status(8621)).isEqualTo("NOTHING_FOUND");
        assertThat(emailsWithSubject("purchase order 8621")).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 300, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a safety net only
    @Reliability(area = FaultArea.API_INPUT, value = "listings carrying every value of the hostile-numbers corpus (1E+1000000,"
            + " 1E+100000000, -5, unicode digits, 400 digits, ...) in wholesale_price, retail_price, available_quantity or"
            + " splits, as strings and JSON numbers, each otherwise better than the one honest listing",
            holds = "every hostile listing left out as unreadable-number (counted in the email with the reason); the honest one"
                    + " bought once at its own price")
    void listingsWithHostileNumbersAreLeftOutWithTheReason() {
        ObjectNode po = rejectedPurchase(8951, 89510, 995, Duration.ofDays(10));
        purchases("rejected", po);
        group(89510, po);
        List<ObjectNode> all = new java.util.ArrayList<>();
        all.add(listing(8961, 4, "101", "10", "Eticket", "101.00"));
        long id = 896100;
        for (com.fasterxml.jackson.databind.JsonNode v : io.tevoroutes.desk.support.HostileNumbers.json()) {
            for (String field : List.of("wholesale_price", "retail_price", "available_quantity", "splits")) {
                // a better row and a lower price than the honest listing: only its hostile number can leave it out
                ObjectNode l = listing(++id, 4, "101", "9", "Eticket", "99.00");
                if ("splits".equals(field)) {
                    l.putArray("splits").add(2).add(v);
                } else {
                    l.set(field, v);
                }
                all.add(l);
            }
        }
        int hostile = all.size() - 1;
        listings(995, all.toArray(ObjectNode[]::new));
        createAnswers(8961, json(200, ordersAnswer(substitute(8952, 89510, 8951))));

        poll();

        tevo().verify(exactly(1), postRequestedFor(urlPathEqualTo("/v9/orders")));
        tevo().verify(postRequestedFor(urlPathEqualTo("/v9/orders")).withRequestBody(equalToJson("""
                {"orders":[{"shipped_items":[{"items":[{"price":101.00,"quantity":2,"ticket_group_id":8961,
                  "ticket_group_signature":"sig-8961"}]}],"substitute_order_link_id":8951}]}""")));
        assertThat(status(8951)).isEqualTo("CREATED");
        assertThat(emailsWithSubject("Substitute bought for rejected purchase order 8951")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m).replaceAll("=\\r?\\n", "")).contains(hostile + " left out by unreadable-number: a price,"
                        + " quantity or id is not a number the desk reads"));
    }

    private void poll() {
        producer.sendBody("direct:substitution-poll", null);
        desk.awaitIdle();
    }

    private String status(long orderId) {
        return state.text("select status from substitution where order_id = " + orderId);
    }

    private List<String> audit(long orderId) {
        return state.texts("select decision from decision_audit where order_id = " + orderId + " order by id");
    }
}
