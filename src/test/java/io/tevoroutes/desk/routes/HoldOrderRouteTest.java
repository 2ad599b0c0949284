package io.tevoroutes.desk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.email.EmailTemplates;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.support.SeedOrders;

/**
 * routes/hold-order.camel.yaml on its own: a held order is recorded, then one email asked for, with its key and its
 * template; the email as emails/order-held.txt and order-rejected.txt write it.
 */
class HoldOrderRouteTest extends RouteFileTest {

    /** The console's held-order queue, as the route fills it (the state store's writes are tested with it). */
    final List<OrderDecision> queued = new java.util.ArrayList<>();

    @Override
    protected List<String> routeFiles() {
        return List.of("hold-order.camel.yaml");
    }

    @Override
    protected void beans(org.apache.camel.spi.Registry registry) {
        registry.bind("consoleLinks", io.tevoroutes.desk.console.ConsoleLinks.of(true, "https://desk.broker.example/"));
        registry.bind("heldOrders", new io.tevoroutes.desk.state.HeldOrders() {
            @Override
            public void held(OrderDecision decision) {
                queued.add(decision);
            }
        });
    }

    @Test
    void aHeldOrderIsRecordedThenEmailedOncePerSetOfReasons() {
        TevoOrder order = OrderParser.with(new ObjectMapper()).order(SeedOrders.json(SeedOrders.order(6400, "191497", 2, "242.0")));
        OrderDecision held = new OrderDecision(order, List.of(), List.of(new Problem("SHORT", "short", "TicketID 191497 short by 1",
                "Check the quantity on hand.", "hold", "Tickets No Longer Available")), OrderDecision.Outcome.HOLD);

        send("direct:hold-order", e -> e.getMessage().setBody(held));

        assertThat(queued).as("the console's queue").containsExactly(held);
        assertThat(received("direct:record-decision")).hasSize(1);
        assertThat(received("direct:notify")).singleElement().satisfies(mail -> {
            assertThat(mail.getProperty("notifyKey", String.class)).isEqualTo("6400|HOLD|SHORT");
            assertThat(mail.getProperty("emailTemplate", String.class)).isEqualTo("order-held");
            assertThat(mail.getProperty("notifyTo")).isNull();
        });
        // the email as the notify route writes it, from emails/order-held.txt
        Exchange mail = received("direct:notify").get(0);
        EmailTemplates.in(Path.of("emails")).compose("order-held", mail);
        assertThat(mail.getProperty("notifySubject", String.class)).isEqualTo("TEvo order 6400 needs a person: short");
        assertThat(mail.getMessage().getBody(String.class)).startsWith("TEvo order 6400 (R6400) is still pending and needs a person.\n\nEvent: ")
                .contains("\nOrder:\n  - short: TicketID 191497 short by 1\n")
                .contains("\nWhat to do:\n  - short: Check the quantity on hand.\n")
                .contains("\nSee it, and act on it, in the console: https://desk.broker.example/console/orders/6400\n")
                .endsWith("You get one email per order and set of reasons.\n");
    }

    @Test
    void aRejectedOrderIsEmailedWithTheRejectedTemplate() {
        TevoOrder order = OrderParser.with(new ObjectMapper()).order(SeedOrders.json(SeedOrders.order(6401, "191497", 2, "150.0")));
        OrderDecision rejected = new OrderDecision(order, List.of(), List.of(new Problem("PRICE_BELOW_FLOOR", "price below floor",
                null, "Check the price.", "reject", "Tickets Priced Incorrectly")), OrderDecision.Outcome.REJECT);

        send("direct:notify-decision", e -> e.getMessage().setBody(rejected));

        Exchange mail = received("direct:notify").get(0);
        assertThat(mail.getProperty("emailTemplate", String.class)).isEqualTo("order-rejected");
        EmailTemplates.in(Path.of("emails")).compose("order-rejected", mail);
        assertThat(mail.getProperty("notifySubject", String.class)).isEqualTo("TEvo order 6401 rejected automatically: price below floor");
        // the items as the template lists them
        OrderDecision withItem = new OrderDecision(order, List.of(new io.tevoroutes.desk.decision.ItemVerdict(order.getItems().get(0), null,
                List.of(new Problem("PRICE_BELOW_FLOOR", "price below floor", "sold at 150.0, inventory price 200.00", "Check the price.",
                        "reject", "Tickets Priced Incorrectly")))), List.of(), OrderDecision.Outcome.REJECT);
        mail.setProperty("decision", withItem.getEmail());
        EmailTemplates.in(Path.of("emails")).compose("order-rejected", mail);
        assertThat(mail.getMessage().getBody(String.class)).contains(
                "\nItems:\n  - item 64011: TicketID 191497 (section 120, row 28), 2 x 150.0 -> price below floor: sold at 150.0, inventory price 200.00\n");
        assertThat(mail.getMessage().getBody(String.class)).contains("was rejected by the order desk.").doesNotContain("You get one email");
    }
}
