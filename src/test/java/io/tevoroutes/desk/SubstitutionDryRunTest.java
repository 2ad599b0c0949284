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

/** substitution.mode=auto with tevo.dry-run: nothing is bought; a person reads what would have been. */
@QuarkusTest
@TestProfile(SubstitutionDryRunTest.AutoDryRun.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class SubstitutionDryRunTest {

    public static class AutoDryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("substitution.mode", "auto", "substitution.poll-period", "1h", "tevo.dry-run", "true");
        }
    }

    @Inject
    ProducerTemplate producer;
    @Inject
    Desk desk;
    @Inject
    SqlConsole state;

    @Test
    void aDryRunBuysNothing() {
        TevoApiResource.resetToUnauthorized();
        ObjectNode po = rejectedPurchase(8801, 88010, 980, Duration.ofDays(5));
        purchases("rejected", po);
        purchases("pending_substitution");
        group(88010, po);
        listings(980, listing(9801, 4, "101", "10", "Eticket", "100.00"));

        producer.sendBody("direct:substitution-poll", null);
        desk.awaitIdle();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(state.number("select count(*) from substitution where order_id = 8801 and status = 'DRY_RUN'")).isEqualTo(1);
        assertThat(emailsWithSubject("DRY RUN: substitutes for rejected purchase order 8801")).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("nothing was bought").contains("1. 9801: section 101 row 10"));
    }
}
