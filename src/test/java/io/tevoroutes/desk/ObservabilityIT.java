package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk as operations run it: with QUARKUS_LOG_CONSOLE_JSON=true every line is a JSON object and a line
 * about an order carries orderId and deskInstance; with QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT set its traces reach the
 * collector over OTLP, named by order, without a secret. Without either: readable text, and no tracer at all.
 */
class ObservabilityIT {

    static final TevoApiResource TEVO = new TevoApiResource();
    static final MailResource MAIL = new MailResource();
    static final Path ROOT = Path.of("target/it-observability");
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
            }
        }
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
