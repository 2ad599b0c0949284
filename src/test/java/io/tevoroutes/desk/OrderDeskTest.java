package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.TestLog;
import io.tevoroutes.desk.support.TevoApiResource;


/** The order desk scenarios on the defaults: inventory from a CSV export, state in (in-memory) H2. */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(ReliabilityReport.class)
class OrderDeskTest extends OrderDeskScenarios {

    @Test
    void theConsoleIsOffUnlessEnabled() {
        given().redirects().follow(false).get("/console").then().statusCode(404).body(org.hamcrest.Matchers.containsString("console.enabled=false"));
        given().redirects().follow(false).get("/console/login").then().statusCode(404);
        given().redirects().follow(false).formParam("j_username", "anna").formParam("j_password", "x").post("/j_security_check").then()
                .statusCode(404);
        given().redirects().follow(false).post("/console/act/orders/1/reject").then().statusCode(404);
        // the desk's other endpoints are not behind the console's sign-in
        io.tevoroutes.desk.support.Management.given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @Reliability(area = FaultArea.TEVO_UNREACHABLE, value = "TEvo unreachable (connection reset) across polls",
            holds = "one \"TEvo cannot be reached\" email, not one per poll; readiness DOWN until it answers")
    void tevoUnreachableIsReportedOnceAndReadinessIsDownUntilItAnswersAgain() {
        int before = emailsWithSubject("TEvo cannot be reached").size();
        tevo().stubFor(get(urlPathEqualTo("/v9/orders")).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        desk.poll();
        desk.poll();
        desk.poll();

        assertThat(emailsWithSubject("TEvo cannot be reached")).hasSize(before + 1).last().satisfies(m -> assertThat(body(m))
                .contains("cannot reach the TEvo API").contains("What to do").contains("call(s) failed so far"));
        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(503).body(org.hamcrest.Matchers.containsString("TEvo API"))
                .body(org.hamcrest.Matchers.containsString("failingSince"));

        TevoApiResource.resetToUnauthorized();
        pendingOrders();
        desk.poll();

        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(200);
        assertThat(emailsWithSubject("TEvo cannot be reached")).hasSize(before + 1);
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "accept applied by TEvo but the connection reset before the answer",
            holds = "not repeated (a POST is never retried on a lost answer); re-read, recorded as sold; no email")
    void acceptAppliedButAnsweredWithAResetConnectionIsSettledByReReading() {
        acceptAppliedButAnswered(6701, order(6701, item(170, "RESET-1", 1, "60.00", true)),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        desk.poll();
        desk.poll();

        assertSoldOnceQuietly(6701);
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "accept applied by TEvo but answered after the response timeout"
            + " (4 s against tevo.api.response-timeout=3s)", holds = "not repeated; re-read, recorded as sold; no email")
    void acceptAppliedButAnsweredTooLateIsSettledByReReading() {
        String order = order(6702, item(171, "SLOW-1", 1, "60.00", true));
        acceptAppliedButAnswered(6702, order, json(200, withState(order, "accepted")).withFixedDelay(4000));

        desk.poll();
        desk.poll();

        assertSoldOnceQuietly(6702);
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "accept answered 500 and the order re-read in a state the desk"
            + " does not act on (cancel_proposed)", holds = "nothing released or sent again; the tickets stay reserved;"
                    + " one email naming the state")
    void anAcceptFollowedByAStateTheDeskDoesNotKnowKeepsTheTicketsAndAsksAPerson() {
        String order = order(6703, item(172, "ODD-1", 2, "60.00", true));
        pendingOrders(order);
        acceptAnswers(6703, json(500, "{}"));
        show(6703, withState(order, "cancel_proposed"));

        desk.poll();

        tevo().verify(exactly(1), acceptOf(6703));
        assertThat(state.status(6703L)).isEqualTo("ACCEPTING");
        assertThat(state.reservedFor(6703L)).isEqualTo(2);
        assertThat(emailsAbout(6703)).singleElement().satisfies(m -> assertThat(body(m)).contains("accept not confirmed")
                .contains("cancel_proposed").contains("sends nothing twice"));
    }

    @Test
    @Reliability(area = FaultArea.TAKEN_MEANWHILE, value = "the order accepted by someone else while the desk accepts it"
            + " (accept answered 422, re-read shows it accepted)", holds = "no error email, no second accept; recorded as sold")
    void anOrderAcceptedBySomeoneElseMeanwhileIsRecordedQuietly() {
        String order = order(6704, item(173, "ELSE-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(6704, json(422, "{\"errors\":{\"state\":[\"is not pending\"]}}"));
        show(6704, withState(order, "accepted"));

        desk.poll();

        assertSoldOnceQuietly(6704);
    }

    @Test
    @Reliability(area = FaultArea.APPLIED_BUT_FAILED, value = "accept applied, its answer lost (reset) and the order cannot be"
            + " re-read (TEvo answers 503 to every read) until TEvo recovers", holds = "ACCEPTING kept with its tickets and one"
                    + " email; the follow-up re-read records it sold (audited); no second accept")
    void anAcceptWhoseAnswerIsLostIsSettledByTheFollowUpWithoutSendingItAgain() {
        acceptAppliedButAnswered(6705, order(6705, item(174, "LOST-1", 1, "60.00", true)),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        var unreadable = tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/6705"))).atPriority(1).willReturn(json(503, "{}")));

        desk.poll();
        assertThat(state.status(6705L)).isEqualTo("ACCEPTING");
        assertThat(emailsAbout(6705)).singleElement().satisfies(m -> assertThat(body(m)).contains("accept not confirmed"));

        tevo().removeStub(unreadable); // TEvo answers again: the order shows accepted, and is no longer listed pending
        desk.checkReservations();
        desk.poll();

        assertThat(state.status(6705L)).isEqualTo("ACCEPTED");
        assertThat(state.decisions(6705L)).extracting(io.tevoroutes.desk.state.DecisionAudit.AuditEntry::decision).containsExactly("HOLD", "ACCEPT");
        tevo().verify(exactly(1), acceptOf(6705));
        assertThat(emailsAbout(6705)).hasSize(1);
    }

    @jakarta.inject.Inject
    io.tevoroutes.desk.state.MailOutbox outbox;

    @Test
    @Reliability(area = FaultArea.SMTP_DOWN, value = "SMTP server down",
            holds = "the email is kept in the outbox and sent once when it is back; the desk goes on")
    void anEmailTheSmtpServerDoesNotTakeIsKeptAndSentOnceWhenItIsBack() {
        pendingOrders(order(6501, item(150, "NOT-IN-INVENTORY-6501", 1, "10.00", true)));
        int pendingBefore = outbox.pendingCount();
        int refusedBefore = outbox.failing().map(io.tevoroutes.desk.state.MailOutbox.Failing::count).orElse(0);
        MailResource.smtpDown();
        try {
            desk.poll();
            desk.poll(); // held again: still one email for the order and its reason
            desk.sendOutbox(); // SMTP still down: kept
            assertThat(outbox.pendingCount()).isEqualTo(pendingBefore + 1);
            // the console's Now page shows it as an outage: emails the mail server refused wait in the outbox
            assertThat(outbox.failing()).hasValueSatisfying(f -> assertThat(f.count()).isEqualTo(refusedBefore + 1));
            // and the metric an alert rule watches says so too
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(io.tevoroutes.desk.support.Management.given().get("/q/metrics")
                    .then().statusCode(200).extract().asString().lines()).contains("tevo_outage{neighbour=\"mail\"} 1.0"));
        } finally {
            MailResource.smtpUp();
        }

        desk.sendOutbox();
        assertThat(outbox.failing().map(io.tevoroutes.desk.state.MailOutbox.Failing::count).orElse(0)).isEqualTo(refusedBefore);

        assertThat(emailsAbout(6501)).singleElement().satisfies(m -> assertThat(body(m)).contains("unknown ticket"));
        assertThat(outbox.pendingCount()).isEqualTo(pendingBefore);
        desk.poll();
        desk.sendOutbox();
        assertThat(emailsAbout(6501)).hasSize(1);
    }

    @jakarta.inject.Inject
    org.apache.camel.ProducerTemplate producer;
    @jakarta.inject.Inject
    io.tevoroutes.desk.state.Claims claims;

    @Test
    @Reliability(area = FaultArea.SMTP_DOWN, value = "the SMTP server takes the connection and never answers while a poll"
            + " holds one order and accepts another; the outbox sweep runs meanwhile",
            holds = "both orders are decided while the email hangs; the sweep does not send the email being sent a second"
                    + " time; it is sent once when the server is back")
    void aHangingMailServerBlocksNothingAndTheEmailBeingSentIsNotSentTwice() {
        String fillable = order(6512, item(152, "HANG-1", 1, "60.00", true));
        pendingOrders(order(6511, item(151, "NOT-IN-INVENTORY-6511", 1, "10.00", true)), fillable);
        acceptAnswers(6512, json(200, withState(fillable, "accepted")));
        MailResource.smtpHangs();
        try {
            producer.sendBody("direct:poll", null);
            // the held order's email is on its way (the server holds the connection), yet both orders are done
            await().atMost(Duration.ofSeconds(15)).until(() -> MailResource.hangingConnections() == 1
                    && "ACCEPTED".equals(state.status(6512L)) && state.decisions(6511L).size() == 1 && claims.inFlight() == 0);
            desk.sendOutbox(); // the sweep must leave the email alone: its sender still holds it
            assertThat(MailResource.hangingConnections()).isEqualTo(1);
        } finally {
            MailResource.smtpReleased();
            MailResource.smtpUp();
        }
        // the dropped connection failed the first try; the sweep sends it now
        await().atMost(Duration.ofSeconds(15)).until(() -> sendOutboxAndCount(6511) == 1);
        assertThat(emailsAbout(6511)).singleElement().satisfies(m -> assertThat(body(m)).contains("unknown ticket"));
        tevo().verify(exactly(1), acceptOf(6512));
    }

    private int sendOutboxAndCount(long orderId) {
        desk.sendOutbox();
        return emailsAbout(orderId).size();
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_BROKEN, value = "the inventory CSV replaced mid-run by a broken file (columns"
            + " missing), then by another broken one (not UTF-8), then fixed, then broken again",
            holds = "an order is decided on the last good inventory meanwhile; one email per breakage (two in all, not one"
                    + " per reload); the log says when the file can be read again")
    void aBrokenInventoryFileKeepsTheLastGoodOneAndEmailsOncePerBreakage() throws Exception {
        Path file = InventoryResource.FILE;
        String good = Files.readString(file);
        int before = emailsWithSubject("the inventory file cannot be read").size();
        long linesBefore = TestLog.lines();
        try {
            Files.writeString(file, "Ticket;Qty\nX;1\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> emailsWithSubject("the inventory file cannot be read").size() == before + 1);
            Files.write(file, new byte[] { 'T', 'i', 'c', 'k', 'e', 't', 'I', 'D', '\n', (byte) 0xff, (byte) 0xfe, (byte) 0xfd });
            await().atMost(Duration.ofSeconds(10)).until(() -> TestLog.since(linesBefore).filter(l -> l.contains("not UTF-8 text")).count() >= 1);

            String order = order(6801, item(180, "CSVBRK-1", 1, "60.00", true));
            pendingOrders(order);
            acceptAnswers(6801, json(200, withState(order, "accepted")));
            desk.poll();
            tevo().verify(exactly(1), acceptOf(6801));
            assertThat(emailsWithSubject("the inventory file cannot be read")).hasSize(before + 1).last().satisfies(m -> assertThat(body(m))
                    .contains("lacks column(s)").contains("last good inventory"));
        } finally {
            Files.writeString(file, good);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestLog.since(linesBefore).filter(l -> l.contains("can be read again")).count() == 1);

        try {
            Files.writeString(file, "broken again");
            await().atMost(Duration.ofSeconds(10)).until(() -> emailsWithSubject("the inventory file cannot be read").size() == before + 2);
        } finally {
            Files.writeString(file, good);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestLog.since(linesBefore).filter(l -> l.contains("can be read again")).count() == 2);
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "an order for a TicketID whose inventory row has no price (the rest"
            + " of the file is good)", holds = "held with one email naming the row and its line; other TicketIDs still decided")
    void anOrderForATicketIdWithAnUnusableRowIsHeldNamingTheRow() throws Exception {
        Path file = InventoryResource.FILE;
        String good = Files.readString(file);
        long line = good.lines().count() + 1;
        try {
            Files.writeString(file, good + "BADROW-1,2,,true\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(Path.of("target/quarkus.log"))
                    .contains("line " + line + ": not a number"));
            String other = order(6802, item(181, "UNUSE-OK-1", 1, "60.00", true));
            pendingOrders(order(6801 + 10, item(182, "BADROW-1", 1, "60.00", true)), other);
            acceptAnswers(6802, json(200, withState(other, "accepted")));

            desk.poll();

            tevo().verify(exactly(0), acceptOf(6811));
            tevo().verify(exactly(1), acceptOf(6802));
            assertThat(emailsAbout(6811)).singleElement().satisfies(m -> assertThat(body(m)).contains("unusable inventory row")
                    .contains("TicketID BADROW-1: line " + line + " of the inventory file: not a number"));
        } finally {
            Files.writeString(file, good);
        }
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "the pending-orders listing answered 200 with HTML, then with JSON"
            + " without an orders array, then with a good page", holds = "each poll fails with one clear line (no order decided"
                    + " on it); one \"cannot be read\" email; readiness DOWN until a good page, then UP")
    void aListingThatIsNotAListOfOrdersIsReportedOnceAndTheDeskGoesOn() {
        int before = emailsWithSubject("TEvo's answers cannot be read").size();
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders"))).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway (proxy)</body></html>")));
        desk.poll();
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders"))).atPriority(1).willReturn(json(200, "{\"error\":\"try later\"}")));
        desk.poll();

        assertThat(emailsWithSubject("TEvo's answers cannot be read")).hasSize(before + 1).last()
                .satisfies(m -> assertThat(body(m)).contains("not a list of orders").contains("What to do"));
        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(503).body(org.hamcrest.Matchers.containsString("unreadableSince"));
        assertThat(Files.exists(Path.of("target/quarkus.log"))).isTrue();

        TevoApiResource.resetToUnauthorized();
        String order = order(6901, item(190, "LISTING-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(6901, json(200, withState(order, "accepted")));
        desk.poll();
        tevo().verify(exactly(1), acceptOf(6901));
        io.tevoroutes.desk.support.Management.given().get("/q/health/ready").then().statusCode(200);
        assertThat(emailsWithSubject("TEvo's answers cannot be read")).hasSize(before + 1);
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "ids, prices and quantities as JSON numbers instead of strings; a price"
            + " with 3 decimals above the floor; one with 3 decimals just below it", holds = "read alike: the first two"
                    + " accepted, the third held naming both prices")
    void numbersAndStringsAreReadAlikeAndThreeDecimalPricesAreComparedExactly() {
        String numeric = "{\"id\":6911,\"state\":\"pending\",\"type\":\"Order\",\"buyer\":{\"type\":\"Office\",\"id\":6},"
                + "\"items\":[{\"id\":191,\"order_item_id\":50191,\"price\":60,\"quantity\":\"1\",\"eticket_delivery\":true,"
                + "\"ticket_group\":{\"id\":9191,\"remote_id\":\"ODD-TYPES-1\",\"seats\":[1]}}]}";
        String threeDecimals = order(6912, item(192, "ODD-TYPES-1", 1, "50.005", true));
        String belowFloor = order(6913, item(193, "PRICE-1", 1, "119.995", true));
        withInventoryRow("ODD-TYPES-1,5,50.00,true", () -> {
            pendingOrders(numeric, threeDecimals, belowFloor);
            acceptAnswers(6911, json(200, withState(numeric, "accepted")));
            acceptAnswers(6912, json(200, withState(threeDecimals, "accepted")));
            desk.poll();
        });
        tevo().verify(exactly(1), acceptOf(6911));
        tevo().verify(exactly(1), acceptOf(6912));
        tevo().verify(exactly(0), acceptOf(6913));
        assertThat(emailsAbout(6913)).singleElement().satisfies(m -> assertThat(body(m))
                .contains("sold at 119.995 per ticket, inventory price 120.00"));
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "webhook posts the HTTP layer itself fails, sent to /tevo/webhooks?secret=<the"
            + " real secret> as TEvo sends them: a form '=&&==&', a chunked form with a 3 MB field, a form with a newline-laden"
            + " field name", holds = "no log line shows the secret (Quarkus' error handler logged the whole URL at ERROR); no"
                    + " log line carries a raw newline from the request")
    void theWebhookSecretInTheUrlIsNeverLogged() throws Exception {
        long mark = TestLog.lines();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/tevo/webhooks?secret=test-webhook-secret");
        for (java.net.http.HttpRequest.BodyPublisher body : List.of(java.net.http.HttpRequest.BodyPublishers.ofString("=&&==&"),
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("body=" + "x".repeat(3 * 1024 * 1024)).getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                java.net.http.HttpRequest.BodyPublishers.ofString("a%0AERROR+forged=1&order_group_id=1%0A%0D"))) {
            try {
                http.send(java.net.http.HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(body).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // the desk may close the connection on a body it refuses: what matters is the log
            }
        }
        desk.awaitIdle();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<String> lines = TestLog.since(mark).toList();
        assertThat(lines).as("log lines written for the posts").isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains("test-webhook-secret"));
        assertThat(lines).noneMatch(l -> l.startsWith("ERROR forged") || l.startsWith("\r"));
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "one desk claiming 2,000 pieces of work at once (a poll listing a burst"
            + " of sales) while its claims are renewed over and over", holds = "no claim is taken for lost: every one is still"
                    + " this desk's and renewed (before, a claim taken while a renewal ran was dropped, and its order waited for"
                    + " its lease to run out)")
    void claimsTakenWhileTheyAreRenewedAreNotLost() throws Exception {
        long mark = TestLog.lines();
        java.util.concurrent.atomic.AtomicBoolean claiming = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
        Thread renewer = new Thread(() -> {
            while (claiming.get()) {
                claims.renew();
                renewals.incrementAndGet();
            }
        });
        renewer.start();
        try {
            for (int i = 0; i < 2000; i++) {
                assertThat(claims.claim("burst:" + i)).isTrue();
            }
        } finally {
            claiming.set(false);
            renewer.join();
        }
        claims.renew();
        try {
            assertThat(renewals.get()).as("renewals while claiming").isGreaterThan(1);
            for (int i = 0; i < 2000; i++) {
                assertThat(claims.holds("burst:" + i)).as("burst:" + i + " still held").isTrue();
            }
            assertThat(TestLog.since(mark).filter(l -> l.contains("claim burst:"))).as("claims logged as lost").isEmpty();
        } finally {
            for (int i = 0; i < 2000; i++) {
                claims.release("burst:" + i);
            }
        }
    }

    @Test
    @Reliability(area = FaultArea.WEBHOOK_INPUT, value = "1,000 webhooks for one order group in a few seconds (TEvo retrying,"
            + " or a replay), posted 8 at a time, the group's listing answering in 1 s", holds = "merged: one re-read of the"
                    + " group at a time, and one more after it for all that came meanwhile (a handful of signed GETs, not"
                    + " 1,000); the order accepted once")
    void webhooksForOneGroupAreMergedIntoFewReReads() {
        String order = order(6051, item(105, "HOOK-1", 1, "60.00", true));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("790")))
                .willReturn(json(200, io.tevoroutes.desk.support.TestOrders.page(1, 2, order)).withFixedDelay(1000)));
        acceptAnswers(6051, json(200, withState(order, "accepted")));
        String form = io.tevoroutes.desk.support.SeedOrders.webhookForm(790, "order_created", order);
        java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> posted = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                posted.add(posters.submit(() -> given().header("X-Webhook-Secret", "test-webhook-secret")
                        .contentType("application/x-www-form-urlencoded").body(form).post("/tevo/webhooks").statusCode()));
            }
            for (java.util.concurrent.Future<Integer> p : posted) {
                assertThat(p.get()).isEqualTo(202);
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            posters.shutdown();
        }
        desk.awaitIdle();
        int gets = tevo().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v9/orders"))
                .withQueryParam("order_group_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("790"))).size();
        assertThat(gets).as("signed GETs for 1,000 webhooks").isBetween(1, 50);
        tevo().verify(exactly(1), acceptOf(6051));
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "500 audit requests without the token", holds = "each refused (401);"
            + " at most one log line a minute, counting the others")
    void refusedAuditCallsAreLoggedAtMostOnceAMinute() {
        long mark = TestLog.lines();
        for (int i = 0; i < 500; i++) {
            given().get("/audit/orders/5001").then().statusCode(401);
        }
        assertThat(TestLog.since(mark).filter(l -> l.contains("audit request refused"))).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "hostile text from TEvo: a 2 MB event name, a TicketID, venue and row with"
            + " newlines that would forge log lines", holds = "held as an unknown TicketID with one email of a few KB (each"
                    + " value escaped and cut with how much was left out); every log line one line, none 100 KB long")
    void hostileTextFromTevoIsEscapedAndCappedInEmailsAndLogs() {
        long mark = TestLog.lines();
        com.fasterxml.jackson.databind.node.ObjectNode order = io.tevoroutes.desk.support.SeedOrders.order(6061,
                "HOSTILE-1\n12:00:00 INFO order 6061 decision=ACCEPT", 1, "242.0");
        com.fasterxml.jackson.databind.node.ObjectNode group = (com.fasterxml.jackson.databind.node.ObjectNode) io.tevoroutes.desk.support.SeedOrders
                .item(order).get("ticket_group");
        group.put("row", "28\r\nBcc: everyone@example.com");
        ((com.fasterxml.jackson.databind.node.ObjectNode) group.get("event")).put("name", "Ravens " + "at Eagles ".repeat(220_000));
        ((com.fasterxml.jackson.databind.node.ObjectNode) group.get("event").get("venue")).put("name", "Lincoln\nFinancial Field");
        pendingOrders(io.tevoroutes.desk.support.SeedOrders.json(order));

        desk.poll();

        tevo().verify(exactly(0), acceptOf(6061));
        assertThat(emailsAbout(6061)).singleElement().satisfies(m -> {
            String text = Desk.text(m);
            assertThat(text.length()).isLessThan(10_000);
            assertThat(text).contains("Ravens at Eagles").contains("more characters")
                    .contains("TicketID HOSTILE-1\\n12:00:00 INFO").contains("Lincoln\\nFinancial")
                    .contains("28\\r\\nBcc:");
        });
        List<String> lines = TestLog.since(mark).toList();
        assertThat(lines).noneMatch(l -> l.startsWith("12:00:00 INFO order 6061"));
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(9_000));
    }

    @Test
    void logLinesAreCleanedOfSecretsControlCharactersAndLength() {
        io.tevoroutes.desk.config.SafeLogFilter filter = new io.tevoroutes.desk.config.SafeLogFilter();
        org.jboss.logmanager.ExtLogRecord r = new org.jboss.logmanager.ExtLogRecord(java.util.logging.Level.SEVERE,
                "HTTP Request to %s failed\nforged line", org.jboss.logmanager.ExtLogRecord.FormatStyle.PRINTF, "test");
        r.setParameters(new Object[] { "/tevo/webhooks?secret=test-webhook-secret&x=1" });
        r.setThrown(new IllegalStateException("bad URL /a?token=" + TevoApiResource.TOKEN));
        filter.isLoggable(r);
        assertThat(r.getFormattedMessage()).isEqualTo("HTTP Request to /tevo/webhooks?secret=(hidden)&x=1 failed\\nforged line");
        assertThat(r.getThrown().toString()).doesNotContain(TevoApiResource.TOKEN).contains("token=(hidden)");
        org.jboss.logmanager.ExtLogRecord big = new org.jboss.logmanager.ExtLogRecord(java.util.logging.Level.INFO,
                "event " + "E".repeat(2_000_000), "test");
        filter.isLoggable(big);
        assertThat(big.getFormattedMessage().length()).isLessThan(8100);
        org.jboss.logmanager.ExtLogRecord summary = new org.jboss.logmanager.ExtLogRecord(java.util.logging.Level.INFO,
                "configuration: tevo.api.token=(set from a file), audit.token=(not set)", "test");
        filter.isLoggable(summary);
        assertThat(summary.getFormattedMessage()).isEqualTo("configuration: tevo.api.token=(set from a file), audit.token=(not set)");
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "orders with nulls and odd values: items null, items empty, quantity"
            + " null, quantity -2, price null, ticket_group null, state null, state 'weird', type 'Weird', no id",
            holds = "none accepted; each held with one email naming what is wrong (the one without an id quoted so a person"
                    + " can find it), the unknown type ignored without an email; the desk keeps running")
    void ordersWithNullsAndOddValuesAreHeldWithAClearReasonAndNeverAccepted() {
        String base = "\"type\":\"Order\",\"buyer\":{\"type\":\"Office\",\"id\":6}";
        String tg = "\"ticket_group\":{\"remote_id\":\"ACC-1\",\"seats\":[1]}";
        pendingOrders(
                "{\"id\":6921,\"state\":\"pending\"," + base + ",\"items\":null}",
                "{\"id\":6922,\"state\":\"pending\"," + base + ",\"items\":[]}",
                "{\"id\":6923,\"state\":\"pending\"," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":null," + tg + "}]}",
                "{\"id\":6924,\"state\":\"pending\"," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":-2," + tg + "}]}",
                "{\"id\":6925,\"state\":\"pending\"," + base + ",\"items\":[{\"id\":1,\"price\":null,\"quantity\":1," + tg + "}]}",
                "{\"id\":6926,\"state\":\"pending\"," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":1,\"ticket_group\":null}]}",
                "{\"id\":6927,\"state\":null," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":1," + tg + "}]}",
                "{\"id\":6928,\"state\":\"weird\"," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":1," + tg + "}]}",
                "{\"id\":6929,\"state\":\"pending\",\"type\":\"Weird\",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":1," + tg + "}]}",
                "{\"oid\":\"R-NOID-6930\",\"state\":\"pending\"," + base + ",\"items\":[{\"id\":1,\"price\":\"100\",\"quantity\":1," + tg + "}]}");
        tevo().stubFor(signed(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/69\\d\\d/accept")))
                .willReturn(json(200, "{}")));

        desk.poll();
        desk.poll();

        tevo().verify(exactly(0), postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/69\\d\\d/accept")));
        assertThat(emailsAbout(6921)).singleElement().satisfies(m -> assertThat(Desk.subject(m)).contains("order without items"));
        assertThat(emailsAbout(6922)).singleElement().satisfies(m -> assertThat(Desk.subject(m)).contains("order without items"));
        assertThat(emailsAbout(6923)).singleElement().satisfies(m -> assertThat(body(m)).contains("quantity null is not a positive number"));
        assertThat(emailsAbout(6924)).singleElement().satisfies(m -> assertThat(body(m)).contains("quantity -2 is not a positive number"));
        assertThat(emailsAbout(6925)).singleElement().satisfies(m -> assertThat(body(m)).contains("the item has no price"));
        assertThat(emailsAbout(6926)).singleElement().satisfies(m -> assertThat(body(m)).contains("has no ticket_group.remote_id"));
        assertThat(emailsAbout(6927)).singleElement().satisfies(m -> assertThat(body(m)).contains("the order has no state"));
        assertThat(emailsAbout(6928)).singleElement().satisfies(m -> assertThat(body(m)).contains("the order's state is 'weird'"));
        assertThat(emailsAbout(6929)).isEmpty();
        assertThat(emailsWithSubject("without an id")).singleElement().satisfies(m -> assertThat(body(m)).contains("R-NOID-6930")
                .contains("the order has no id"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 300, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a safety net only
    @Reliability(area = FaultArea.API_INPUT, value = "every value of the hostile-numbers corpus (1E+1000000, 1E+100000000, 400"
            + " digits, NaN, 0x10, unicode digits, -0, ...) as an item's price, an item's quantity and an order's total, as"
            + " strings and as JSON numbers, in the seed order's shape; the TicketID in the inventory with 100,000 tickets",
            holds = "none accepted; each held with one email naming the field and why its number is refused")
    void hostileNumbersInOrdersAreHeldWithTheReasonAndNeverAccepted() {
        List<String> orders = new java.util.ArrayList<>();
        long id = 74000;
        List<com.fasterxml.jackson.databind.JsonNode> values = io.tevoroutes.desk.support.HostileNumbers.json();
        for (com.fasterxml.jackson.databind.JsonNode v : values) {
            for (String field : List.of("price", "quantity", "total")) {
                com.fasterxml.jackson.databind.node.ObjectNode o = io.tevoroutes.desk.support.SeedOrders.order(++id, "HOSTILE-1", 1, "60.00");
                if ("total".equals(field)) {
                    o.set("total", v);
                } else {
                    io.tevoroutes.desk.support.SeedOrders.item(o).set(field, v);
                }
                orders.add(o.toString());
            }
        }
        long last = id;
        withInventoryRow("HOSTILE-1,100000,1.00,true", () -> {
            pendingOrders(orders.toArray(String[]::new));
            tevo().stubFor(signed(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/74\\d\\d\\d/accept")))
                    .willReturn(json(200, "{}")));
            desk.poll();
        });

        tevo().verify(exactly(0), postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v9/orders/74\\d\\d\\d/accept")));
        for (long o = 74001; o <= last; o++) {
            long order = o;
            assertThat(emailsAbout(order)).as("order %d", order).singleElement().satisfies(m -> {
                assertThat(Desk.subject(m)).contains("unreadable order");
                assertThat(unwrapped(m)).containsAnyOf("not a number the desk reads", "is negative", "is not a positive number");
            });
        }
        // the first value, 1E+1000000, as a string: the field named, the reason given
        assertThat(unwrapped(emailsAbout(74001).get(0))).contains("items.0.price '1E+1000000' has an exponent of more than two digits");
        assertThat(unwrapped(emailsAbout(74003).get(0))).contains("total '1E+1000000' has an exponent of more than two digits");
    }

    /** The body without quoted-printable's soft line breaks. */
    private static String unwrapped(jakarta.mail.internet.MimeMessage m) {
        return body(m).replaceAll("=\\r?\\n", "");
    }

    @Test
    @Reliability(area = FaultArea.API_INPUT, value = "a huge page: 1,000 orders (about 0.8 MB) on one page of the listing,"
            + " far more than per_page asked for", holds = "every order read and evaluated; the next page asked for; the desk"
                    + " keeps running")
    void aHugePageIsReadWhole() {
        String[] orders = new String[1000];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = withState(order(700_000 + i, item(i, "ACC-1", 1, "100.00", true)), "accepted");
        }
        double seenBefore = ordersSeen();
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1")))
                .willReturn(json(200, io.tevoroutes.desk.support.TestOrders.page(1, 2, orders))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2")))
                .willReturn(json(200, io.tevoroutes.desk.support.TestOrders.page(2, 2))));

        desk.poll();

        assertThat(ordersSeen() - seenBefore).isEqualTo(1000);
        tevo().verify(exactly(1), com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v9/orders"))
                .withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2")));
    }

    @Test
    @Reliability(area = FaultArea.WEBHOOK_INPUT, value = "webhook posts: a wrong secret 5 times, JSON instead of a form,"
            + " a seller event without order_group_id, a 2 MB body", holds = "401 (counted; at most one log line), 415, 400"
                    + " and 413, each with a clear body; nothing re-read or evaluated on any of them")
    void badWebhookPostsAreRefusedWithAClearStatusAndNothingIsEvaluated() throws Exception {
        double refusedBefore = registry.find("tevo.webhook.refused").counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        long linesBefore = TestLog.lines();
        int listingsBefore = tevo().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v9/orders"))).size();

        for (int i = 0; i < 5; i++) {
            given().header("X-Webhook-Secret", "wrong-secret-Zq93").contentType("application/x-www-form-urlencoded")
                    .formParam("order_group_id", "1").formParam("recipient", "seller").formParam("event_type", "order_created")
                    .post("/tevo/webhooks").then().statusCode(401);
        }
        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/json")
                .body("{\"order_group_id\":1,\"recipient\":\"seller\",\"event_type\":\"order_created\"}")
                .post("/tevo/webhooks").then().statusCode(415).body(org.hamcrest.Matchers.containsString("x-www-form-urlencoded"));
        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                .formParam("recipient", "seller").formParam("event_type", "order_created")
                .post("/tevo/webhooks").then().statusCode(400).body(org.hamcrest.Matchers.containsString("missing order_group_id"));
        assertThat(postOversizeWebhook(2 * 1024 * 1024)).isEqualTo(413);
        desk.awaitIdle();

        double refused = registry.find("tevo.webhook.refused").counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        assertThat(refused - refusedBefore).isEqualTo(5);
        assertThat(TestLog.since(linesBefore).filter(l -> l.contains("webhook refused: wrong secret"))).hasSizeLessThanOrEqualTo(1);
        assertThat(tevo().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v9/orders"))))
                .hasSize(listingsBefore);
    }

    /**
     * A well-formed webhook with a body of this many bytes, sent with Expect: 100-continue as a poster of a large body
     * should: the desk's refusal comes before the body. (Without it, the refusal and close can cut the client off
     * mid-upload, and the client sees a broken pipe instead of the status.) Returns the status.
     */
    static int postOversizeWebhook(int bytes) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/tevo/webhooks"))
                .expectContinue(true).header("X-Webhook-Secret", "test-webhook-secret")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "order_group_id=2&recipient=seller&event_type=order_created&body=" + "x".repeat(bytes)))
                .build();
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** tevo_orders_seen_total, whatever tags Camel gives it. */
    private double ordersSeen() {
        return registry.find("tevo.orders.seen").counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
    @jakarta.inject.Inject
    io.tevoroutes.desk.inventory.CsvInventory csvInventory;

    /** An extra row in the inventory file while the action runs. */
    private void withInventoryRow(String row, Runnable action) {
        try {
            Path file = InventoryResource.FILE;
            String good = Files.readString(file);
            try {
                Files.writeString(file, good + row + "\n");
                String id = row.substring(0, row.indexOf(','));
                await().atMost(Duration.ofSeconds(10)).until(() -> csvInventory.lookup(id) != null);
                action.run();
            } finally {
                Files.writeString(file, good);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


            }
