package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.EticketDeliveryTest.drop;
import static io.tevoroutes.desk.EticketDeliveryTest.landed;
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
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;

/** etickets.delivery.method=add-and-finalize: add_etickets + finalize_etickets keyed by items[].id, reset after an unfinished try. */
@QuarkusTest
@TestProfile(AddAndFinalizeTest.AddAndFinalize.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class AddAndFinalizeTest {

    public static class AddAndFinalize implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(io.tevoroutes.desk.support.EmptyInbox.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("etickets.delivery.method", "add-and-finalize", "etickets.inbox.poll-delay", "100",
                    "etickets.delivery.retry.initial-delay", "2s");
        }
    }

    @Test
    void addsThePdfToTheItemByItsIdThenFinalizesEveryPageResettingAfterAnUnfinishedTry() throws IOException {
        TevoApiResource.resetToUnauthorized();
        show(7801, withState(order(7801, item(780, "ACC-1", 2, "100.00", true)), "accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7801/items/780/add_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/7801/items/780/remove_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7801/items/780/finalize_etickets")))
                .willReturn(json(503, "{\"error\":\"Service Unavailable\"}")));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));
        Path scratch = Files.createDirectories(Path.of("target/eticket-scratch"));

        drop(Pdfs.seats(scratch.resolve("af.pdf"), 4, 5), "7801-780.pdf");

        // the first try adds the pages, then finalize is refused: the item waits for its next try
        await().atMost(Duration.ofSeconds(20)).until(() -> finalizes() == 5);
        assertThat(adds()).isEqualTo(1);
        assertThat(removes()).isZero();
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/7801/items/780/finalize_etickets")))
                .willReturn(json(200, "{}")));

        await().atMost(Duration.ofSeconds(20)).until(() -> landed(".done", "7801-780.pdf") == 1);
        assertThat(removes()).isEqualTo(1); // the second try resets what the first one added
        assertThat(adds()).isEqualTo(2);
        String add = tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders/7801/items/780/add_etickets"))).get(1).getBodyAsString();
        byte[] pdf = Base64.getDecoder().decode(new ObjectMapper().readTree(add).get("files").get(0).asText());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
        }
        String finalize = tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders/7801/items/780/finalize_etickets")))
                .get(5).getBodyAsString();
        assertThat(finalize).isEqualTo("{\"keep_pages\":[1,2]}");
        assertThat(tevo().findAll(postRequestedFor(urlPathMatching("/v9/orders/7801/deliver_etickets")))).isEmpty();
    }

    private static int adds() {
        return tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders/7801/items/780/add_etickets"))).size();
    }

    private static int finalizes() {
        return tevo().findAll(postRequestedFor(urlPathEqualTo("/v9/orders/7801/items/780/finalize_etickets"))).size();
    }

    private static int removes() {
        return tevo().findAll(getRequestedFor(urlPathEqualTo("/v9/orders/7801/items/780/remove_etickets"))).size();
    }
}
