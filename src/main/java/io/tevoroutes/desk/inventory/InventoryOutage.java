package io.tevoroutes.desk.inventory;


import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.OutageTracker;
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
    String alertAfterText;

    /** inventory.outage.alert-after, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration alertAfter() {
        return io.tevoroutes.desk.config.Durations.parse("inventory.outage.alert-after", alertAfterText);
    }

    final OutageTracker outage = new OutageTracker(this::alertAfter, LOG, "the inventory answers again after %s (%d order evaluation(s) were held)");

    /** The outage, if one is going on now (the console's Now page). */
    public java.util.Optional<OutageTracker> now() {
        return outage.isOn() ? java.util.Optional.of(outage) : java.util.Optional.empty();
    }

    /**
     * An order could not be decided because the inventory did not answer. Sets exchange property inventoryAlert (with
     * notifyKey and the outage's email, template inventory-down) when a person should be told now: once per outage,
     * after it lasted alertAfter.
     */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (outage.failed(e == null ? "unknown" : e.getMessage())) {
            LOG.warnf("the inventory cannot answer: %s. Orders stay pending and are decided again at every poll", outage.problem());
        }
        if (outage.alertDue(exchange, "inventory-down")) {
            exchange.setProperty("inventoryAlert", true);
            exchange.setProperty("notifyKey", "inventory-outage|" + outage.since().toEpochMilli());
        }
    }

    /** The inventory answered: an outage, if any, is over. */
    public void answered() {
        outage.answered();
    }

    public boolean isDown() {
        return outage.isOn();
    }

    /**
     * Readiness: DOWN while the desk has no inventory to decide on (the CSV export never loaded: no file, or never a
     * readable one), or while the inventory has not answered for inventory.outage.alert-after. Webhooks then go to a desk
     * that can decide, and the platform shows why.
     */
    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class Health implements org.eclipse.microprofile.health.HealthCheck {

        @jakarta.inject.Inject
        InventoryOutage outage;
        @jakarta.inject.Inject
        CsvInventory csv;
        @ConfigProperty(name = "inventory.source", defaultValue = "csv")
        String source;

        @Override
        public org.eclipse.microprofile.health.HealthCheckResponse call() {
            var response = org.eclipse.microprofile.health.HealthCheckResponse.named("inventory").withData("source", source);
            boolean down = false;
            if ("csv".equals(source) && !csv.loaded()) {
                down = true;
                CsvInventory.LoadReport report = csv.lastReport();
                response.withData("problem", "the inventory file has never been loaded"
                        + (report == null || report.problem() == null ? "" : ": " + report.problem()));
            }
            if (outage.outage.lasting()) {
                down = true;
                response.withData("failingSince", String.valueOf(outage.outage.since())).withData("failing", outage.outage.problem());
            }
            return response.status(!down).build();
        }
    }
}
