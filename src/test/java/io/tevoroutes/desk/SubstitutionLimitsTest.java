package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.BuySide.createAnswers;
import static io.tevoroutes.desk.support.BuySide.group;
import static io.tevoroutes.desk.support.BuySide.listing;
import static io.tevoroutes.desk.support.BuySide.listings;
import static io.tevoroutes.desk.support.BuySide.ordersAnswer;
import static io.tevoroutes.desk.support.BuySide.purchases;
import static io.tevoroutes.desk.support.BuySide.rejectedPurchase;
import static io.tevoroutes.desk.support.BuySide.substitute;
import static io.tevoroutes.desk.support.Desk.emailsWithSubject;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.BuySide;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.SqlConsole;
import io.tevoroutes.desk.support.TevoApiResource;
import io.tevoroutes.desk.state.SubstitutionBudget;

/**
 * Mode auto's absolute caps against WireMock TEvo (every call signed): substitution.auto.max-purchase (250.00 here) on
 * one substitute, substitution.auto.daily-budget (300.00 here) on a day, and purchase orders whose cost or quantity
 * are hostile numbers. Above a cap a person is emailed the candidates (as in propose), with the reason.
 */
@QuarkusTest
@TestProfile(SubstitutionLimitsTest.Capped.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@ExtendWith(ReliabilityReport.class)
class SubstitutionLimitsTest {

    public static class Capped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("substitution.mode", "auto", "substitution.poll-period", "1h", "substitution.own-office-id",
                    String.valueOf(BuySide.OWN_OFFICE), "substitution.auto.max-purchase", "250.00", "substitution.auto.daily-budget",
                    "300.00");
        }
    }

    @Inject
    ProducerTemplate producer;
    @Inject
    Desk desk;
    @Inject
    SqlConsole state;
    @Inject
    SubstitutionBudget budget;

    @BeforeEach
    void reset() {
        TevoApiResource.resetToUnauthorized();
        purchases("pending_substitution");
        state.execute("delete from substitution_budget");
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "mode auto, a candidate within the increase limits whose total (2 x 150.00)"
            + " is above substitution.auto.max-purchase (250.00)", holds = "nothing bought; a person is emailed the candidates"
                    + " with the reason")
    void aCandidateAboveTheMaximumPerPurchaseIsProposedNotBought() {
        ObjectNode po = rejectedPurchase(8801, 88010, 980, Duration.ofDays(10));
        SeedOrders.item(po).put("price", "150.00");
        purchases("rejected", po);
        group(88010, po);
        listings(980, listing(9801, 4, "101", "10", "Eticket", "150.00"));
        createAnswers(9801, json(200, ordersAnswer(substitute(8802, 88010, 8801))));

        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8801)).isEqualTo("PROPOSED");
        assertThat(emailsWithSubject("Substitutes for rejected purchase order 8801: choose one")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("costs 300.00 in all, more than substitution.auto.max-purchase (250.00)")
                        .contains("9801: section 101 row 10"));
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "mode auto, a daily budget of 300.00: a first purchase whose first choice TEvo"
            + " refuses (422) and whose second is bought (200.00), then a second purchase of 200.00 the same day",
            holds = "the refused create gives its reservation back; the first bought, the second proposed to a person with"
                    + " the budget left; nothing else spent")
    void aDayWhoseBudgetIsSpentProposesTheNextPurchase() {
        ObjectNode first = rejectedPurchase(8811, 88110, 981, Duration.ofDays(10));
        purchases("rejected", first);
        group(88110, first);
        listings(981, listing(9811, 4, "101", "10", "Eticket", "100.00"), listing(9812, 4, "101", "10", "Eticket", "100.50"));
        createAnswers(9811, json(422, "[\"ArgumentError\",\"The price of the ticket group has changed\"]"));
        createAnswers(9812, json(200, ordersAnswer(substitute(8812, 88110, 8811))));

        poll();

        assertThat(status(8811)).isEqualTo("CREATED");
        assertThat(budget.spent(today())).isEqualByComparingTo("201.00");

        ObjectNode second = rejectedPurchase(8821, 88210, 982, Duration.ofDays(10));
        purchases("rejected", first, second);
        group(88210, second);
        listings(982, listing(9821, 4, "101", "10", "Eticket", "100.00"));
        createAnswers(9821, json(200, ordersAnswer(substitute(8822, 88210, 8821))));

        poll();

        tevo().verify(exactly(2), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8821)).isEqualTo("PROPOSED");
        assertThat(budget.spent(today())).isEqualByComparingTo("201.00");
        assertThat(emailsWithSubject("Substitutes for rejected purchase order 8821: choose one")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("listing 9821 costs 200.00 in all, and the day's budget"
                        + " (substitution.auto.daily-budget 300.00, " + today() + " UTC) has 99.00 left: a person decides"));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a safety net only
    @Reliability(area = FaultArea.SECURITY, value = "rejected purchase orders whose cost per ticket is \"1E+1000000\", or whose"
            + " quantity is 1000000000 with a listing offering 2000000000 tickets and no splits",
            holds = "nothing bought: each goes to a person naming the number refused")
    void aPurchaseOrderWithAHostileCostOrQuantityBuysNothing() {
        ObjectNode dear = rejectedPurchase(8831, 88310, 983, Duration.ofDays(10));
        SeedOrders.item(dear).put("price", "1E+1000000");
        ObjectNode many = rejectedPurchase(8841, 88410, 984, Duration.ofDays(10));
        SeedOrders.item(many).put("quantity", 1_000_000_000);
        purchases("rejected", dear, many);
        group(88310, dear);
        group(88410, many);
        listings(983, listing(9831, 4, "101", "10", "Eticket", "100.00"));
        ObjectNode plenty = listing(9841, 4, "101", "10", "Eticket", "100.00");
        plenty.put("available_quantity", 2_000_000_000L);
        plenty.putArray("splits");
        listings(984, plenty);
        createAnswers(9831, json(200, ordersAnswer(substitute(8832, 88310, 8831))));
        createAnswers(9841, json(200, ordersAnswer(substitute(8842, 88410, 8841))));

        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(8831)).isEqualTo("PERSON");
        assertThat(status(8841)).isEqualTo("PERSON");
        assertThat(emailsWithSubject("Rejected purchase order 8831 needs a person")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("its price '1E+1000000' has an exponent of more than two digits"));
        assertThat(emailsWithSubject("Rejected purchase order 8841 needs a person")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("its quantity '1000000000' is 10^9 or more"));
        assertThat(budget.spent(today())).isEqualByComparingTo("0");
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "two reservations of 200.00 racing from two threads on one state store"
            + " for a day budget of 300.00, twenty times", holds = "exactly one wins each time; the day shows 200.00 spent")
    void twoReservationsRacingForTheLastOfTheBudgetOnlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String day = "2099-01-" + String.format("%02d", round + 1);
                CountDownLatch go = new CountDownLatch(1);
                Callable<Boolean> reserve = () -> {
                    go.await();
                    return budget.reserve(day, new BigDecimal("200.00"), new BigDecimal("300.00"));
                };
                List<Future<Boolean>> racing = new ArrayList<>(List.of(pool.submit(reserve), pool.submit(reserve)));
                go.countDown();
                int won = 0;
                for (Future<Boolean> f : racing) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).as("round %d", round).isEqualTo(1);
                assertThat(budget.spent(day)).isEqualByComparingTo("200.00");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private static String body(jakarta.mail.internet.MimeMessage m) {
        return Desk.body(m).replaceAll("=\\r?\\n", "");
    }

    private void poll() {
        producer.sendBody("direct:substitution-poll", null);
        desk.awaitIdle();
    }

    private String status(long orderId) {
        return state.text("select status from substitution where order_id = " + orderId);
    }
}
