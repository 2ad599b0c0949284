package io.tevoroutes.desk.recipes;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.SeedOrders.json;
import static io.tevoroutes.desk.support.SeedOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.DeskState;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Recipes;
import io.tevoroutes.desk.support.TevoApiResource;
import io.tevoroutes.desk.support.TevoStubs;
import jakarta.inject.Inject;

/** README recipe 2: "hold any order whose total is above 5000, with reason 'large order' and its own advice", YAML only. */
@QuarkusTest
@TestProfile(LargeOrderRuleTest.Recipe.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class LargeOrderRuleTest {

    public static class Recipe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Recipes.apply("large-order", Map.of());
        }
    }

    @Inject
    Desk desk;
    @Inject
    DeskState state;

    @Test
    void anOrderAboveFiveThousandIsHeldWithItsOwnReasonAndAdviceAndASmallerOneIsAccepted() {
        TevoApiResource.resetToUnauthorized();
        ObjectNode large = order(7611, "ACC-1", 2, "242.0").put("total", "6000.00");
        ObjectNode usual = order(7612, "ACC-1", 2, "242.0"); // the seed's total, 561.6
        pendingOrders(json(large), json(usual));
        acceptAnswers(7612, TevoStubs.json(200, json(usual).replace("\"pending\"", "\"accepted\"")));

        desk.poll();
        desk.poll();

        tevo().verify(exactly(0), acceptOf(7611));
        tevo().verify(exactly(1), acceptOf(7612));
        assertThat(Desk.emailsAbout(7611)).singleElement().satisfies(m -> {
            assertThat(Desk.subject(m)).isEqualTo("TEvo order 7611 needs a person: large order");
            assertThat(Desk.text(m)).contains("large order: total 6000.00")
                    .contains("Orders above 5000 are checked by a person; call the buyer, then accept or reject in TEvo.");
        });
    }
}
