package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.rejectAnswers;
import static io.tevoroutes.desk.support.TevoStubs.rejectOf;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.DeskState;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** A broker whose policy rejects underpriced sales: reject with TEvo's documented reason, once. */
@QuarkusTest
@TestProfile(RejectPolicyTest.RejectUnderpriced.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class RejectPolicyTest {

    public static class RejectUnderpriced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tevo.policy.price-below-floor", "reject");
        }
    }

    @Inject
    Desk desk;
    @Inject
    DeskState state;

    @Test
    void underpricedOrderIsRejectedWithTevosReason() {
        TevoApiResource.resetToUnauthorized();
        String order = order(7101, item(300, "PRICE-1", 1, "99.00", true));
        pendingOrders(order);
        rejectAnswers(7101, json(200, withState(order, "rejected")));

        desk.poll();
        desk.poll();

        tevo().verify(exactly(1), rejectOf(7101).withRequestBody(equalToJson(
                "{\"reason\":\"Tickets Priced Incorrectly\",\"reviewer_id\":4242,\"rejection_notes\":\"${json-unit.any-string}\"}")));
        tevo().verify(exactly(0), acceptOf(7101));
        assertThat(state.status(7101L)).isEqualTo("REJECTED");
        assertThat(emailsAbout(7101)).singleElement().satisfies(m -> assertThat(Desk.subject(m)).contains("rejected automatically"));
    }
}
