package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SftpServerResource;
import io.tevoroutes.desk.support.TestLog;
import io.tevoroutes.desk.support.TevoApiResource;

import jakarta.inject.Inject;

/** The inbox on a real SFTP server (Apache MINA SSHD), with host-key checking. */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@QuarkusTestResource(value = SftpServerResource.class, restrictToAnnotatedClass = true)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class SftpInboxTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void aPdfUploadedOverSftpIsDeliveredAndMovedToDone() throws IOException {
        TevoApiResource.resetToUnauthorized();
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        show(7701, withState(order(7701, item(770, "ACC-1", 2, "100.00", true)), "accepted"));

        Path upload = Pdfs.seats(SftpServerResource.DIR.resolve("upload.pdf"), 1, 2);
        Files.move(upload, SftpServerResource.ROOT.resolve("drop/7701-770.pdf"), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() -> EticketDeliveryTest.deliveries(7701).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Inboxes.landed(SftpServerResource.ROOT.resolve("drop"), ".done", "7701-770.pdf") > 0);
        assertThat(SftpServerResource.ROOT.resolve("drop/7701-770.pdf")).doesNotExist();
    }

    @Test
    void aServerWithAnotherHostKeyIsRefused() {
        Throwable refused = catchThrowable(() -> producer.sendBodyAndHeader(SftpServerResource.uri("wrong_known_hosts"), "probe",
                Exchange.FILE_NAME, "probe.txt"));

        assertThat(refused).isNotNull();
        assertThat(rootCauseMessages(refused)).containsIgnoringCase("HostKey");
        assertThat(SftpServerResource.ROOT.resolve("drop/probe.txt")).doesNotExist();
    }

    @Test
    @Reliability(area = FaultArea.SFTP_DOWN, value = "SFTP server presents another host key",
            holds = "the inbox is not read; one clear log line says why")
    void anInboxOnAServerWithAnotherHostKeyIsNotReadAndSaysWhy() throws Exception {
        Path marker = Files.createDirectories(SftpServerResource.ROOT.resolve("impostor")).resolve("7702-771.pdf");
        Files.write(marker, new byte[] { 1 });
        org.apache.camel.builder.RouteBuilder route = new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                fromF("{{inbox:sftp-impostor.uri}}").routeId("impostor-inbox").to("direct:eticket-received");
            }
        };
        System.setProperty("sftp-impostor.uri", SftpServerResource.uri("wrong_known_hosts").replace("/drop?", "/impostor?"));
        try {
            camel.addRoutes(route);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(Path.of("target/quarkus.log"))
                    .contains("the server's host key is not the one in known_hosts: refused"));
            assertThat(marker).exists(); // never taken: nothing is read from a server that fails the host-key check
        } finally {
            camel.getRouteController().stopRoute("impostor-inbox");
            camel.removeRoute("impostor-inbox");
            Files.deleteIfExists(marker);
        }
    }

    @Test
    @Reliability(area = FaultArea.SFTP_DOWN, value = "the SFTP server of the inbox goes down (connections refused) with a PDF"
            + " waiting in it, then comes back", holds = "one clear error line; polls back off (the delay doubles, capped); one"
                    + " email; the PDF delivered once it is back, and a line says the inbox can be read again")
    void anSftpServerThatIsDownIsRetriedWithBackoffAndReportedOnce() throws Exception {
        TevoApiResource.resetToUnauthorized();
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        show(7703, withState(order(7703, item(772, "ACC-1", 1, "100.00", true)), "accepted"));
        long linesBefore = TestLog.lines();

        SftpServerResource.down();
        try {
            Pdfs.seats(SftpServerResource.ROOT.resolve("drop/7703-772.pdf"), 1, 1); // written while nobody can fetch it
            await().atMost(Duration.ofSeconds(30)).until(() -> TestLog.since(linesBefore).filter(l -> l.contains("still cannot be read")).count() >= 3);
            // past its alert time: the inboxes' health check is DOWN naming it (no password); liveness stays UP
            await().atMost(Duration.ofSeconds(30)).until(() -> health("/q/health/well").statusCode() == 503);
            assertThat(health("/q/health/well").body()).contains("e-ticket inboxes").contains("sftp://tester@localhost")
                    .contains("cannot be read since").doesNotContain(SftpServerResource.PASSWORD);
            assertThat(health("/q/health/live").statusCode()).isEqualTo(200);
        } finally {
            SftpServerResource.up();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> EticketDeliveryTest.deliveries(7703).size() == 1);
        // said once the poll that delivered it is over
        await().atMost(Duration.ofSeconds(30)).until(() -> TestLog.since(linesBefore).anyMatch(l -> l.contains("can be read again after")));

        List<String> lines = TestLog.since(linesBefore).toList();
        assertThat(lines.stream().filter(l -> l.contains("cannot be read: the server cannot be reached"))).hasSize(1);
        // and no other error line about it at every poll
        assertThat(lines.stream().filter(l -> l.contains(" ERROR ") && l.contains("sftp://tester@localhost"))).hasSize(1);
        // the backoff doubles from the poll delay (200 ms) up to etickets.inbox.max-backoff (2 s in tests)
        List<Long> delays = lines.stream().map(l -> java.util.regex.Pattern.compile("next (?:try )?in (\\d+) ms").matcher(l))
                .filter(java.util.regex.Matcher::find).map(m -> Long.valueOf(m.group(1))).toList();
        assertThat(delays).startsWith(200L, 400L, 800L).allMatch(d -> d <= 2000);
        assertThat(lines.stream().filter(l -> l.contains("can be read again after"))).hasSize(1);
        assertThat(health("/q/health/well").statusCode()).as("the inbox is back").isEqualTo(200);
        assertThat(Desk.emailsWithSubject("e-ticket inbox").stream().filter(m -> Desk.subject(m).contains("cannot be read")))
                .singleElement().satisfies(m -> assertThat(Desk.body(m)).contains("cannot be reached").contains("nothing is lost")
                        .doesNotContain(SftpServerResource.PASSWORD));
    }

    @Inject
    org.apache.camel.CamelContext camel;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    private java.net.http.HttpResponse<String> health(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(io.tevoroutes.desk.support.Management.uri(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String rootCauseMessages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 2000; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
