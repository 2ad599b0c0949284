package io.tevoroutes.desk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;

/** The start-up check on configurations built here, with the secret files source as the desk has it. */
@ExtendWith(ReliabilityReport.class)
class StartupCheckTest {

    @TempDir
    Path dir;

    static Map<String, String> production() {
        Map<String, String> c = new HashMap<>();
        c.put("tevo.api.base-url", "https://api.ticketevolution.com");
        c.put("tevo.api.token", "tok-123");
        c.put("tevo.api.secret", "sec-456");
        c.put("tevo.reviewer-id", "42");
        c.put("notify.mail.to", "desk@broker.example, boss@broker.example");
        c.put("notify.mail.from", "tevo-routes@broker.example");
        c.put("notify.mail.uri", "smtp://mail.broker.example:587?mail.smtp.starttls.enable=true");
        c.put("etickets.inbox.uri", "sftp://broker@files.example:22/drop?privateKeyFile=/keys/id&password=hunter2");
        c.put("inventory.source", "csv");
        c.put("tevo.policy.short", "hold");
        c.put("tevo.poll.period", "5m");
        c.put("tevo.evaluate.concurrency", "4");
        return c;
    }

    static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 260))
                .withSources(new SecretFiles()).build();
    }

    @Test
    void aGoodProductionConfigurationHasNoProblem() {
        StartupCheck.Problems problems = StartupCheck.problems(config(production()));
        assertThat(problems.missing()).isEmpty();
        assertThat(problems.wrong()).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "a configuration with ten wrong values and four missing credentials",
            holds = "every one named in one line with its environment variable and what is allowed; no secret value in it")
    void everyWrongOrMissingSettingIsNamedInOneLine() {
        Map<String, String> c = production();
        c.remove("tevo.api.token");
        c.remove("tevo.api.secret");
        c.remove("tevo.reviewer-id");
        c.remove("notify.mail.to");
        c.put("tevo.policy.short", "maybe");
        c.put("inventory.source", "xml");
        c.put("tevo.api.base-url", "ftp://api.ticketevolution.com");
        c.put("notify.mail.uri", "http://mail.broker.example");
        c.put("etickets.inbox.uri", "s3://bucket/drop");
        c.put("tevo.poll.period", "often");
        c.put("tevo.evaluate.concurrency", "0");
        c.put("notify.mail.from", "nobody");
        c.put("etickets.delivery.method", "carrier-pigeon");
        c.put("state.postgresql.url", "postgres://db/tevo?password=pg-pass-77");

        String message = StartupCheck.problems(config(c)).message();

        assertThat(message).doesNotContain("\n").startsWith("tevo-routes cannot start:")
                .contains("missing configuration tevo.api.token (TEVO_API_TOKEN), tevo.api.secret (TEVO_API_SECRET),"
                        + " tevo.reviewer-id (TEVO_REVIEWER_ID), notify.mail.to (NOTIFY_MAIL_TO)")
                .contains("tevo.policy.short (TEVO_POLICY_SHORT)=maybe (hold or reject)")
                .contains("inventory.source (INVENTORY_SOURCE)=xml (csv or sql)")
                .contains("tevo.api.base-url (TEVO_API_BASE_URL)=ftp://api.ticketevolution.com")
                .contains("notify.mail.uri (NOTIFY_MAIL_URI)=http://mail.broker.example (smtp://host:port or smtps://host:port)")
                .contains("etickets.inbox.uri (ETICKETS_INBOX_URI)=s3://bucket/drop")
                .contains("tevo.poll.period (TEVO_POLL_PERIOD)=often (a duration such as 30s, 5m, 1h)")
                .contains("tevo.evaluate.concurrency (TEVO_EVALUATE_CONCURRENCY)=0 (at least 1)")
                .contains("notify.mail.from (NOTIFY_MAIL_FROM)=nobody (an email address")
                .contains("etickets.delivery.method (ETICKETS_DELIVERY_METHOD)=carrier-pigeon (deliver or add-and-finalize)")
                .contains("state.postgresql.url (STATE_POSTGRESQL_URL)=postgres://db/tevo (jdbc:postgresql://host:5432/db)")
                .doesNotContain("pg-pass-77");
    }

    @Test
    void aProxyIsTrustedOnlyByItsAddresses() {
        Map<String, String> c = production();
        c.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        assertThat(StartupCheck.problems(config(c)).message()).contains(
                "quarkus.http.proxy.proxy-address-forwarding (QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING)=true without quarkus.http.proxy.trusted-proxies");
        c.put("quarkus.http.proxy.trusted-proxies", "10.0.0.5");
        assertThat(StartupCheck.problems(config(c)).wrong()).isEmpty();
    }

    @Test
    @Reliability(area = FaultArea.STARTUP, value = "mode auto with the per-purchase maximum empty, a daily budget of"
            + " 1E+1000000 and an unknown budget time zone", holds = "each named: empty is never \"unlimited\", a hostile amount"
                    + " is refused like TEvo's")
    void modeAutoNeedsItsSpendingCaps() {
        Map<String, String> c = production();
        c.put("substitution.mode", "auto");
        c.put("substitution.auto.max-purchase", "1000.00");
        c.put("substitution.auto.daily-budget", "5000.00");
        assertThat(StartupCheck.problems(config(c)).wrong()).isEmpty();

        c.put("substitution.auto.max-purchase", " ");
        c.put("substitution.auto.daily-budget", "1E+1000000");
        c.put("substitution.auto.budget-zone", "Mars/Olympus");
        assertThat(StartupCheck.problems(config(c)).message())
                .contains("substitution.auto.max-purchase (SUBSTITUTION_AUTO_MAX_PURCHASE)= (an amount above 0")
                .contains("substitution.auto.daily-budget (SUBSTITUTION_AUTO_DAILY_BUDGET)=1E+1000000 (an amount above 0")
                .contains("substitution.auto.budget-zone (SUBSTITUTION_AUTO_BUDGET_ZONE)=Mars/Olympus (a time zone");

        c.remove("substitution.auto.max-purchase");
        c.put("substitution.auto.daily-budget", "0");
        c.remove("substitution.auto.budget-zone");
        assertThat(StartupCheck.problems(config(c)).message()).contains("substitution.auto.max-purchase (SUBSTITUTION_AUTO_MAX_PURCHASE)=")
                .contains("substitution.auto.daily-budget (SUBSTITUTION_AUTO_DAILY_BUDGET)=0 (an amount above 0");
        c.put("substitution.mode", "propose");
        assertThat(StartupCheck.problems(config(c)).wrong()).isEmpty();
    }

    @Test
    void aSqlInventoryNeedsItsNamedParameters() {
        Map<String, String> c = production();
        c.put("inventory.source", "sql");
        c.put("inventory.sql.query", "select * from inventory");
        c.put("inventory.sql.batch-query", "select * from inventory where ticket_id in (:ids)");
        assertThat(StartupCheck.problems(config(c)).message()).contains("inventory.sql.query (INVENTORY_SQL_QUERY) (it must select by :remoteId)")
                .contains("inventory.sql.batch-query (INVENTORY_SQL_BATCH_QUERY) (it must select by :remoteIds, or be empty)");
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "secrets given as files (tevo.api.secret-file, a Kubernetes-style mount"
            + " with a trailing newline); a secret given both ways; a secret file that cannot be read",
            holds = "the file's content, trimmed, is the secret; both ways or an unreadable file is named as wrong; the"
                    + " configuration summary says \"set from a file\" and never shows a secret")
    void secretsComeFromFilesAndAreNeverShown() throws IOException {
        Path secret = Files.writeString(dir.resolve("tevo-api-secret"), "from-file-s3cr3t\n");
        Map<String, String> c = production();
        c.remove("tevo.api.secret");
        c.put("tevo.api.secret-file", secret.toString());
        Config config = config(c);

        assertThat(config.getValue("tevo.api.secret", String.class)).isEqualTo("from-file-s3cr3t");
        assertThat(StartupCheck.problems(config).wrong()).isEmpty();
        String summary = StartupCheck.summary(config);
        assertThat(summary).contains("tevo.api.secret=(set from a file)").contains("tevo.api.token=(set)")
                .contains("notify.mail.password=(not set)").doesNotContain("from-file-s3cr3t").doesNotContain("tok-123")
                .doesNotContain("hunter2").contains("password=xxxxxx");

        c.put("tevo.api.secret", "sec-456");
        assertThat(StartupCheck.problems(config(c)).message())
                .contains("tevo.api.secret (TEVO_API_SECRET) and tevo.api.secret-file (TEVO_API_SECRET_FILE) are both set");
        c.remove("tevo.api.secret");
        c.put("tevo.api.secret-file", dir.resolve("nowhere").toString());
        assertThat(StartupCheck.problems(config(c)).message()).contains("tevo.api.secret-file (TEVO_API_SECRET_FILE)=")
                .contains("(the file does not exist)");
    }

    /** README recipe 3: an inbox added in routes/ is checked at start like etickets.inbox.uri. */
    @Test
    void aSecondInboxAddedInTheRoutesIsCheckedLikeTheFirst() {
        Map<String, String> c = production();
        c.putAll(io.tevoroutes.desk.support.Recipes.apply("second-inbox", Map.of()));
        assertThat(StartupCheck.problems(config(c)).wrong()).isEmpty();
        assertThat(StartupCheck.problems(config(c)).missing()).isEmpty();

        c.put("etickets.second-inbox.uri", "sfpt://tevo@sftp2.broker.example/drop");
        assertThat(StartupCheck.problems(config(c)).wrong()).singleElement().asString()
                .startsWith("etickets.second-inbox.uri (ETICKETS_SECOND_INBOX_URI)=sfpt:");
        c.put("etickets.second-inbox.uri", "sftp:///drop");
        assertThat(StartupCheck.problems(config(c)).wrong()).singleElement().asString().contains("no host in it");
        c.remove("etickets.second-inbox.uri");
        assertThat(StartupCheck.problems(config(c)).missing()).singleElement().asString()
                .isEqualTo("etickets.second-inbox.uri (ETICKETS_SECOND_INBOX_URI) (an e-ticket inbox in routes/ reads it)");
        // set by its environment variable alone, it is a setting the desk knows
        assertThat(StartupCheck.unknownVariables(config(c), Map.of("ETICKETS_SECOND_INBOX_URI", "file:drop2"))).isEmpty();
    }
}
