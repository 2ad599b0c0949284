package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.EmptyInbox;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk (jar, or native binary with -Dnative) reads PDFs with PDFBox: an item's PDF delivered through the
 * signed API, a group PDF read for its seat numbers and kept, a file that is no PDF moved aside with an email. The parts
 * a native build is most likely to break (PDF parsing and text extraction, Base64 bodies, the file consumer).
 */
@QuarkusIntegrationTest
@TestProfile(PackagedEticketsIT.Inbox.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class PackagedEticketsIT {

    static final Path INBOX = Path.of("target/test-inbox");
    static final Path SCRATCH = Path.of("target/it-packaged-etickets");

    public static class Inbox implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmptyInbox.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("etickets.inbox.poll-delay", "100", "etickets.work-dir", "target/it-packaged-etickets/work");
        }
    }

    @Test
    void thePackagedDeskDeliversAPdfKeepsAGroupPdfAndMovesABadFileAside() throws IOException {
        Files.createDirectories(SCRATCH);
        Files.deleteIfExists(Path.of("target/it-packaged-etickets/work/groups/ACC-1.pdf")); // kept by an earlier run
        show(9601, withState(order(9601, item(960, "ACC-1", 2, "100.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/9601/deliver_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));

        drop(Pdfs.seats(SCRATCH.resolve("item.pdf"), 20, 21), "9601-960.pdf");
        drop(Pdfs.seats(SCRATCH.resolve("group.pdf"), 1, 4), "ACC-1.pdf");
        drop(Pdfs.notAPdf(SCRATCH.resolve("bad.pdf")), "9601-961.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> landed(".done", "9601-960.pdf") && landed(".done", "ACC-1.pdf")
                && landed(".error", "9601-961.pdf"));
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent = tevo()
                .findAll(postRequestedFor(urlPathEqualTo("/v9/orders/9601/deliver_etickets")));
        assertThat(sent).hasSize(1);
        String pdf = new ObjectMapper().readTree(sent.get(0).getBodyAsString()).get("etickets").get(0).get("eticket").asText();
        try (PDDocument doc = Loader.loadPDF(Base64.getDecoder().decode(pdf))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
        }
        assertThat(Path.of("target/it-packaged-etickets/work/groups/ACC-1.pdf")).as("the group PDF is kept for later sales").isRegularFile();
        await().atMost(Duration.ofSeconds(20)).until(() -> !emailsWithSubject("9601-961.pdf").isEmpty());
    }

    static void drop(Path file, String name) throws IOException {
        Inboxes.drop(file, INBOX, name);
    }

    static boolean landed(String folder, String name) throws IOException {
        return Inboxes.landed(INBOX, folder, name) > 0;
    }
}
