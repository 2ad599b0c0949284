package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.OtlpCollector;
import io.tevoroutes.desk.support.SecretForms;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk as operations run it: with QUARKUS_LOG_CONSOLE_JSON=true every line is a JSON object and a line
 * about an order carries orderId and deskInstance; with QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT set its traces reach the
 * collector over OTLP (http/protobuf and gRPC; Quarkus 3.27 has no OTLP/JSON exporter), named by order, without a
 * secret in any form, also after webhooks posted with the secret in their URL and TEvo errors that echo the secrets.
 * Without either: readable text, and no tracer at all.
 */
class ObservabilityIT {

    static final TevoApiResource TEVO = new TevoApiResource();
    static final MailResource MAIL = new MailResource();
    static final Path ROOT = Path.of("target/it-observability");
    static final String WEBHOOK_SECRET = "test-webhook-secret";
    static final String WRONG_SECRET = "wrong-secret-Zq93";
    static Map<String, String> servers;

    @BeforeAll
    static void servers() throws IOException {
        servers = new LinkedHashMap<>(TEVO.start());
        servers.putAll(MAIL.start());
        Files.createDirectories(ROOT.resolve("inbox"));
        Files.writeString(ROOT.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nOBS-1,4,50.00,true\n");
    }

    @AfterAll
    static void stopServers() {
        TEVO.stop();
        MAIL.stop();
    }

    Map<String, String> settings(String name) {
        Map<String, String> c = DeskProcess.settings(servers, ROOT);
        c.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:" + name);
        c.put("etickets.work-dir", ROOT.resolve("work-" + name).toString());
        c.put("tevo.poll.per-page", "2"); // as the test stubs page
        c.put("tevo.webhook.secret", WEBHOOK_SECRET);
        c.put("audit.token", "test-audit-token-5Kq2");
        c.put("tevo.api.retry.initial-delay", "20ms"); // a failing TEvo call gives up within a second
        c.put("tevo.api.retry.max-delay", "200ms");
        return c;
    }

    @Test
    void jsonLogsCarryTheOrderAndTracesReachTheCollectorWithoutSecrets() throws Exception {
        TevoApiResource.resetToUnauthorized();
        String listed = SeedOrders.json(SeedOrders.order(1730301, "OBS-1", 1, "60.0"));
        pendingOrders(listed);
        acceptAnswers(1730301, json(200, withState(listed, "accepted")));

        try (OtlpCollector collector = new OtlpCollector()) {
            Map<String, String> c = settings("observed");
            c.put(DeskProcess.ENV + "QUARKUS_LOG_CONSOLE_JSON", "true");
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
            try (DeskProcess desk = DeskProcess.start("observed", c)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(1730301)));
                await().atMost(Duration.ofSeconds(20)).until(() -> exported(collector).contains("POST /v9/orders/{id}/accept"));

                List<JsonNode> lines = new ArrayList<>();
                ObjectMapper mapper = new ObjectMapper();
                for (String line : desk.logText().lines().filter(l -> !l.isBlank()).toList()) {
                    lines.add(mapper.readTree(line)); // every line is one JSON object
                }
                JsonNode decision = lines.stream().filter(l -> l.path("loggerName").asText().equals("io.tevoroutes.decision")
                        && l.path("message").asText().contains("1730301")).findFirst().orElseThrow();
                assertThat(decision.path("mdc").path("orderId").asText()).isEqualTo("1730301");
                assertThat(decision.path("mdc").path("deskInstance").asText()).isNotBlank();
                assertThat(lines).as("no order's fields on a line about no order").filteredOn(l -> l.path("message").asText().startsWith("Installed features"))
                        .allSatisfy(l -> assertThat(l.path("mdc").has("orderId")).isFalse());

                String exported = exported(collector);
                assertThat(collector.exports()).allSatisfy(r -> assertThat(r.getUrl()).isEqualTo("/v1/traces"));
                assertThat(exported).contains("tevo.order.id", "1730301", "evaluate-order", "tevo-routes");
                SecretsNeverLeak.assertNoSecretIn(exported, "the traces sent to the collector");
                SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the JSON log");

                // the same desk, as TEvo and a stranger post to it and as TEvo fails
                webhooksAndTevoErrorsLeaveNoSecretInTheExports(desk, collector, "protobuf");
            }
        }
    }

    @Test
    void tracesOverGrpcCarryNoSecret() throws Exception {
        TevoApiResource.resetToUnauthorized();
        try (OtlpCollector collector = new OtlpCollector()) {
            Map<String, String> c = settings("observed-grpc");
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            c.put(DeskProcess.ENV + "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
            try (DeskProcess desk = DeskProcess.start("observed-grpc", c)) {
                webhooksAndTevoErrorsLeaveNoSecretInTheExports(desk, collector, "grpc");
                assertThat(collector.exports()).allSatisfy(r -> assertThat(r.getUrl())
                        .isEqualTo("/opentelemetry.proto.collector.trace.v1.TraceService/Export"));
            }
        }
    }

    /**
     * Webhooks as TEvo posts them (the secret in the URL's query, the order JSON of several KB in the form's body
     * field) and one with a wrong secret; TEvo then refuses the webhook's re-read (401) and fails the polls (500), both
     * answers echoing the secrets. No export's bytes may hold any secret in any form ({@link SecretForms}).
     */
    void webhooksAndTevoErrorsLeaveNoSecretInTheExports(DeskProcess desk, OtlpCollector collector, String what) throws Exception {
        tevo().stubFor(get(urlPathEqualTo("/v9/orders")).withQueryParam("order_group_id", matching(".+")).atPriority(1)
                .willReturn(json(401, "{\"error\":\"invalid X-Token " + TevoApiResource.TOKEN + "\"}")));
        tevo().stubFor(get(urlPathEqualTo("/v9/orders")).atPriority(2).willReturn(json(500, "{\"error\":\"upstream " + desk.url()
                + "/tevo/webhooks?secret=" + WEBHOOK_SECRET + " failed (X-Token " + TevoApiResource.TOKEN + ", secret "
                + TevoApiResource.SECRET + ")\"}")));
        String order = SeedOrders.pretty(SeedOrders.order(1730311, "OBS-1", 1, "60.0"));
        assertThat(order.length()).as("a real-size order JSON").isGreaterThan(2000);
        assertThat(postWebhook(desk, WRONG_SECRET, 1738811, order)).isEqualTo(401);
        assertThat(postWebhook(desk, WEBHOOK_SECRET, 1738812, order)).isEqualTo(202);

        // the 401 ends the re-read at once; the polls' 500s are retried (quickly here) until the poll fails with TEvo's answer
        await().atMost(Duration.ofSeconds(20)).until(() -> exported(collector).contains("HTTP 401 to") && exported(collector).contains("HTTP 500 to"));
        Thread.sleep(1000); // five export periods: the spans that ended meanwhile are sent too
        List<byte[]> bodies = collector.bodies();
        Files.createDirectories(DeskProcess.LOGS);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Files.write(DeskProcess.LOGS.resolve("otlp-" + what + "-" + i + ".bin"), bodies.get(i));
            for (String f : SecretForms.foundIn(bodies.get(i), SecretsNeverLeak.SECRETS)) {
                found.add("export " + i + ": " + f);
            }
        }
        assertThat(found).as("secrets in the " + what + " exports (target/it-logs/otlp-" + what + "-*.bin)").isEmpty();
        String exported = exported(collector);
        assertThat(exported).as("the webhooks are traced").contains("/tevo/webhooks");
        assertThat(exported).as("a secret query parameter is masked, not dropped").contains("secret=");
        SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log");
    }

    /** A webhook as TEvo posts it: the secret in the URL, the order in the form's body field; the HTTP status. */
    static int postWebhook(DeskProcess desk, String secret, long orderGroupId, String orderJson) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(desk.url() + "/tevo/webhooks?secret=" + secret))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(SeedOrders.webhookForm(orderGroupId, "order_created", orderJson))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void withoutSettingsTheLogIsTextAndNothingIsTraced() throws Exception {
        try (DeskProcess desk = DeskProcess.start("plain", settings("plain"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> desk.logText().contains("Installed features"));
            String log = desk.logText();
            assertThat(log.lines().filter(l -> l.contains("Installed features")).findFirst().orElseThrow()).doesNotStartWith("{");
            assertThat(log).doesNotContain("Opentelemetry2 enabled");
        }
    }

    @Test
    void jmxIsOffUnlessTurnedOnAndThenAToolAttachedFromOutsideSeesTheRoutes() throws Exception {
        try (DeskProcess desk = DeskProcess.start("jmx-off", settings("jmx-off"))) {
            assertThat(camelMBeans(desk.pid())).as("no Camel MBeans by default").isEmpty();
        }
        Map<String, String> c = settings("jmx-on");
        c.put(DeskProcess.ENV + "CAMEL_MAIN_JMX_ENABLED", "true");
        try (DeskProcess desk = DeskProcess.start("jmx-on", c)) {
            Set<String> names = camelMBeans(desk.pid());
            assertThat(names).anySatisfy(n -> assertThat(n).contains("type=context"));
            assertThat(names).anySatisfy(n -> assertThat(n).contains("type=routes").contains("name=\"evaluate-order\""));
        }
    }

    /** What JConsole or Hawtio would see: attach to the desk's JVM, start its local JMX agent, list Camel's MBeans. */
    static Set<String> camelMBeans(long pid) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(String.valueOf(pid));
        try {
            String address = vm.startLocalManagementAgent();
            try (javax.management.remote.JMXConnector connector = javax.management.remote.JMXConnectorFactory
                    .connect(new javax.management.remote.JMXServiceURL(address))) {
                return connector.getMBeanServerConnection().queryNames(new javax.management.ObjectName("org.apache.camel:*"), null)
                        .stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
            }
        } finally {
            vm.detach();
        }
    }

    static String exported(OtlpCollector collector) {
        StringBuilder all = new StringBuilder();
        collector.exports().forEach(r -> all.append(new String(r.getBody(), StandardCharsets.ISO_8859_1)).append('\n'));
        return all.toString();
    }
}
