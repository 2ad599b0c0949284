package io.tevoroutes.desk.recipes;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.Recipes;
import io.tevoroutes.desk.support.SftpServerResource;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * README recipe 3: "add a second SFTP inbox", YAML and one setting. The setting's key is the README's; its value points
 * at this test's SFTP server (a second folder, drop2, on it) instead of the broker's. StartupCheckTest checks the
 * README's own value at start.
 */
@QuarkusTest
@TestProfile(SecondSftpInboxTest.Recipe.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@QuarkusTestResource(value = SftpServerResource.class, restrictToAnnotatedClass = true)
class SecondSftpInboxTest {

    public static class Recipe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Recipes.apply("second-inbox", Map.of("etickets.second-inbox.uri", "${test.sftp.second-uri}"));
        }
    }

    @Inject
    CamelContext camel;

    @Test
    void aPdfUploadedToTheSecondInboxIsDeliveredAndMovedToDone() throws IOException {
        assertThat(camel.getRoute("eticket-inbox-second")).isNotNull();
        assertThat(camel.getRoute("eticket-inbox-second").getEndpoint().getEndpointUri()).startsWith("sftp://").contains("/drop2");

        TevoApiResource.resetToUnauthorized();
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        show(7631, withState(order(7631, item(763, "ACC-1", 2, "100.00", true)), "accepted"));

        Path upload = Pdfs.seats(SftpServerResource.DIR.resolve("upload-second.pdf"), 1, 2);
        Files.move(upload, SftpServerResource.ROOT.resolve("drop2/7631-763.pdf"), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> tevo().verify(1, postRequestedFor(urlPathEqualTo("/v9/orders/7631/deliver_etickets"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> Inboxes.landed(SftpServerResource.ROOT.resolve("drop2"), ".done", "7631-763.pdf") > 0);
        assertThat(SftpServerResource.ROOT.resolve("drop2/7631-763.pdf")).doesNotExist();
    }
}
