package io.tevoroutes.desk;

import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.state.MailOutbox;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.StartTlsSmtpServer;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * Email over STARTTLS, as documented (notify.mail.uri=smtp://host:587?mail.smtp.starttls.enable=true
 * &mail.smtp.starttls.required=true), against a mail server that speaks it: the login and the mail go only over the
 * encrypted connection, and a server that cannot encrypt gets neither.
 */
@QuarkusTest
@TestProfile(MailOverTlsTest.StartTls.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class MailOverTlsTest {

    static StartTlsSmtpServer server;
    static int port;

    public static class StartTls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            server = new StartTlsSmtpServer(true);
            port = server.port();
            // GreenMail's test certificate is self-signed and names no host: trusted here, its name not checked (in
            // production the certificate is checked in full, chain and host name)
            return Map.of("notify.mail.uri", "smtp://localhost:" + port + "?mail.smtp.starttls.enable=true"
                    + "&mail.smtp.starttls.required=true&mail.smtp.auth=true&mail.smtp.ssl.trust=localhost"
                    + "&mail.smtp.ssl.checkserveridentity=false",
                    "notify.mail.username", MailResource.SMTP_USER, "notify.mail.password", MailResource.SMTP_PASSWORD);
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    @Inject
    Desk desk;
    @Inject
    MailOutbox outbox;

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "email through a STARTTLS mail server (mail.smtp.starttls.required=true);"
            + " then the server replaced by one that cannot encrypt; then back", holds = "login and mail only after TLS; the"
                    + " server that cannot encrypt gets neither the password nor the mail, which stays in the outbox and is sent"
                    + " once the encrypting server is back")
    void mailGoesOnlyOverAnEncryptedConnection() {
        TevoApiResource.resetToUnauthorized();
        pendingOrders(order(9901, item(990, "NOT-IN-INVENTORY-9901", 1, "10.00", true)));
        desk.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().stream().anyMatch(s -> !s.messages().isEmpty()));
        StartTlsSmtpServer.Session sent = server.sessions().stream().filter(s -> !s.messages().isEmpty()).findFirst().orElseThrow();
        assertThat(sent.events()).containsExactly("TLS", "AUTH", "MAIL");
        assertThat(sent.user()).isEqualTo(MailResource.SMTP_USER);
        assertThat(sent.password()).isEqualTo(MailResource.SMTP_PASSWORD);
        assertThat(sent.messages().get(0)).contains("TEvo order 9901 needs a person");

        // a server that cannot encrypt takes the port: nothing may go to it, not even the login
        server.close();
        StartTlsSmtpServer plain = new StartTlsSmtpServer(false, port);
        try {
            int pendingBefore = outbox.pendingCount();
            pendingOrders(order(9902, item(991, "NOT-IN-INVENTORY-9902", 1, "10.00", true)));
            desk.poll();
            await().atMost(Duration.ofSeconds(10)).until(() -> !plain.sessions().isEmpty());
            assertThat(plain.sessions()).allSatisfy(s -> {
                assertThat(s.events()).doesNotContain("AUTH", "MAIL");
                assertThat(s.password()).isNull();
            });
            assertThat(outbox.pendingCount()).isEqualTo(pendingBefore + 1);
        } finally {
            plain.close();
        }

        server = new StartTlsSmtpServer(true, port);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            desk.sendOutbox();
            return server.sessions().stream().anyMatch(s -> s.messages().stream().anyMatch(m -> m.contains("TEvo order 9902")));
        });
        assertThat(server.sessions().stream().filter(s -> !s.messages().isEmpty())).allSatisfy(s -> assertThat(s.events())
                .containsExactly("TLS", "AUTH", "MAIL"));
    }
}
