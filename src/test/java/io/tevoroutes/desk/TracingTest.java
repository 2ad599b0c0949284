package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.CollectedSpans;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.EmptyInbox;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * Traces, read from an in-memory exporter (the desk's spans as a collector would get them, cleaned as the OTLP
 * exporter gets them: SafeTraceExport): one trace per order, from the webhook (or, for a polled order, its evaluation)
 * through the inventory lookup, the rules, the decision, the accept and a delivery hours later; TEvo calls are client
 * spans; no secret and no PDF in any attribute or event, a webhook's ?secret= masked right or wrong.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class TracingTest {

    static final Path INBOX = Path.of("target/test-inbox");
    static final AttributeKey<String> ORDER = AttributeKey.stringKey("tevo.order.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("tevo.order_group.id");

    /** Tracing on (here no OTLP endpoint: the spans go to the in-memory exporter only), exported every 50 ms. */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmptyInbox.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms",
                    "etickets.inbox.poll-delay", "100");
        }
    }

    @Inject
    Desk desk;
    @Inject
    CollectedSpans spans;

    @BeforeEach
    void reset() {
        TevoApiResource.resetToUnauthorized();
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));
    }

    @Test
    void eachPolledOrderIsOneTraceFromItsEvaluationToTheAccept() {
        String first = SeedOrders.json(SeedOrders.order(1710101, "TRACE-1", 1, "100.0"));
        String second = SeedOrders.json(SeedOrders.order(1710102, "TRACE-1", 1, "100.0"));
        pendingOrders(first, second);
        acceptAnswers(1710101, json(200, withState(first, "accepted")));
        acceptAnswers(1710102, json(200, withState(second, "accepted")));

        desk.poll();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            tevo().verify(exactly(1), acceptOf(1710101));
            tevo().verify(exactly(1), acceptOf(1710102));
        });
        desk.awaitIdle();
        await().atMost(Duration.ofSeconds(10)).until(() -> root("1710101") != null && root("1710102") != null
                && !clientSpans("1710101", "POST /v9/orders/{id}/accept").isEmpty());

        SpanData root = root("1710101");
        assertThat(root.getName()).isEqualTo("evaluate-order");
        assertThat(root("1710102").getTraceId()).as("each order a trace of its own, not one trace for the poll").isNotEqualTo(root.getTraceId());
        List<SpanData> trace = spans.matching(s -> s.getTraceId().equals(root.getTraceId()));
        Set<String> names = trace.stream().map(SpanData::getName).collect(Collectors.toSet());
        assertThat(names).contains("inventory-lookup", "item-rules", "order-rules", "decide-order", "accept-order",
                "POST /v9/orders/{id}/accept", "order-accepted");
        assertThat(trace).as("every span of the order's trace names the order").allSatisfy(s -> assertThat(s.getAttributes().get(ORDER)).isEqualTo("1710101"));
        assertThat(trace).as("nothing of the other order").noneMatch(s -> "1710102".equals(s.getAttributes().get(ORDER)));

        SpanData accept = clientSpans("1710101", "POST /v9/orders/{id}/accept").get(0);
        assertThat(accept.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(accept.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(accept.getAttributes().get(AttributeKey.stringKey("url.full"))).endsWith("/v9/orders/1710101/accept");
        // the poll's listing call is a client span of the poll's own trace
        assertThat(spans.matching(s -> s.getName().equals("GET /v9/orders") && s.getKind() == SpanKind.CLIENT)).isNotEmpty();
        assertNoSecretOrPdfInAnySpan();
    }

    @Test
    void aWebhookOrderIsOneTraceFromTheWebhookToTheAccept() {
        String listed = SeedOrders.json(SeedOrders.order(1710111, "TRACE-1", 1, "242.0"));
        pendingOrders(listed);
        acceptAnswers(1710111, json(200, withState(listed, "accepted")));

        given().header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body(SeedOrders.webhookForm(1718811, "order_created", SeedOrders.pretty(SeedOrders.order(1710111, "TRACE-1", 1, "242.0"))))
                .post("/tevo/webhooks").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(1710111)));
        desk.awaitIdle();
        await().atMost(Duration.ofSeconds(10)).until(() -> evaluation("1710111") != null
                && spans.matching(s -> s.getTraceId().equals(evaluation("1710111").getTraceId()) && !s.getParentSpanContext().isValid())
                        .size() == 1);

        SpanData evaluation = evaluation("1710111");
        assertThat(evaluation.getAttributes().get(GROUP)).isEqualTo("1718811");
        List<SpanData> trace = spans.matching(s -> s.getTraceId().equals(evaluation.getTraceId()));
        SpanData root = trace.stream().filter(s -> !s.getParentSpanContext().isValid()).findFirst().orElseThrow();
        assertThat(root.getAttributes().get(AttributeKey.stringKey("camel.uri"))).as("the trace starts at TEvo's POST")
                .startsWith("platform-http://").contains("/tevo/webhooks");
        assertThat(trace.stream().map(SpanData::getName)).as("the webhook's re-read, then the order, in one trace")
                .contains("webhook-reread", "GET /v9/orders", "evaluate-order", "POST /v9/orders/{id}/accept");
        assertThat(trace).filteredOn(s -> s.getName().equals("GET /v9/orders")).allSatisfy(s -> assertThat(s.getAttributes().get(GROUP)).isEqualTo("1718811"));
        assertNoSecretOrPdfInAnySpan();
    }

    @Test
    void aPdfDroppedAfterTheAcceptIsDeliveredInTheOrdersTrace() throws IOException {
        ObjectNode order = SeedOrders.order(1710121, "TRACE-1", 2, "100.0");
        String listed = SeedOrders.json(order);
        pendingOrders(listed);
        acceptAnswers(1710121, json(200, withState(listed, "accepted")));
        show(1710121, withState(listed, "accepted"));
        desk.poll();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(1710121)));
        desk.awaitIdle();
        await().atMost(Duration.ofSeconds(10)).until(() -> root("1710121") != null);
        String orderTrace = root("1710121").getTraceId();

        // later, the PDF: its delivery joins the order's trace
        Path scratch = Files.createDirectories(Path.of("target/tracing-scratch"));
        long itemId = SeedOrders.item(order).get("id").asLong();
        Inboxes.drop(Pdfs.seats(scratch.resolve("t.pdf"), 20, 21), INBOX, "1710121-" + itemId + ".pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> !clientSpans("1710121", "POST /v9/orders/{id}/deliver_etickets").isEmpty());
        SpanData delivery = clientSpans("1710121", "POST /v9/orders/{id}/deliver_etickets").get(0);
        assertThat(delivery.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(delivery.getTraceId()).as("delivered in the trace the order was accepted in").isEqualTo(orderTrace);
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.matching(s -> s.getTraceId().equals(orderTrace)).stream()
                .anyMatch(s -> s.getName().equals("eticket-deliver-item")));
        assertThat(spans.matching(s -> s.getTraceId().equals(orderTrace) && s.getName().equals("eticket-deliver-item")))
                .allSatisfy(s -> assertThat(s.getAttributes().get(ORDER)).isEqualTo("1710121"));

        // a PDF for an order the desk never accepted is a trace of its own, with the order's id
        show(1710131, withState(SeedOrders.json(SeedOrders.order(1710131, "TRACE-1", 1, "100.0")), "accepted"));
        long otherItem = SeedOrders.item(SeedOrders.order(1710131, "TRACE-1", 1, "100.0")).get("id").asLong();
        Inboxes.drop(Pdfs.seats(scratch.resolve("u.pdf"), 20, 20), INBOX, "1710131-" + otherItem + ".pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> !clientSpans("1710131", "POST /v9/orders/{id}/deliver_etickets").isEmpty());
        assertThat(clientSpans("1710131", "POST /v9/orders/{id}/deliver_etickets").get(0).getTraceId()).isNotEqualTo(orderTrace);
        assertNoSecretOrPdfInAnySpan();
    }

    @Test
    void aSecretEchoedInAnErrorIsHiddenInTheTraceAsInTheLog() {
        // TEvo (or a proxy before it) echoes a URL with the webhook secret into its error: the poll's log step says why
        // the poll failed, and the tracer copies that line into the poll's span
        tevo().stubFor(get(urlPathEqualTo("/v9/orders")).atPriority(1).willReturn(json(500,
                "{\"error\":\"upstream https://desk.example/tevo/webhooks?secret=test-webhook-secret timed out\"}")));
        spans.clear();
        desk.poll();
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.all().stream().anyMatch(s -> s.getEvents().stream()
                .anyMatch(e -> String.valueOf(e.getAttributes()).contains("poll failed"))));
        assertThat(spans.all().stream().flatMap(s -> s.getEvents().stream()).map(e -> String.valueOf(e.getAttributes()))
                .filter(e -> e.contains("poll failed"))).allSatisfy(e -> assertThat(e).contains("secret=(hidden)"));
        assertNoSecretOrPdfInAnySpan();
    }

    @Test
    void aWebhookSecretInTheUrlIsMaskedInEverySpanRightOrWrong() {
        spans.clear();
        String form = SeedOrders.webhookForm(1718821, "order_created", SeedOrders.pretty(SeedOrders.order(1710141, "TRACE-1", 1, "242.0")));
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(form)
                .post("/tevo/webhooks?secret=wrong-secret-Zq93").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(form)
                .post("/tevo/webhooks?secret=test-webhook-secret&x=1").then().statusCode(202);
        desk.awaitIdle();
        AttributeKey<String> query = AttributeKey.stringKey("url.query");
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.matching(s -> s.getAttributes().get(query) != null).size() >= 2);

        assertThat(spans.matching(s -> s.getKind() == SpanKind.SERVER && s.getAttributes().get(query) != null)).as("the HTTP server spans")
                .extracting(s -> s.getAttributes().get(query)).contains("secret=(hidden)", "secret=(hidden)&x=1");
        assertThat(spans.matching(s -> s.getAttributes().get(AttributeKey.stringKey("http.url")) != null)).as("Camel's platform-http spans")
                .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("http.url"))).isNotEmpty()
                .allSatisfy(u -> assertThat(u).contains("/tevo/webhooks?secret=(hidden)"));
        assertNoSecretOrPdfInAnySpan();
    }

    SpanData evaluation(String orderId) {
        return spans.matching(s -> s.getName().equals("evaluate-order") && orderId.equals(s.getAttributes().get(ORDER))
                && "EVENT_RECEIVED".equals(s.getAttributes().get(AttributeKey.stringKey("op")))).stream().findFirst().orElse(null);
    }

    SpanData root(String orderId) {
        return spans.matching(s -> s.getName().equals("evaluate-order") && !s.getParentSpanContext().isValid()
                && orderId.equals(s.getAttributes().get(ORDER))).stream().findFirst().orElse(null);
    }

    List<SpanData> clientSpans(String orderId, String name) {
        return spans.matching(s -> s.getName().equals(name) && orderId.equals(s.getAttributes().get(ORDER)));
    }

    /** The token, the secrets and any PDF (raw "%PDF-" or base64 "JVBERi0") appear in no attribute and no event. */
    void assertNoSecretOrPdfInAnySpan() {
        for (SpanData s : spans.all()) {
            String text = s.getName() + " " + s.getAttributes() + " " + s.getEvents() + " " + s.getStatus();
            SecretsNeverLeak.assertNoSecretIn(text, "span " + s.getName());
            assertThat(text).as("span " + s.getName()).doesNotContain("JVBERi0").doesNotContain("%PDF-");
        }
    }
}
