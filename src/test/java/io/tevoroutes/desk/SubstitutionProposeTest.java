package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.BuySide.group;
import static io.tevoroutes.desk.support.BuySide.listing;
import static io.tevoroutes.desk.support.BuySide.listings;
import static io.tevoroutes.desk.support.BuySide.purchases;
import static io.tevoroutes.desk.support.BuySide.rejectedPurchase;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SqlConsole;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** substitution.mode=propose (the default): a person is emailed the best three candidates once; nothing is bought. */
@QuarkusTest
@TestProfile(SubstitutionProposeTest.Propose.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class SubstitutionProposeTest {

    public static class Propose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("substitution.mode", "propose", "substitution.poll-period", "1h");
        }
    }

    @Inject
    ProducerTemplate producer;
    @Inject
    Desk desk;
    @Inject
    SqlConsole state;

    @Test
    void aPersonIsEmailedTheBestThreeCandidatesOnceAndNothingIsBought() {
        TevoApiResource.resetToUnauthorized();
        ObjectNode po = rejectedPurchase(8701, 87010, 970, Duration.ofDays(5));
        purchases("rejected", po);
        purchases("pending_substitution");
        group(87010, po);
        listings(970, listing(9701, 4, "101", "10", "Eticket", "103.00"), listing(9702, 4, "101", "8", "Eticket", "110.00"),
                listing(9703, 4, "101", "10", "Eticket", "101.00"), listing(9704, 4, "101", "9", "Flash_seats", "99.00"),
                listing(9705, 2, "101", "10", "Eticket", "114.99"));

        for (int i = 0; i < 3; i++) {
            producer.sendBody("direct:substitution-poll", null);
            desk.awaitIdle();
        }

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(state.number("select count(*) from substitution where order_id = 8701 and status = 'PROPOSED'")).isEqualTo(1);
        assertThat(emailsWithSubject("Substitutes for rejected purchase order 8701: choose one")).singleElement().satisfies(m -> {
            String body = Desk.body(m);
            // the same row, cheapest first, then the nearest rows (a better row before a worse one)
            assertThat(body).contains("1. 9703: section 101 row 10, Eticket, 101.00 per ticket (+1.00 (1.00 %))")
                    .contains("2. 9701: section 101 row 10").contains("3. 9705: section 101 row 10").doesNotContain("  4. ")
                    .contains("Searched 5 listing(s) of the event; 5 passed the rules");
        });
    }
}
