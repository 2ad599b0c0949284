package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.orderWith;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptAppliedButAnswered;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.tevoroutes.desk.support.DeskState;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * The order desk end to end, one scenario suite for every inventory source and state store: WireMock plays TEvo
 * (checking every signature), GreenMail receives the emails. {@link OrderDeskTest} runs it on a CSV inventory and
 * H2, {@link OrderDeskOnPostgresTest} on a SQL inventory and state store in a real PostgreSQL.
 */
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
abstract class OrderDeskScenarios {

    static final long REVIEWER = 4242;

    @Inject
    Desk desk;
    @Inject
    DeskState state;

    @BeforeEach
    void reset() {
        desk.awaitIdle();
        TevoApiResource.resetToUnauthorized();
    }

    @Test
    void fillableOrderIsAcceptedOnceWithTheReviewerId() {
        String order = order(5001, item(1, "ACC-1", 2, "100.00", true));
        pendingOrders(order);
        acceptAnswers(5001, json(200, withState(order, "accepted")));

        desk.poll();
        desk.poll(); // TEvo still lists it: it must not be accepted again
        desk.poll();

        tevo().verify(exactly(1), acceptOf(5001, REVIEWER));
        tevo().verify(exactly(1), acceptOf(5001));
        assertThat(state.status(5001L)).isEqualTo("ACCEPTED");
        assertThat(state.decisions(5001L)).extracting(io.tevoroutes.desk.state.DecisionAudit.AuditEntry::decision).containsExactly("ACCEPT");
        assertThat(emailsAbout(5001)).isEmpty();
    }

    @Test
    void readsEveryPageUntilAShortPage() {
        String[] orders = new String[5];
        for (int i = 0; i < 5; i++) {
            orders[i] = order(5101 + i, item(10 + i, "PAGE-" + (i + 1), 1, "10.00", true));
            acceptAnswers(5101 + i, json(200, withState(orders[i], "accepted")));
        }
        pendingOrders(orders);

        desk.poll();

        for (int p = 1; p <= 3; p++) {
            tevo().verify(exactly(1), getRequestedFor(urlPathEqualTo("/v9/orders")).withQueryParam("page", equalTo(String.valueOf(p))));
        }
        tevo().verify(exactly(0), getRequestedFor(urlPathEqualTo("/v9/orders")).withQueryParam("page", equalTo("4")));
        for (int i = 0; i < 5; i++) {
            tevo().verify(exactly(1), acceptOf(5101 + i, REVIEWER));
        }
    }

    @Test
    void orderWithOneShortItemIsHeldWithOneEmailAcrossPolls() {
        pendingOrders(order(5201, item(20, "HOLD-1", 2, "60.00", true), item(21, "HOLD-2", 3, "60.00", true)));

        desk.poll();
        desk.poll();
        desk.poll();

        tevo().verify(exactly(0), acceptOf(5201));
        List<MimeMessage> emails = emailsAbout(5201);
        assertThat(emails).hasSize(1);
        String text = body(emails.get(0));
        assertThat(Desk.subject(emails.get(0))).contains("5201").contains("needs a person").contains("short");
        assertThat(text).contains("item 21").contains("short by 2").contains("item 20").contains("fillable")
                .contains("What to do").contains("Ravens at Eagles");
        assertThat(state.decisions(5201L)).hasSize(1).first().satisfies(a -> {
            assertThat(a.decision()).isEqualTo("HOLD");
            assertThat(a.reasons()).isEqualTo("SHORT");
        });
    }

    @Test
    void priceBelowTheInventoryPriceIsHeld() {
        pendingOrders(order(5301, item(30, "PRICE-1", 2, "119.99", true)));
        desk.poll();
        tevo().verify(exactly(0), acceptOf(5301));
        assertThat(emailsAbout(5301)).singleElement().satisfies(m -> assertThat(body(m))
                .contains("price below floor").contains("sold at 119.99 per ticket, inventory price 120.00"));
    }

    @Test
    void unknownTicketIsHeld() {
        pendingOrders(order(5401, item(40, "NOT-IN-INVENTORY", 1, "10.00", true)));
        desk.poll();
        tevo().verify(exactly(0), acceptOf(5401));
        assertThat(emailsAbout(5401)).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("unknown ticket").contains("NOT-IN-INVENTORY is not in the inventory"));
    }

    @Test
    void eticketItemWithoutEticketsInInventoryIsHeld() {
        pendingOrders(order(5501, item(50, "NOET-1", 2, "60.00", true)));
        desk.poll();
        tevo().verify(exactly(0), acceptOf(5501));
        assertThat(emailsAbout(5501)).singleElement().satisfies(m -> assertThat(body(m)).contains("no e-tickets"));
    }

    @Test
    void speculativeOrdersGoToAPerson() {
        pendingOrders(orderWith(5551, "\"spec\":true,", item(55, "SPEC-1", 1, "60.00", true)));
        desk.poll();
        tevo().verify(exactly(0), acceptOf(5551));
        assertThat(emailsAbout(5551)).singleElement().satisfies(m -> assertThat(body(m)).contains("speculative order"));
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "two orders for the same last tickets in one poll",
            holds = "one accepted, the other held with an email: no oversell")
    void twoOrdersCompetingForTheSameTicketsOneIsAccepted() {
        String first = order(5601, item(60, "RACE-1", 2, "60.00", true));
        String second = order(5602, item(61, "RACE-1", 2, "60.00", true));
        pendingOrders(first, second);
        acceptAnswers(5601, json(200, withState(first, "accepted")));
        acceptAnswers(5602, json(200, withState(second, "accepted")));

        desk.poll();
        desk.poll();

        int accepted = tevo().findAll(acceptOf(5601)).size() + tevo().findAll(acceptOf(5602)).size();
        assertThat(accepted).isEqualTo(1);
        long held = tevo().findAll(acceptOf(5601)).isEmpty() ? 5601 : 5602;
        assertThat(emailsAbout(held)).singleElement().satisfies(m -> assertThat(body(m)).contains("short by 1")
                .contains("2 reserved by orders the desk accepted"));
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "accept applied by TEvo but answered 500 (stateful TEvo: from"
            + " then on the order is shown accepted and no longer listed pending)",
            holds = "no second accept; the desk re-reads the order and records it sold; no email")
    void acceptAnswered500AfterItWasAppliedIsNotSentTwiceNorReported() {
        acceptAppliedButAnswered(5701, order(5701, item(70, "A500-1", 1, "60.00", true)),
                json(500, "{\"error\":\"Internal Server Error\"}"));

        desk.poll();
        desk.poll();

        assertSoldOnceQuietly(5701);
        assertThat(state.reservedFor(5701L)).isEqualTo(1);
    }

    @Test
    @Reliability(area = FaultArea.TEVO_BUSY, value = "TEvo answers 503 with Retry-After to an accept",
            holds = "retried after the wait; accepted once")
    void acceptAnswered503IsRetriedHonouringRetryAfter() {
        String order = order(5801, item(80, "R503-1", 1, "60.00", true));
        pendingOrders(order);
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/5801/accept"))).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(503, "{}").withHeader("Retry-After", "0"))
                .willSetStateTo("once"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/5801/accept"))).inScenario("busy")
                .whenScenarioStateIs("once").willReturn(json(429, "{}")).willSetStateTo("twice"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/5801/accept"))).inScenario("busy")
                .whenScenarioStateIs("twice").willReturn(json(200, withState(order, "accepted"))));

        desk.poll();

        tevo().verify(exactly(3), acceptOf(5801, REVIEWER));
        assertThat(state.status(5801L)).isEqualTo("ACCEPTED");
        assertThat(emailsAbout(5801)).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "an order whose fields cannot be read (odd types) in a page of good ones",
            holds = "held with one clear email; the rest of the page is decided")
    void malformedOrderIsHeldAndTheRestOfThePageStillRuns() {
        String broken = "{\"id\":\"5901\",\"state\":\"pending\",\"type\":\"Order\",\"items\":[{\"id\":\"90\",\"quantity\":\"many\"}]}";
        String good = order(5902, item(91, "BAD-OK-1", 1, "60.00", true));
        pendingOrders(broken, good);
        acceptAnswers(5902, json(200, withState(good, "accepted")));

        desk.poll();

        tevo().verify(exactly(0), acceptOf(5901));
        tevo().verify(exactly(1), acceptOf(5902));
        assertThat(emailsAbout(5901)).singleElement().satisfies(m -> assertThat(body(m)).contains("unreadable order")
                .contains("fields the desk cannot read"));
        assertThat(state.decisions(5901L)).extracting(io.tevoroutes.desk.state.DecisionAudit.AuditEntry::reasons).containsExactly("MALFORMED");
    }

    @Test
    @Reliability(area = FaultArea.TAKEN_MEANWHILE, value = "order canceled by the buyer while the desk accepts it",
            holds = "the desk stops quietly: no error email, its tickets are free again")
    void orderRejectedMeanwhileIsDroppedQuietly() {
        String order = order(5951, item(95, "ACC-1", 1, "100.00", true));
        pendingOrders(order);
        acceptAnswers(5951, json(422, "{\"errors\":{\"state\":[\"order is canceled\"]}}"));
        show(5951, withState(order, "canceled"));

        desk.poll();

        tevo().verify(exactly(1), acceptOf(5951));
        assertThat(state.status(5951L)).isEqualTo("ENDED");
        assertThat(state.reservedFor(5951L)).isZero(); // the canceled order's ticket is free again
        assertThat(emailsAbout(5951)).isEmpty();
        tevo().verify(exactly(1), getRequestedFor(urlPathEqualTo("/v9/orders/5951")));
        assertThat(tevo().findAll(acceptOf(5951)).get(0).getBodyAsString()).isEqualTo("{\"reviewer_id\":4242}");
        tevo().verify(acceptOf(5951).withRequestBody(matchingJsonPath("$.reviewer_id", equalTo("4242"))));
    }

    @Test
    void webhookAnswers202AndTheReReadOrderIsAccepted() {
        String order = order(6001, item(100, "HOOK-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(6001, json(200, withState(order, "accepted")));

        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "777").formParam("recipient", "seller").formParam("event_type", "order_created")
                .formParam("body", "{\"id\":6001,\"state\":\"accepted\",\"items\":[]}") // never trusted
                .post("/tevo/webhooks").then().statusCode(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(6001, REVIEWER)));
        tevo().verify(getRequestedFor(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("777"))
                .withQueryParam("state", equalTo("pending")));
        desk.awaitIdle();
        desk.poll(); // the poll sees the same order: it is not accepted twice
        tevo().verify(exactly(1), acceptOf(6001));
    }

    @Test
    @Reliability(area = FaultArea.WEBHOOK_INPUT, value = "webhook post with a wrong secret",
            holds = "401, nothing re-read or evaluated")
    void webhookWithAWrongSecretIsRefused() {
        given().header("X-Webhook-Secret", "not-the-secret").contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "778").formParam("recipient", "seller").formParam("event_type", "order_created")
                .post("/tevo/webhooks").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").formParam("order_group_id", "778")
                .formParam("recipient", "seller").formParam("event_type", "order_created")
                .post("/tevo/webhooks").then().statusCode(401);
        desk.awaitIdle();
        tevo().verify(exactly(0), getRequestedFor(urlPathEqualTo("/v9/orders")));
    }

    @Test
    void webhookEventsTheDeskDoesNotActOnAreAnsweredAndIgnored() {
        given().queryParam("secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "779").formParam("recipient", "buyer").formParam("event_type", "order_created")
                .post("/tevo/webhooks").then().statusCode(202);
        given().queryParam("secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                .formParam("order_group_id", "779").formParam("recipient", "seller").formParam("event_type", "something_else")
                .post("/tevo/webhooks").then().statusCode(202);
        desk.awaitIdle();
        tevo().verify(exactly(0), getRequestedFor(urlPathEqualTo("/v9/orders")));
    }

    @Test
    @Reliability(area = FaultArea.WEBHOOK_INPUT, value = "a webhook as TEvo posts it: the seed's order JSON, pretty-printed"
            + " (about 5 KB), in the form field body; and one with a 300 KB body", holds = "202, the order re-read and"
                    + " accepted once (Quarkus' 2 KB form-field limit refused both with 400 before the route ran)")
    void realSizeWebhooksAreTaken() {
        com.fasterxml.jackson.databind.node.ObjectNode seed = SeedOrders.order(6011, "SEED-HOOK-1", 2, "242.0");
        String listed = SeedOrders.json(seed);
        pendingOrders(listed);
        acceptAnswers(6011, json(200, withState(listed, "accepted")));
        String posted = SeedOrders.pretty(seed);
        assertThat(posted.length()).isGreaterThan(4000);

        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body(SeedOrders.webhookForm(780, "order_created", posted)).post("/tevo/webhooks").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(6011, REVIEWER)));
        desk.awaitIdle();

        SeedOrders.item(seed).put("external_notes", "x".repeat(300_000));
        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                .body(SeedOrders.webhookForm(781, "order_created", SeedOrders.pretty(seed))).post("/tevo/webhooks").then()
                .statusCode(202);
        desk.awaitIdle();
        tevo().verify(getRequestedFor(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", equalTo("781")));
        tevo().verify(exactly(1), acceptOf(6011));
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "TicketIDs that differ by quotes or spaces: inventory 291497 x2;"
            + " orders for 291497 x2, '291497' x2, \"291497\" x1, \" 291497\" x1", holds = "2 tickets promised, no more:"
                    + " 291497 accepted; the quoted ones held as unknown TicketIDs; the spaced one (the same TicketID) held short")
    void ticketIdsAreJoinedExactlyAndQuotesAreNotStripped() {
        String plain = SeedOrders.json(SeedOrders.order(6021, "291497", 2, "242.0"));
        pendingOrders(plain);
        acceptAnswers(6021, json(200, withState(plain, "accepted")));
        desk.poll();
        tevo().verify(exactly(1), acceptOf(6021));

        String single = SeedOrders.json(SeedOrders.order(6022, "'291497'", 2, "242.0"));
        String dbl = SeedOrders.json(SeedOrders.order(6023, "\"291497\"", 1, "242.0"));
        String spaced = SeedOrders.json(SeedOrders.order(6024, " 291497", 1, "242.0"));
        pendingOrders(single, dbl, spaced);
        tevo().stubFor(signed(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/602[234]/accept")))
                .willReturn(json(200, "{}")));
        desk.poll();

        tevo().verify(exactly(0), postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/602[234]/accept")));
        assertThat(emailsAbout(6022)).singleElement().satisfies(m -> assertThat(body(m)).contains("TicketID '291497' is not in the inventory"));
        assertThat(emailsAbout(6023)).singleElement().satisfies(m -> assertThat(body(m)).contains("TicketID \"291497\" is not in the inventory"));
        assertThat(emailsAbout(6024)).singleElement().satisfies(m -> assertThat(body(m)).contains("short"));
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "malformed ids on a pending page: order id 6300.5, order id \"abc\","
            + " item id 12.5, next to a good order", holds = "nothing sent for any of them (6300.5 was truncated to order 6300"
                    + " and accepted); each held with one email across polls; the good order accepted")
    void malformedIdsAreHeldAndTheRestOfThePageGoesOn() {
        com.fasterxml.jackson.databind.node.ObjectNode fraction = SeedOrders.order(6031, "BADID-OK-1", 1, "242.0");
        fraction.put("id", new java.math.BigDecimal("6300.5"));
        com.fasterxml.jackson.databind.node.ObjectNode letters = SeedOrders.order(6032, "BADID-OK-1", 1, "242.0");
        letters.put("id", "abc").put("oid", "R-ABC-6032");
        com.fasterxml.jackson.databind.node.ObjectNode badItem = SeedOrders.order(6033, "BADID-OK-1", 1, "242.0");
        SeedOrders.item(badItem).put("id", new java.math.BigDecimal("12.5"));
        String good = SeedOrders.json(SeedOrders.order(6034, "BADID-OK-1", 1, "242.0"));
        pendingOrders(SeedOrders.json(fraction), SeedOrders.json(letters), SeedOrders.json(badItem), good);
        acceptAnswers(6034, json(200, withState(good, "accepted")));
        tevo().stubFor(signed(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/(6300|6031|6032|6033)/accept")))
                .willReturn(json(200, "{}")));

        desk.poll();
        desk.poll();

        tevo().verify(exactly(0), postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/(6300|6031|6032|6033)/.*")));
        tevo().verify(exactly(1), acceptOf(6034));
        assertThat(emailsWithSubject("without an id").stream().filter(m -> Desk.text(m).contains("6300.5")).toList()).hasSize(1)
                .first().satisfies(m -> assertThat(Desk.text(m)).contains("is not a TEvo id"));
        assertThat(emailsWithSubject("without an id").stream().filter(m -> Desk.text(m).contains("R-ABC-6032")).toList()).hasSize(1);
        assertThat(emailsAbout(6033)).singleElement().satisfies(m -> assertThat(Desk.text(m)).contains("12.5"));
    }

    @Test
    void healthAndMetricsAreServed() {
        String order = order(6101, item(110, "ACC-1", 1, "100.00", true));
        pendingOrders(order);
        acceptAnswers(6101, json(200, withState(order, "accepted")));
        desk.poll();
        io.tevoroutes.desk.support.Management.given().get("/q/health").then().statusCode(200).body(org.hamcrest.Matchers.containsString("\"status\": \"UP\""))
                .body(org.hamcrest.Matchers.containsString("TEvo API"));
        String metrics = io.tevoroutes.desk.support.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("tevo_orders_seen_total").contains("tevo_orders_accepted_total");
        assertThat(metricValue(metrics, "tevo_orders_accepted_total")).isGreaterThanOrEqualTo(1.0);
    }

    private static double metricValue(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void shippingIsToldOnceAboutAcceptedItemsThatAreNotEtickets() throws Exception {
        String order = order(6201, item(120, "SHIP-1", 1, "100.00", false)).replace("\"items\"",
                "\"shipping_address\":{\"name\":\"John Smith\",\"street_address\":\"123 Merry Lane\",\"locality\":\"Jersey City\","
                        + "\"region\":\"NJ\",\"postal_code\":\"07030\"},\"shipments\":[{\"type\":\"FedEx\"}],\"items\"");
        pendingOrders(order);
        acceptAnswers(6201, json(200, withState(order, "accepted")));

        desk.poll();
        desk.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> shippingEmails(6201).size() == 1);
        MimeMessage m = shippingEmails(6201).get(0);
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("shipping@broker.example");
        assertThat(body(m)).contains("item 120").contains("FedEx").contains("John Smith, 123 Merry Lane, Jersey City, NJ, 07030")
                .contains("Ravens at Eagles");
        assertThat(emailsAbout(6201)).hasSize(1); // that one; no "needs a person" email
    }

    private static List<MimeMessage> shippingEmails(long orderId) {
        return emailsAbout(orderId).stream().filter(m -> Desk.subject(m).contains("to ship")).toList();
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "order canceled in TEvo after the desk accepted it",
            holds = "its reserved tickets are freed and sold again")
    void anAcceptedOrderCanceledLaterFreesItsReservedTickets() {
        String first = order(6401, item(140, "CANCEL-1", 2, "60.00", true));
        pendingOrders(first);
        acceptAnswers(6401, json(200, withState(first, "accepted")));
        desk.poll();
        assertThat(state.reservedFor(6401L)).isEqualTo(2);

        show(6401, withState(first, "canceled")); // the buyer's order was canceled after the desk accepted it
        desk.checkReservations();
        assertThat(state.reservedFor(6401L)).isZero();
        assertThat(state.status(6401L)).isEqualTo("ENDED");

        // the inventory still shows 2 (the sale never happened): a new order for both tickets can be accepted
        String second = order(6402, item(141, "CANCEL-1", 2, "60.00", true));
        pendingOrders(second);
        acceptAnswers(6402, json(200, withState(second, "accepted")));
        desk.poll();
        tevo().verify(exactly(1), acceptOf(6402, REVIEWER));
        assertThat(emailsAbout(6401)).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.TEVO_BUSY, value = "TEvo answers 503/429 (half with Retry-After: 0) on 30 % of all calls",
            holds = "every fillable order accepted exactly once")
    void withAThirdOfTevoCallsRefusedEveryFillableOrderIsAcceptedExactlyOnce() {
        int n = 12;
        String[] orders = new String[n];
        for (int i = 0; i < n; i++) {
            orders[i] = order(6601 + i, item(160 + i, "CHAOS-1", 1, "60.00", true));
            acceptAnswers(6601 + i, json(200, withState(orders[i], "accepted")));
            show(6601 + i, withState(orders[i], "pending")); // what a re-read after a refused accept finds
        }
        pendingOrders(orders);
        TevoApiResource.Chaos.rate = 0.3;
        int injectedBefore = TevoApiResource.Chaos.injected();
        try {
            for (int poll = 0; poll < 20 && !allAccepted(6601, n); poll++) {
                desk.poll();
            }
        } finally {
            TevoApiResource.Chaos.rate = 0;
        }

        assertThat(TevoApiResource.Chaos.injected() - injectedBefore).isGreaterThan(5);
        for (int i = 0; i < n; i++) {
            long id = 6601 + i;
            assertThat(state.status(id)).as("order %d", id).isEqualTo("ACCEPTED");
            assertThat(tevo().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/v9/orders/" + id + "/accept")
                    && e.getResponse().getStatus() == 200)).as("accepts of order %d TEvo took", id).hasSize(1);
        }
    }

    /** Accepted exactly once, recorded as sold, and nobody emailed about it. */
    void assertSoldOnceQuietly(long orderId) {
        tevo().verify(exactly(1), acceptOf(orderId));
        assertThat(state.status(orderId)).isEqualTo("ACCEPTED");
        assertThat(emailsAbout(orderId)).isEmpty();
    }

    private boolean allAccepted(long first, int n) {
        for (long id = first; id < first + n; id++) {
            if (!"ACCEPTED".equals(state.status(id))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void supportStaffReadTheDecisionAuditAsJson() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        pendingOrders(order(6301, item(130, "NOT-IN-INVENTORY-6301", 1, "10.00", true)));
        desk.poll();
        String after = java.time.Instant.now().plusSeconds(1).toString();

        given().get("/audit/orders/6301").then().statusCode(401);
        given().header("Authorization", "Bearer " + AUDIT_TOKEN).get("/audit/orders/6301").then().statusCode(200)
                .contentType("application/json")
                .body("orderId", org.hamcrest.Matchers.equalTo(6301))
                .body("decisions", org.hamcrest.Matchers.hasSize(1))
                .body("decisions[0].decision", org.hamcrest.Matchers.equalTo("HOLD"))
                .body("decisions[0].reasons", org.hamcrest.Matchers.contains("UNKNOWN_TICKET"))
                .body("decisions[0].detail", org.hamcrest.Matchers.containsString("NOT-IN-INVENTORY-6301"));
        given().header("Authorization", "Bearer " + AUDIT_TOKEN).queryParam("from", before.toString()).queryParam("to", after)
                .get("/audit/decisions").then().statusCode(200)
                .body("decisions.orderId", org.hamcrest.Matchers.hasItem(6301))
                .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().header("Authorization", "Bearer " + AUDIT_TOKEN).queryParam("from", after).queryParam("to", before.toString())
                .get("/audit/decisions").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("before"));
        given().header("Authorization", "Bearer " + AUDIT_TOKEN).get("/audit/orders/abc").then().statusCode(400);
        given().header("Authorization", "Bearer " + AUDIT_TOKEN).get("/audit/orders/6399").then().statusCode(200)
                .body("decisions", org.hamcrest.Matchers.empty());
    }

    @Inject
    io.tevoroutes.desk.state.Claims claims;
    @Inject
    io.tevoroutes.desk.state.MailOutbox mailOutbox;
    @Inject
    org.apache.camel.ProducerTemplate template;

    /** Plays another desk on the same database: its claim of a key, with a lease running out in leaseMillis (negative: ran out). */
    void claimOfAnotherDesk(String key, String owner, long leaseMillis) throws java.sql.SQLException {
        try (java.sql.Connection c = state.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("insert into work_claim (claim_key, owner, lease_until, claimed_at) values (?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, owner);
            ps.setTimestamp(3, java.sql.Timestamp.from(java.time.Instant.now().plusMillis(leaseMillis)));
            ps.setTimestamp(4, java.sql.Timestamp.from(java.time.Instant.now()));
            ps.executeUpdate();
        }
    }

    String ownerOf(String key) throws java.sql.SQLException {
        try (java.sql.Connection c = state.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("select owner from work_claim where claim_key = ?")) {
            ps.setString(1, key);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "an order claimed by another live desk is listed by this one (poll, webhook)",
            holds = "not evaluated nor accepted here while the other desk's lease runs; once it has run out, taken over")
    void anOrderAnotherDeskHoldsIsLeftAloneUntilItsLeaseRunsOut() throws java.sql.SQLException {
        String order = order(5871, item(5871, "ACC-1", 1, "100.00", true));
        pendingOrders(order);
        acceptAnswers(5871, json(200, withState(order, "accepted")));
        claimOfAnotherDesk("order:5871", "desk-elsewhere", 60_000);

        desk.poll();

        tevo().verify(exactly(0), acceptOf(5871));
        assertThat(claims.busy("order:5871")).isTrue();
        assertThat(claims.claim("order:5871")).as("a live claim of another desk").isFalse();
        assertThat(ownerOf("order:5871")).isEqualTo("desk-elsewhere");

        // the other desk died: its lease runs out, and the next claim takes the order over
        try (java.sql.Connection c = state.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("update work_claim set lease_until = ? where claim_key = 'order:5871'")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)));
            ps.executeUpdate();
        }
        long mark = io.tevoroutes.desk.support.TestLog.lines();
        desk.poll();

        tevo().verify(exactly(1), acceptOf(5871));
        assertThat(state.status(5871L)).isEqualTo("ACCEPTED");
        assertThat(ownerOf("order:5871")).as("given back when done").isNull();
        // the poll's claims (one transaction for the listing) say whose work they took over, as the takeover sweep does
        assertThat(io.tevoroutes.desk.support.TestLog.since(mark)).anyMatch(l -> l.contains("took order:5871 over from desk desk-elsewhere (its claim ran out)"));
    }

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "a desk died after TEvo applied its accept, before it recorded it (ACCEPTING,"
            + " tickets reserved, its claim running out)",
            holds = "the takeover re-reads the order and records it as sold; the accept is not sent again")
    void anAcceptLeftByADeadDeskIsSettledByTheTakeoverWithoutSendingItAgain() throws java.sql.SQLException {
        String order = order(5872, item(5872, "ACC-1", 1, "100.00", true));
        show(5872, withState(order, "accepted"));
        try (java.sql.Connection c = state.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("insert into desk_order (order_id, status, updated_at) values (5872, 'ACCEPTING', current_timestamp)");
            st.executeUpdate("insert into reservation (order_id, ticket_id, quantity, baseline, created_at, written_back)"
                    + " values (5872, 'ACC-1', 1, 10, current_timestamp, false)");
        }
        claimOfAnotherDesk("order:5872", "desk-dead", -1000);

        template.sendBody("direct:claims-takeover", null);
        desk.awaitIdle();

        assertThat(state.status(5872L)).isEqualTo("ACCEPTED");
        tevo().verify(exactly(0), acceptOf(5872));
        assertThat(ownerOf("order:5872")).as("the claim is given back once the order is settled").isNull();
        assertThat(io.tevoroutes.desk.support.TestLog.text()).contains("taking over order 5872 from desk desk-dead")
                .contains("order 5872 is accepted in TEvo: the accept the desk sent was applied");
    }

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "two desks see one outage (TEvo unreachable), each from its own start",
            holds = "one email for it; a later outage is emailed again")
    void anOutageSeenByTwoDesksIsEmailedOnce() throws java.sql.SQLException {
        java.time.Instant now = java.time.Instant.now();
        String kind = "tevo-unreachable|";
        // another desk saw it begin 5 s ago and told a person; this desk saw it begin 3 s ago
        assertThat(mailOutbox.keep(outageAlert(kind + now.minusSeconds(5).toEpochMilli()))).isTrue();
        assertThat(mailOutbox.keep(outageAlert(kind + now.minusSeconds(3).toEpochMilli()))).as("the same outage").isFalse();
        // an outage that began after that email is another one
        assertThat(mailOutbox.keep(outageAlert(kind + now.plusSeconds(60).toEpochMilli()))).as("a later outage").isTrue();
        assertThat(mailOutbox.keep(outageAlert("inventory-outage|" + now.minusSeconds(3).toEpochMilli()))).as("another kind").isTrue();
        // played alerts: not to be sent by the other tests' outbox sweeps
        try (java.sql.Connection c = state.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update mail_outbox set status = 'SENT' where subject like 'played outage %'");
        }
    }

    org.apache.camel.Exchange outageAlert(String key) {
        org.apache.camel.Exchange e = new org.apache.camel.support.DefaultExchange(template.getCamelContext());
        e.setProperty("notifyKey", key);
        e.setProperty("notifySubject", "played outage " + key);
        e.getMessage().setBody("test");
        return e;
    }

    static final String AUDIT_TOKEN = "test-audit-token-5Kq2";
}
