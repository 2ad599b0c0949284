package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
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
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** tevo.dry-run=true: the desk decides, audits and emails, and never writes to TEvo. */
@QuarkusTest
@TestProfile(DryRunTest.DryRun.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
class DryRunTest {

    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tevo.dry-run", "true", "tevo.policy.unknown-ticket", "reject");
        }
    }

    @Inject
    Desk desk;
    @Inject
    DeskState state;

    @Test
    void decidesAndEmailsButNeverWritesToTevo() {
        TevoApiResource.resetToUnauthorized();
        pendingOrders(order(7001, item(200, "DRY-1", 1, "60.00", true)), order(7002, item(201, "HOLD-2", 5, "60.00", true)),
                order(7003, item(202, "NOWHERE-9", 1, "60.00", true)));

        desk.poll();
        desk.poll();

        tevo().verify(exactly(0), postRequestedFor(urlMatching("/v9/.*")));
        assertThat(state.decisions(7001L)).singleElement().satisfies(a -> {
            assertThat(a.decision()).isEqualTo("ACCEPT");
            assertThat(a.dryRun()).isTrue();
        });
        assertThat(state.status(7001L)).isNull();
        assertThat(emailsAbout(7002)).singleElement().satisfies(m -> assertThat(body(m)).contains("DRY RUN"));
        assertThat(state.decisions(7003L)).extracting(io.tevoroutes.desk.state.DecisionAudit.AuditEntry::decision).containsExactly("REJECT");
        assertThat(emailsAbout(7003)).singleElement().satisfies(m -> assertThat(Desk.subject(m)).contains("rejected automatically"));
    }
}
