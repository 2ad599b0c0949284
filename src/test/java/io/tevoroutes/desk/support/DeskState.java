package io.tevoroutes.desk.support;

import java.util.List;

import javax.sql.DataSource;

import io.tevoroutes.desk.state.DecisionAudit;
import io.tevoroutes.desk.state.OrderLedger;
import io.tevoroutes.desk.state.Reservations;
import io.tevoroutes.desk.state.StateDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What the tests read of the desk's state store: an order's status, its reserved tickets, its decisions, the database. */
@ApplicationScoped
public class DeskState {

    @Inject
    OrderLedger ledger;
    @Inject
    Reservations reservations;
    @Inject
    DecisionAudit audit;
    @Inject
    StateDatabase database;

    public String status(Long orderId) {
        return ledger.status(orderId);
    }

    public int reservedFor(Long orderId) {
        return reservations.reservedFor(orderId);
    }

    public List<DecisionAudit.AuditEntry> decisions(Long orderId) {
        return audit.decisions(orderId);
    }

    public DataSource dataSource() {
        return database.dataSource();
    }
}
