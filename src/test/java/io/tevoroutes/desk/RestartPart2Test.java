package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
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
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;

import jakarta.inject.Inject;

/**
 * Second half of the restart scenario: a new desk (new JVM state, new SMTP server, new TEvo stubs) on the state
 * store file of {@link RestartPart1Test}. TEvo still lists both orders as pending.
 */
@QuarkusTest
@TestProfile(RestartPart2Test.SameFileStateStore.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class RestartPart2Test {

    public static class SameFileStateStore extends RestartPart1Test.FileStateStore {
        @Override
        public Map<String, String> getConfigOverrides() {
            return super.getConfigOverrides();
        }
    }

    @Inject
    Desk desk;
    @Inject
    DeskState state;

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "the desk restarted on the same state store file after it accepted one order and emailed about another",
            holds = "no second accept, no second email, the accepted order keeps its ticket")
    void afterTheRestartNothingIsSentTwiceAndTheReservationHolds() {
        TevoApiResource.resetToUnauthorized();
        String accepted = order(8001, item(400, "RESTART-1", 1, "60.00", true));
        String competitor = order(8003, item(402, "RESTART-1", 1, "60.00", true));
        pendingOrders(accepted, order(8002, item(401, "HOLD-2", 4, "60.00", true)), competitor);
        acceptAnswers(8001, json(200, withState(accepted, "accepted")));
        acceptAnswers(8003, json(200, withState(competitor, "accepted")));

        desk.poll();
        desk.poll();

        assertThat(state.status(8001L)).isEqualTo("ACCEPTED");
        tevo().verify(exactly(0), acceptOf(8001)); // accepted before the restart
        assertThat(emailsAbout(8002)).isEmpty(); // emailed before the restart
        tevo().verify(exactly(0), acceptOf(8003)); // the only ticket is reserved for 8001
        assertThat(emailsAbout(8003)).singleElement()
                .satisfies(m -> assertThat(Desk.body(m)).contains("1 reserved by orders the desk accepted"));
    }
}
