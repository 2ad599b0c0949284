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
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * First half of the restart scenario (Quarkus runs test classes grouped by profile, then by name: Part1 before Part2) (the second is {@link RestartPart2Test}, a new desk on the same state store
 * file): one order held and emailed, one accepted and so holding the only ticket of RESTART-1.
 */
@QuarkusTest
@TestProfile(RestartPart1Test.FileStateStore.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class RestartPart1Test {

    /**
     * A file state store; the profile's class name differs per half, which makes Quarkus restart the desk. The folder
     * is new for every test JVM (Quarkus re-initialises test classes per start, so this must not depend on them).
     */
    public static class FileStateStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String db = (String) System.getProperties().computeIfAbsent("restart-test.db-folder",
                    k -> "target/restart-db/" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + db + "/desk;DB_CLOSE_ON_EXIT=FALSE");
        }
    }

    @Inject
    Desk desk;

    @Test
    void beforeTheRestart() {
        TevoApiResource.resetToUnauthorized();
        String accepted = order(8001, item(400, "RESTART-1", 1, "60.00", true));
        pendingOrders(accepted, order(8002, item(401, "HOLD-2", 4, "60.00", true)));
        acceptAnswers(8001, json(200, withState(accepted, "accepted")));

        desk.poll();

        tevo().verify(exactly(1), acceptOf(8001));
        assertThat(emailsAbout(8002)).hasSize(1);
    }
}
