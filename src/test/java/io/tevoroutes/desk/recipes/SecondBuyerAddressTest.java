package io.tevoroutes.desk.recipes;

import static io.tevoroutes.desk.support.SeedOrders.json;
import static io.tevoroutes.desk.support.SeedOrders.order;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Recipes;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** README recipe 4: "send held-order emails for one buyer id to a second address as well", YAML only. */
@QuarkusTest
@TestProfile(SecondBuyerAddressTest.Recipe.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class SecondBuyerAddressTest {

    public static class Recipe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Recipes.apply("vip-buyer", Map.of());
        }
    }

    @Inject
    Desk desk;

    @Test
    void heldOrdersOfBuyer12345GoToBothAddressesAndOthersToTheDeskAlone() {
        TevoApiResource.resetToUnauthorized();
        // HOLD-2: one ticket on hand, two sold: both orders are held
        ObjectNode vip = order(7621, "HOLD-2", 2, "242.0");
        vip.putObject("buyer").put("type", "Office").put("id", 12345);
        ObjectNode other = order(7622, "HOLD-2", 2, "242.0");
        pendingOrders(json(vip), json(other));

        desk.poll();
        desk.awaitIdle();

        assertThat(recipients(7621)).containsExactlyInAnyOrder("desk@broker.example", "vip-orders@broker.example");
        assertThat(recipients(7622)).containsExactly("desk@broker.example");
    }

    private static List<String> recipients(long orderId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !Desk.emailsAbout(orderId).isEmpty());
        MimeMessage m = Desk.emailsAbout(orderId).get(0);
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
