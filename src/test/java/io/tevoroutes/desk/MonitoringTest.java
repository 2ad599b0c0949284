package io.tevoroutes.desk;

import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * The service-level indicators on /q/metrics after real decisions, and the shipped alert rules and Grafana dashboard
 * asking only for metrics the desk really exposes (a renamed metric would leave a dashboard empty and an alert silent).
 */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(ReliabilityReport.class)
class MonitoringTest {

    static final Path RULES = Path.of("deploy/kubernetes/monitoring/prometheusrule.yaml");
    static final Path DASHBOARD = Path.of("deploy/grafana/tevo-routes.json");
    /** PromQL's own words: functions, aggregations, keywords. Everything else followed by ( { [ or an operator is a metric. */
    static final Set<String> PROMQL = Set.of("max", "min", "sum", "avg", "count", "by", "without", "rate", "irate", "increase",
            "histogram_quantile", "absent", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "le", "bool");

    @Inject
    Desk desk;

    @Test
    void theIndicatorsAreExposedAndEveryAlertAndPanelAsksForOneOfThem() throws IOException {
        // an order TEvo created 20 s ago, accepted; one held (more tickets than the inventory has)
        ObjectNode sold = SeedOrders.order(1720201, "MON-1", 1, "100.0");
        sold.put("created_at", Instant.now().minusSeconds(20).toString());
        ObjectNode held = SeedOrders.order(1720202, "MON-2", 3, "100.0");
        held.put("created_at", Instant.now().minusSeconds(20).toString());
        pendingOrders(SeedOrders.json(sold), SeedOrders.json(held));
        acceptAnswers(1720201, json(200, withState(SeedOrders.json(sold), "accepted")));
        desk.poll();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(1720201)));
        desk.awaitIdle();

        String metrics = io.tevoroutes.desk.support.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "tevo_order_accept_seconds_bucket{le=\"30.0\"}")).as("accepted within 30 s of its creation").isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tevo_order_accept_seconds_bucket{le=\"15.0\"}")).as("but not within 15 s").isZero();
        assertThat(value(metrics, "tevo_order_decision_seconds_count{outcome=\"HOLD\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tevo_orders_held_waiting")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tevo_outage{neighbour=\"tevo\"}")).isZero();
        assertThat(metrics).contains("tevo_etickets_owed_event_soon", "tevo_outbox_waiting", "tevo_outage{neighbour=\"eticket-inbox\"}");

        Set<String> exposed = new TreeSet<>();
        metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> exposed.add(l.split("[{ ]")[0]));
        List<String> queries = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(RULES)) {
            Map<String, Object> rule = new Yaml().load(r);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups");
            for (Map<String, Object> g : groups) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rules = (List<Map<String, Object>>) g.get("rules");
                rules.forEach(x -> queries.add(String.valueOf(x.get("expr"))));
            }
        }
        try (Reader r = Files.newBufferedReader(RULES.resolveSibling("kustomization.yaml"))) {
            Map<String, Object> kustomization = new Yaml().load(r);
            assertThat((List<?>) kustomization.get("resources")).as("the monitoring kustomization's files")
                    .allSatisfy(f -> assertThat(RULES.resolveSibling(f.toString())).isRegularFile());
        }
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(15);
        for (String query : queries) {
            Set<String> names = metricNames(query);
            assertThat(names).as("a metric in " + query).isNotEmpty();
            assertThat(exposed).as("the metrics of " + query).containsAll(names);
        }
    }

    /** The metric names of a PromQL query: identifiers not in quotes, not PromQL's own words, not label names. */
    static Set<String> metricNames(String query) {
        String unquoted = query.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*\\}", "{}").replaceAll("\\[[^]]*\\]", "[]")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(unquoted);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL.contains(word) && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
