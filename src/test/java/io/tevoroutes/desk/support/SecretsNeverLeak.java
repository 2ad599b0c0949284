package io.tevoroutes.desk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.internet.MimeMessage;

/**
 * After a test class: neither the API token nor any secret the tests use appears in the test run's log (every line
 * so far, DEBUG included for the desk's own categories) nor in any email received, headers included.
 */
public class SecretsNeverLeak implements AfterAllCallback {

    public static final List<String> SECRETS = List.of(TevoApiResource.TOKEN, TevoApiResource.SECRET, "test-webhook-secret",
            "wrong-secret-Zq93", SftpServerResource.PASSWORD, "test-audit-token-5Kq2", PostgresResource.PASSWORD, MailResource.SMTP_PASSWORD);

    /** Fails when any secret the tests use appears in the text. */
    public static void assertNoSecretIn(String text, String what) {
        for (String secret : SECRETS) {
            assertThat(text).as(what).doesNotContain(secret);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Path log = Path.of("target/quarkus.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        assertThat(text).as("the test run's log").isNotBlank();
        for (String secret : SECRETS) {
            assertThat(text).as("the test run's log").doesNotContain(secret);
        }
        if (MailResource.greenMail() != null) {
            for (MimeMessage m : MailResource.greenMail().getReceivedMessages()) {
                String raw = GreenMailUtil.getWholeMessage(m);
                for (String secret : SECRETS) {
                    assertThat(raw).as("email " + Desk.subject(m)).doesNotContain(secret);
                }
            }
        }
    }
}
