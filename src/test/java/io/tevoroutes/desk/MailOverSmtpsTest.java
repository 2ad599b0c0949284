package io.tevoroutes.desk;

import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/** Email over SMTPS (TLS from the first byte) with a login, as documented: notify.mail.uri=smtps://host:465. */
@QuarkusTest
@TestProfile(MailOverSmtpsTest.Smtps.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class MailOverSmtpsTest {

    public static class Smtps implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MailResource.Smtps.class));
        }
    }

    @Inject
    Desk desk;

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "email through an SMTPS server (GreenMail over TLS) that wants a login",
            holds = "the held order's email arrives; the password is never logged")
    void aHeldOrderIsEmailedOverSmtps() {
        TevoApiResource.resetToUnauthorized();
        pendingOrders(order(9911, item(992, "NOT-IN-INVENTORY-9911", 1, "10.00", true)));

        desk.poll();

        assertThat(emailsAbout(9911)).singleElement().satisfies(m -> assertThat(Desk.body(m)).contains("unknown ticket"));
        assertThat(MailResource.greenMail().getSmtps().getServerSetup().isSecure()).isTrue();
    }
}
