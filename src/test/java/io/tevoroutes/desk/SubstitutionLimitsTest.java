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
        ObjectNode po = rejectedPurchase(6611, 66110, 661, Duration.ofDays(10));
        SeedOrders.item(po).put("price", "150.00");
        purchases("rejected", po);
        group(66110, po);
        listings(661, listing(6612, 4, "101", "10", "Eticket", "150.00"));
        createAnswers(6612, json(200, ordersAnswer(substitute(6613, 66110, 6611))));

        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(6611)).isEqualTo("PROPOSED");
        assertThat(emailsWithSubject("Substitutes for rejected purchase order 6611: choose one")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("costs 300.00 in all, more than substitution.auto.max-purchase (250.00)")
                        .contains("6612: section 101 row 10"));
    }

    @Test
    @Reliability(area = FaultArea.SECURITY, value = "mode auto, a daily budget of 300.00: a first purchase whose first choice TEvo"
            + " refuses (422) and whose second is bought (200.00), then a second purchase of 200.00 the same day",
            holds = "the refused create gives its reservation back; the first bought, the second proposed to a person with"
                    + " the budget left; nothing else spent")
    void aDayWhoseBudgetIsSpentProposesTheNextPurchase() {
        ObjectNode first = rejectedPurchase(6621, 66210, 662, Duration.ofDays(10));
        purchases("rejected", first);
        group(66210, first);
        listings(662, listing(6622, 4, "101", "10", "Eticket", "100.00"), listing(6623, 4, "101", "10", "Eticket", "100.50"));
        createAnswers(6622, json(422, "[\"ArgumentError\",\"The price of the ticket group has changed\"]"));
        createAnswers(6623, json(200, ordersAnswer(substitute(6624, 66210, 6621))));

        poll();

        assertThat(status(6621)).isEqualTo("CREATED");
        assertThat(budget.spent(today())).isEqualByComparingTo("201.00");

        ObjectNode second = rejectedPurchase(6641, 66410, 664, Duration.ofDays(10));
        purchases("rejected", first, second);
        group(66410, second);
        listings(664, listing(6642, 4, "101", "10", "Eticket", "100.00"));
        createAnswers(6642, json(200, ordersAnswer(substitute(6643, 66410, 6641))));

        poll();

        tevo().verify(exactly(2), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(6641)).isEqualTo("PROPOSED");
        assertThat(budget.spent(today())).isEqualByComparingTo("201.00");
        assertThat(emailsWithSubject("Substitutes for rejected purchase order 6641: choose one")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("listing 6642 costs 200.00 in all, and the day's budget"
                        + " (substitution.auto.daily-budget 300.00, " + today() + " UTC) has 99.00 left: a person decides"));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a safety net only
    @Reliability(area = FaultArea.SECURITY, value = "rejected purchase orders whose cost per ticket is \"1E+1000000\", or whose"
            + " quantity is 1000000000 with a listing offering 2000000000 tickets and no splits",
            holds = "nothing bought: each goes to a person naming the number refused")
    void aPurchaseOrderWithAHostileCostOrQuantityBuysNothing() {
        ObjectNode dear = rejectedPurchase(6661, 66610, 666, Duration.ofDays(10));
        SeedOrders.item(dear).put("price", "1E+1000000");
        ObjectNode many = rejectedPurchase(6681, 66810, 668, Duration.ofDays(10));
        SeedOrders.item(many).put("quantity", 1_000_000_000);
        purchases("rejected", dear, many);
        group(66610, dear);
        group(66810, many);
        listings(666, listing(6662, 4, "101", "10", "Eticket", "100.00"));
        ObjectNode plenty = listing(6682, 4, "101", "10", "Eticket", "100.00");
        plenty.put("available_quantity", 2_000_000_000L);
        plenty.putArray("splits");
        listings(668, plenty);
        createAnswers(6662, json(200, ordersAnswer(substitute(6663, 66610, 6661))));
        createAnswers(6682, json(200, ordersAnswer(substitute(6683, 66810, 6681))));

        poll();

        tevo().verify(exactly(0), postRequestedFor(urlPathEqualTo("/v9/orders")));
        assertThat(status(6661)).isEqualTo("PERSON");
        assertThat(status(6681)).isEqualTo("PERSON");
        assertThat(emailsWithSubject("Rejected purchase order 6661 needs a person")).singleElement()
                .satisfies(m -> assertThat(body(m)).contains("its price '1E+1000000' has an exponent of more than two digits"));
        assertThat(emailsWithSubject("Rejected purchase order 6681 needs a person")).singleElement()
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
