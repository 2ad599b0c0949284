package io.tevoroutes.desk.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * While the inventory cannot answer, orders are held quietly (nothing is accepted; each is decided again at the next
 * poll) instead of one email per order. A person is told once per outage, when it has lasted
 * inventory.outage.alert-after, and the log says when it ends.
 */
@ApplicationScoped
@Named("inventoryOutage")
public class InventoryOutage {

    private static final Logger LOG = Logger.getLogger(InventoryOutage.class);

    @ConfigProperty(name = "inventory.outage.alert-after", defaultValue = "5m")
    Duration alertAfter;

    Clock clock = Clock.systemUTC();

    private Instant since;
    private boolean alerted;
    private String problem;
    private int heldOrders;

    /**
     * An order could not be decided because the inventory did not answer. Sets exchange property inventoryAlert (with
     * notifyKey, notifySubject and the body) when a person should be told now: once per outage, after it lasted
     * alertAfter.
     */
    public synchronized void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        problem = e == null ? "unknown" : e.getMessage();
        Instant now = clock.instant();
        if (since == null) {
            since = now;
            heldOrders = 0;
            LOG.warnf("the inventory cannot answer: %s. Orders stay pending and are decided again at every poll", problem);
        }
        heldOrders++;
        if (alerted || Duration.between(since, now).compareTo(alertAfter) < 0) {
            return;
        }
        alerted = true;
        exchange.setProperty("inventoryAlert", true);
        exchange.setProperty("notifyKey", "inventory-outage|" + since.toEpochMilli());
        exchange.setProperty("notifySubject", "tevo-routes: the inventory cannot answer, orders are waiting");
        exchange.getMessage().setBody("Since " + since + " the order desk cannot read the inventory:\n\n    " + problem
                + "\n\nNothing is accepted while this lasts (" + heldOrders + " order evaluation(s) held so far). Every pending"
                + " order stays pending in TEvo and is decided again at the next poll, so no action is needed on the orders"
                + " themselves.\n\nWhat to do: check that the inventory database (inventory.sql.url) or file"
                + " (inventory.csv.path) is reachable and readable. If it cannot be fixed soon, accept or reject urgent"
                + " orders in TEvo by hand.\n\nThis email is sent once per outage; the log says when it ends.");
    }

    /** The inventory answered: an outage, if any, is over. */
    public void answered() {
        if (since == null) {
            return;
        }
        synchronized (this) {
            if (since != null) {
                LOG.infof("the inventory answers again after %s (%d order evaluation(s) were held)",
                        Duration.between(since, clock.instant()).withNanos(0), heldOrders);
                since = null;
                alerted = false;
            }
        }
    }

    public synchronized boolean isDown() {
        return since != null;
    }
}
