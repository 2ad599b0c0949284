package io.tevoroutes.desk.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tevoroutes.desk.api.TevoReachability;
import io.tevoroutes.desk.config.OutageTracker;
import io.tevoroutes.desk.eticket.InboxPollStrategy;
import io.tevoroutes.desk.inventory.InventoryOutage;
import io.tevoroutes.desk.state.MailOutbox;
import io.tevoroutes.desk.state.StateStoreOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every outage the desk has now, one list for the console's Now page and the metric {@code tevo_outage{neighbour}}:
 * TEvo (unreachable, refusing the credentials, answering what cannot be read), the inventory, the state store, each
 * e-ticket inbox, the mail server (emails kept in the outbox).
 */
@ApplicationScoped
public class Outages {

    /** The neighbours, as the metric names them. */
    public static final List<String> NEIGHBOURS = List.of("tevo", "inventory", "state-store", "mail", "eticket-inbox");

    /** One outage: which neighbour, what a person reads, since when, the last problem (null when unknown). */
    public record Outage(String neighbour, String what, Instant since, String problem) {
    }

    @Inject
    TevoReachability tevo;
    @Inject
    InventoryOutage inventory;
    @Inject
    StateStoreOutage stateStore;
    @Inject
    InboxPollStrategy inboxes;
    @Inject
    MailOutbox outbox;

    public List<Outage> now() {
        List<Outage> now = new ArrayList<>();
        tevo.outagesNow().forEach((what, o) -> now.add(of("tevo", what, o)));
        inventory.now().ifPresent(o -> now.add(of("inventory", "The inventory cannot be read", o)));
        stateStore.now().ifPresent(o -> now.add(of("state-store", "The desk's state store does not answer", o)));
        inboxes.outagesNow().forEach((where, o) -> now.add(of("eticket-inbox", "Inbox " + where + " cannot be read", o)));
        try {
            outbox.failing().ifPresent(f -> now.add(new Outage("mail",
                    "The mail server does not take the desk's emails (" + f.count() + " kept in the outbox)", f.since(), f.lastError())));
        } catch (RuntimeException e) {
            // the outbox is in the state store, whose outage is in the list already: the mail server's state is unknown
        }
        return now;
    }

    private static Outage of(String neighbour, String what, OutageTracker o) {
        return new Outage(neighbour, what, o.since(), o.problem());
    }
}
