package io.tevoroutes.desk.recipes;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.SeedOrders.json;
import static io.tevoroutes.desk.support.SeedOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.rejectAnswers;
import static io.tevoroutes.desk.support.TevoStubs.rejectOf;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.timer.TimerEndpoint;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Recipes;
import io.tevoroutes.desk.support.TevoApiResource;
import io.tevoroutes.desk.support.TevoStubs;
import jakarta.inject.Inject;

/** README recipe 1: "poll every minute and reject short orders instead of holding them", settings only. */
@QuarkusTest
@TestProfile(PollEveryMinuteAndRejectShortTest.Recipe.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class PollEveryMinuteAndRejectShortTest {

    public static class Recipe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(Recipes.apply("poll-and-reject-short", Map.of()));
            // the poll timer runs in this test (tests poll by hand otherwise), its first tick far away
            settings.put("tevo.poll.enabled", "true");
            settings.put("tevo.poll.initial-delay", "1h");
            return settings;
        }
    }

    @Inject
    CamelContext camel;
    @Inject
    Desk desk;

    @Test
    void theDeskPollsEveryMinuteAndRejectsAShortOrderWithTevosReason() {
        assertThat(((TimerEndpoint) camel.getRoute("poll-pending-orders").getEndpoint()).getPeriod()).isEqualTo(60_000L);

        TevoApiResource.resetToUnauthorized();
        // HOLD-2: one ticket on hand, two sold
        String order = json(order(7601, "HOLD-2", 2, "242.0"));
        pendingOrders(order);
        rejectAnswers(7601, TevoStubs.json(200, order.replace("\"pending\"", "\"rejected\"")));

        desk.poll();

        tevo().verify(exactly(1), rejectOf(7601).withRequestBody(equalToJson(
                "{\"reason\":\"Tickets No Longer Available\",\"reviewer_id\":4242,\"rejection_notes\":\"${json-unit.any-string}\"}")));
        tevo().verify(exactly(0), acceptOf(7601));
        assertThat(Desk.emailsAbout(7601)).singleElement().satisfies(m -> assertThat(Desk.subject(m)).contains("rejected automatically: short"));
    }
}
