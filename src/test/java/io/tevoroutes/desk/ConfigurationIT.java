package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.restassured.RestAssured.given;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;

/** The packaged desk's start in production: configuration checked before anything runs, secrets from files. */
@ExtendWith(ReliabilityReport.class)
class ConfigurationIT {

    static final TevoApiResource TEVO = new TevoApiResource();
    static final MailResource MAIL = new MailResource();
    static Map<String, String> servers;
    static final Path ROOT = Path.of("target/it-config");

    @BeforeAll
    static void servers() throws IOException {
        servers = new LinkedHashMap<>(TEVO.start());
        servers.putAll(MAIL.start());
        Files.createDirectories(ROOT.resolve("secrets"));
        Files.writeString(ROOT.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nFILE-1,2,50.00,true\n");
    }

    @AfterAll
    static void stopServers() {
        TEVO.stop();
        MAIL.stop();
    }

    Map<String, String> base() {
        Map<String, String> c = new LinkedHashMap<>(servers);
        c.put("notify.mail.to", "desk@broker.example");
        c.put("inventory.csv.path", ROOT.resolve("inventory.csv").toString());
        c.put("etickets.inbox.uri", "file:" + ROOT.resolve("inbox"));
        c.put("etickets.work-dir", ROOT.resolve("work").toString());
        c.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:config-it");
        return c;
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "the packaged desk started in production without tevo.reviewer-id, with"
            + " tevo.policy.short=maybe and inventory.source=xml", holds = "it exits by itself (non-zero) before any route runs;"
                    + " one line names all three settings with their environment variables; no stack trace, no secret")
    void aWrongConfigurationStopsTheStartWithOneClearLine() {
        Map<String, String> c = base();
        c.put("tevo.api.token", TevoApiResource.TOKEN);
        c.put("tevo.api.secret", TevoApiResource.SECRET);
        c.put("tevo.policy.short", "maybe");
        c.put("inventory.source", "xml");

        int exit = DeskProcess.runToExit("config-wrong", c, Duration.ofSeconds(60));

        String out = readLog("config-wrong");
        assertThat(exit).as("exit code").isNotIn(0, -1);
        assertThat(out.lines().filter(l -> l.startsWith("tevo-routes cannot start:"))).singleElement().satisfies(line -> assertThat(line)
                .contains("missing configuration tevo.reviewer-id (TEVO_REVIEWER_ID)")
                .contains("tevo.policy.short (TEVO_POLICY_SHORT)=maybe (hold or reject)")
                .contains("inventory.source (INVENTORY_SOURCE)=xml (csv or sql)"));
        assertThat(out.lines().filter(l -> l.trim().startsWith("at "))).as("stack trace lines").isEmpty();
        assertThat(out).doesNotContain("Started poll-pending-orders");
        SecretsNeverLeak.assertNoSecretIn(out, "the output of the refused start");
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "the packaged desk started with a decision rule over a field TEvo's orders do"
            + " not have (order[totl]), a rule with an unknown policy, and an email template reading a variable its route does"
            + " not set", holds = "it exits by itself before any route runs; one line names both rules and the template with what"
                    + " is wrong; no stack trace")
    void aWrongRuleOrEmailTemplateStopsTheStartWithOneClearLine() throws IOException {
        Path routes = io.tevoroutes.desk.support.Folders.copy(Path.of("routes"), ROOT.resolve("routes-wrong"));
        Path emails = io.tevoroutes.desk.support.Folders.copy(Path.of("emails"), ROOT.resolve("emails-wrong"));
        Files.writeString(routes.resolve("decision-rules.camel.yaml"), """

                - templatedRoute:
                    routeTemplateRef: order-rule
                    routeId: order-rule-large-order
                    parameters:
                      - {name: name, value: large-order}
                      - {name: when, value: "${exchangeProperty.order[totl]} > 5000"}
                      - {name: reason, value: large order}
                      - {name: advice, value: Call the buyer.}
                - templatedRoute:
                    routeTemplateRef: item-rule
                    routeId: item-rule-cheap
                    parameters:
                      - {name: name, value: cheap}
                      - {name: when, value: "${exchangeProperty.price} < 10"}
                      - {name: reason, value: cheap}
                      - {name: advice, value: Look at it.}
                      - {name: policy, value: rejct}
                """, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(emails.resolve("order-held.txt"), "Subject: {decision.orderNmae} needs a person\n\nHeld.\n");
        Map<String, String> c = base();
        c.put("tevo.api.token", TevoApiResource.TOKEN);
        c.put("tevo.api.secret", TevoApiResource.SECRET);
        c.put("tevo.reviewer-id", "4242");
        c.put("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml");
        c.put("notify.templates.directory", emails.toAbsolutePath().toString());

        int exit = DeskProcess.runToExit("config-wrong-rules", c, Duration.ofSeconds(60));

        String out = readLog("config-wrong-rules");
        assertThat(exit).as("exit code").isNotIn(0, -1);
        assertThat(out.lines().filter(l -> l.startsWith("tevo-routes cannot start:"))).singleElement().satisfies(line -> assertThat(line)
                .contains("rule large-order (order-rule-large-order").contains("the order has no field 'totl'")
                .contains("rule cheap (item-rule-cheap").contains("policy 'rejct' is not one of hold, reject, ignore, off")
                .contains("order-held.txt").contains("orderNmae"));
        assertThat(out.lines().filter(l -> l.trim().startsWith("at "))).as("stack trace lines").isEmpty();
        assertThat(out).doesNotContain("Started poll-pending-orders");
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "the packaged desk started with misspelt environment variables (TEVO_DRYRUN=true,"
            + " TEVO_POLICY_SHORTT=reject), bad durations (INVENTORY_OUTAGE_ALERT_AFTER=soon, NOTIFY_OUTBOX_RETRY_DELAY=later),"
            + " TEVO_API_SECRET_FILE=/dev/zero and TEVO_WEBHOOK_SECRET_FILE a FIFO",
            holds = "it exits by itself before any route runs (no live desk); one line names each variable with the closest real"
                    + " one and each secret file with why it is refused; the start neither fills the memory nor hangs")
    void misspeltVariablesAndUnusableSecretFilesStopTheStart() throws Exception {
        Path fifo = ROOT.resolve("secrets/fifo");
        Files.deleteIfExists(fifo);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Map<String, String> c = base();
        c.put("tevo.api.token", TevoApiResource.TOKEN);
        c.put("tevo.reviewer-id", "4242");
        c.put(DeskProcess.ENV + "TEVO_DRYRUN", "true");
        c.put(DeskProcess.ENV + "TEVO_POLICY_SHORTT", "reject");
        c.put(DeskProcess.ENV + "TEVO_API_SECRET_FILE", "/dev/zero");
        c.put(DeskProcess.ENV + "TEVO_WEBHOOK_SECRET_FILE", fifo.toString());
        c.put(DeskProcess.ENV + "STATE_DIRECTORY", "/var/lib/tevo-routes"); // systemd's own: let be
        c.put(DeskProcess.ENV + "TEVO_ROUTES_SERVICE_HOST", "10.0.0.1"); // a Kubernetes service link: let be
        c.put(DeskProcess.ENV + "INVENTORY_OUTAGE_ALERT_AFTER", "soon");
        c.put(DeskProcess.ENV + "NOTIFY_OUTBOX_RETRY_DELAY", "later");

        int exit = DeskProcess.runToExit("config-env", c, Duration.ofSeconds(60));

        String out = readLog("config-env");
        assertThat(exit).as("exit code").isNotIn(0, -1);
        assertThat(out.lines().filter(l -> l.startsWith("tevo-routes cannot start:"))).singleElement().satisfies(line -> assertThat(line)
                .contains("environment variable TEVO_DRYRUN matches no setting (did you mean TEVO_DRY_RUN?)")
                .contains("environment variable TEVO_POLICY_SHORTT matches no setting (did you mean TEVO_POLICY_SHORT?)")
                .contains("tevo.api.secret-file (TEVO_API_SECRET_FILE)=/dev/zero (it is not a regular file)")
                .contains("(TEVO_WEBHOOK_SECRET_FILE)=" + fifo + " (it is not a regular file)")
                .contains("inventory.outage.alert-after (INVENTORY_OUTAGE_ALERT_AFTER)=soon (a duration such as 30s, 5m, 1h)")
                .contains("notify.outbox.retry-delay (NOTIFY_OUTBOX_RETRY_DELAY)=later (a duration")
                .doesNotContain("STATE_DIRECTORY").doesNotContain("TEVO_ROUTES_SERVICE_HOST"));
        assertThat(out).doesNotContain("Started poll-pending-orders").doesNotContain("OutOfMemoryError");
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "the packaged desk started with inventory.csv.path naming no file (as the"
            + " Kubernetes example did before, into an empty folder)", holds = "readiness DOWN naming the inventory and why;"
                    + " liveness UP (nothing to restart)")
    void withoutAnInventoryTheDeskIsNotReady() {
        Map<String, String> c = base();
        c.put("tevo.api.token", TevoApiResource.TOKEN);
        c.put("tevo.api.secret", TevoApiResource.SECRET);
        c.put("tevo.reviewer-id", "4242");
        c.put("inventory.csv.path", ROOT.resolve("no-such-dir/inventory.csv").toString());
        c.put("tevo.poll.enabled", "false");
        try (DeskProcess desk = DeskProcess.start("config-no-inventory", c)) {
            assertThat(desk.status("/q/health/live")).isEqualTo(200);
            assertThat(desk.status("/q/health/ready")).isEqualTo(503);
            assertThat(desk.get("/q/health/ready", null)).contains("inventory").contains("never been loaded").contains("file not found");
        }
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "the packaged desk given its TEvo token, secret and webhook secret as files"
            + " (tevo.api.token-file, tevo.api.secret-file, tevo.webhook.secret-file)", holds = "its calls are signed with the"
                    + " file's secret (TEvo's check passes: an order accepted), the webhook takes the file's secret; the log says"
                    + " \"set from a file\" and shows none of them")
    void secretsGivenAsFilesAreUsedAndNeverShown() throws IOException {
        Path secrets = ROOT.resolve("secrets");
        Files.writeString(secrets.resolve("token"), TevoApiResource.TOKEN + "\n");
        Files.writeString(secrets.resolve("secret"), TevoApiResource.SECRET + "\n");
        Files.writeString(secrets.resolve("webhook"), "test-webhook-secret\n");
        Map<String, String> c = base();
        c.put("tevo.api.token-file", secrets.resolve("token").toString());
        c.put("tevo.api.secret-file", secrets.resolve("secret").toString());
        c.put("tevo.webhook.secret-file", secrets.resolve("webhook").toString());
        c.put("tevo.reviewer-id", "4242");
        c.put("tevo.poll.period", "1s");
        c.put("tevo.poll.initial-delay", "500ms");
        c.put("tevo.poll.per-page", "2"); // as the test stubs page
        TevoApiResource.resetToUnauthorized();
        String order = order(9801, item(980, "FILE-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(9801, json(200, withState(order, "accepted")));

        try (DeskProcess desk = DeskProcess.start("config-secret-files", c)) {
            // ready as soon as it is live: readiness never flickers DOWN at start when everything is fine
            assertThat(desk.status("/q/health/ready")).as("readiness right after start").isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> tevo().verify(exactly(1), acceptOf(9801, 4242)));
            given().baseUri(desk.url()).header("X-Webhook-Secret", "test-webhook-secret").contentType("application/x-www-form-urlencoded")
                    .formParam("recipient", "buyer").formParam("event_type", "order_created").formParam("order_group_id", "1")
                    .post("/tevo/webhooks").then().statusCode(202);
            assertThat(desk.logText()).contains("tevo.api.token=(set from a file)").contains("tevo.api.secret=(set from a file)")
                    .contains("tevo.webhook.secret=(set from a file)");
            SecretsNeverLeak.assertNoSecretIn(desk.logText(), "the log of the desk with secret files");
        }
    }

    static String readLog(String name) {
        try {
            return Files.readString(DeskProcess.LOGS.resolve(name + ".log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
