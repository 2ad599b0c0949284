package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static io.tevoroutes.desk.support.Desk.body;
import static io.tevoroutes.desk.support.Desk.emailsAbout;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.PostgresDeskProfile;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SqlConsole;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * The order desk scenarios in production shape: state store and inventory in a real PostgreSQL, configured by
 * properties alone. Plus what only a database inventory does: write-back, its undo, its rollback, and outages.
 */
@QuarkusTest
@TestProfile(PostgresDeskProfile.class)
@ExtendWith(ReliabilityReport.class)
class OrderDeskOnPostgresTest extends OrderDeskScenarios {

    @Inject
    SqlConsole sql;

    @Test
    void theStateStoreIsBuiltInTheEmptyPostgresDatabaseNextToTheInventory() {
        assertThat(sql.number("select case when current_database() = '" + PostgresDeskProfile.DATABASE + "' then 1 else 0 end")).isEqualTo(1L);
        assertThat(sql.number("select count(*) from flyway_schema_history where success and version in ('1', '2', '3', '4', '5')"))
                .isEqualTo(5L);
        assertThat(sql.number("select count(*) from information_schema.tables where table_name in "
                + "('desk_order', 'reservation', 'decision_audit', 'mail_outbox', 'eticket_delivery', 'inventory')")).isEqualTo(6L);
    }

    @Inject
    io.tevoroutes.desk.state.SubstitutionBudget budget;

    @Test
    @Reliability(area = FaultArea.SEVERAL_DESKS, value = "mode auto's daily budget on PostgreSQL (V15): two reservations of"
            + " 200.00 racing from two threads (each its own connection and transaction) for a budget of 300.00, twenty times",
            holds = "the row lock lets exactly one win each time; the day shows 200.00 spent; a release gives it back")
    void twoReservationsRacingForTheLastOfTheBudgetOnPostgresOnlyOneWins() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String day = "2098-02-" + String.format("%02d", round + 1);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Callable<Boolean> reserve = () -> {
                    go.await();
                    return budget.reserve(day, new java.math.BigDecimal("200.00"), new java.math.BigDecimal("300.00"));
                };
                java.util.List<java.util.concurrent.Future<Boolean>> racing = java.util.List.of(pool.submit(reserve), pool.submit(reserve));
                go.countDown();
                int won = 0;
                for (java.util.concurrent.Future<Boolean> f : racing) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).as("round %d", round).isEqualTo(1);
                assertThat(budget.spent(day)).isEqualByComparingTo("200.00");
                budget.release(day, new java.math.BigDecimal("200.00"));
                assertThat(budget.spent(day)).isEqualByComparingTo("0");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAcceptWritesTheSaleBackAndTheReservationEndsWithIt() {
        String first = order(7001, item(701, "WB-1", 2, "60.00", true));
        pendingOrders(first);
        acceptAnswers(7001, json(200, withState(first, "accepted")));
        desk.poll();

        tevo().verify(exactly(1), acceptOf(7001, REVIEWER));
        assertThat(quantity("WB-1")).isEqualTo(3);
        assertThat(state.reservedFor(7001L)).isEqualTo(2);

        // the inventory now shows the sale: the reservation ends, and the other 3 tickets can be sold
        String second = order(7002, item(702, "WB-1", 3, "60.00", true));
        pendingOrders(second);
        acceptAnswers(7002, json(200, withState(second, "accepted")));
        desk.poll();

        tevo().verify(exactly(1), acceptOf(7002, REVIEWER));
        assertThat(state.reservedFor(7001L)).isZero();
        assertThat(quantity("WB-1")).isZero();
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "TEvo refuses an accept (422) after the sale was written back",
            holds = "the write-back is undone and the reservation released; a person is told")
    void anAcceptTevoRefusesGivesTheTicketsBack() {
        String order = order(7011, item(711, "WB-2", 2, "60.00", true));
        pendingOrders(order);
        acceptAnswers(7011, json(422, "{\"error\":\"reviewer_id is invalid\"}"));
        show(7011, withState(order, "pending"));

        desk.poll();

        tevo().verify(exactly(1), acceptOf(7011));
        assertThat(quantity("WB-2")).isEqualTo(3);
        assertThat(state.reservedFor(7011L)).isZero();
        assertThat(emailsAbout(7011)).singleElement().satisfies(m -> assertThat(body(m)).contains("accept failed"));
    }

    @Test
    @Reliability(area = FaultArea.OTHER_FAULTS, value = "inventory refuses the write-back of a sale",
            holds = "reservation rolled back, nothing accepted; accepted once the inventory takes it")
    void aWriteBackTheInventoryRefusesRollsTheReservationBackAndNothingIsAccepted() {
        sql.execute("alter table inventory add constraint wb3_frozen check (ticket_id <> 'WB-3' or quantity = 4)");
        int alertsBefore = outageEmails().size();
        String order = order(7021, item(721, "WB-3", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(7021, json(200, withState(order, "accepted")));
        try {
            desk.poll();
            desk.poll();

            tevo().verify(exactly(0), acceptOf(7021));
            assertThat(state.status(7021L)).isNull();
            assertThat(state.reservedFor(7021L)).isZero();
            assertThat(state.decisions(7021L)).singleElement().satisfies(a -> assertThat(a.reasons()).isEqualTo("INVENTORY_UNAVAILABLE"));
            assertThat(emailsAbout(7021)).isEmpty();
            assertThat(outageEmails()).hasSize(alertsBefore + 1).last()
                    .satisfies(m -> assertThat(body(m)).contains("inventory.sql.on-accept").contains("wb3_frozen"));
        } finally {
            sql.execute("alter table inventory drop constraint wb3_frozen");
        }

        desk.poll();

        tevo().verify(exactly(1), acceptOf(7021, REVIEWER));
        assertThat(quantity("WB-3")).isEqualTo(3);
        assertThat(state.decisions(7021L)).extracting(io.tevoroutes.desk.state.DecisionAudit.AuditEntry::decision).containsExactly("HOLD", "ACCEPT");
    }

    @Test
    @Reliability(area = FaultArea.DATABASE_DOWN, value = "inventory database cannot answer (table gone) across polls",
            holds = "nothing accepted; one email per outage; accepted when it is back")
    void whileTheInventoryCannotAnswerNothingIsAcceptedAndAPersonIsToldOnce() {
        int alertsBefore = outageEmails().size();
        String order = order(7031, item(731, "OUT-1", 1, "60.00", true));
        pendingOrders(order);
        acceptAnswers(7031, json(200, withState(order, "accepted")));
        sql.execute("alter table inventory rename to inventory_offline");
        try {
            desk.poll();
            desk.poll();
            desk.poll();

            tevo().verify(exactly(0), acceptOf(7031));
            assertThat(emailsAbout(7031)).isEmpty();
            assertThat(outageEmails()).hasSize(alertsBefore + 1).last().satisfies(m -> assertThat(body(m))
                    .contains("Nothing is accepted while this lasts").contains("does not exist").contains("What to do"));
        } finally {
            sql.execute("alter table inventory_offline rename to inventory");
        }

        desk.poll();

        tevo().verify(exactly(1), acceptOf(7031, REVIEWER));
        assertThat(outageEmails()).hasSize(alertsBefore + 1);
    }

    private int quantity(String ticketId) {
        return sql.number("select quantity from inventory where ticket_id = '" + ticketId + "'").intValue();
    }

    private static List<MimeMessage> outageEmails() {
        return Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .filter(m -> Desk.subject(m).contains("the inventory cannot answer")).toList();
    }
}
