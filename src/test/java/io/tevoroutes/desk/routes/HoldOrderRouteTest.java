package io.tevoroutes.desk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.support.SeedOrders;

/** routes/hold-order.camel.yaml on its own: a held order is recorded, then one email asked for, with its key. */
class HoldOrderRouteTest extends RouteFileTest {

    @Override
    protected List<String> routeFiles() {
        return List.of("hold-order.camel.yaml");
    }

    @Test
    void aHeldOrderIsRecordedThenEmailedOncePerSetOfReasons() {
        TevoOrder order = OrderParser.with(new ObjectMapper()).order(SeedOrders.json(SeedOrders.order(6400, "191497", 2, "242.0")));
        OrderDecision held = new OrderDecision(order, List.of(), List.of(new Problem("SHORT", "short", "TicketID 191497 short by 1",
                "Check the quantity on hand.", "hold", "Tickets No Longer Available")), OrderDecision.Outcome.HOLD);

        send("direct:hold-order", e -> e.getMessage().setBody(held));

        assertThat(received("direct:record-decision")).hasSize(1);
        assertThat(received("direct:notify")).singleElement().satisfies(mail -> {
            assertThat(mail.getProperty("notifyKey", String.class)).isEqualTo("6400|HOLD|SHORT");
            assertThat(mail.getProperty("notifySubject", String.class)).isEqualTo("TEvo order 6400 needs a person: short");
            assertThat(mail.getMessage().getBody(String.class)).contains("TicketID 191497 short by 1").contains("Check the quantity on hand.");
        });
        Exchange none = received("direct:notify").get(0);
        assertThat(none.getProperty("notifyTo")).isNull();
    }
}
