package io.tevoroutes.desk.state;


import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.OutageTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * While the desk's own database (the state store) cannot be reached, nothing is accepted, rejected or delivered: the
 * desk cannot record what it does, so it does nothing it could not account for. Orders stay pending in TEvo and are
 * decided again at the next poll, dropped PDFs wait in their inbox. The outage is logged once (not once per order or
 * timer), readiness is DOWN (the datasource's health check), and a person is emailed once per outage after
 * state.outage.alert-after. That email cannot be kept in the outbox (it lives in the database that is down): it is sent
 * directly, once, from memory.
 */
@ApplicationScoped
@Named("stateStoreOutage")
public class StateStoreOutage {

    private static final Logger LOG = Logger.getLogger(StateStoreOutage.class);

    @ConfigProperty(name = "state.outage.alert-after", defaultValue = "5m")
    String alertAfterText;

    /** state.outage.alert-after, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration alertAfter() {
        return io.tevoroutes.desk.config.Durations.parse("state.outage.alert-after", alertAfterText);
    }

    private final OutageTracker outage = new OutageTracker(this::alertAfter, LOG,
            "the desk's state store answers again after %s (%d failure(s) meanwhile)");

    /** The outage, if one is going on now (the console's Now page). */
    public java.util.Optional<OutageTracker> now() {
        return outage.isOn() ? java.util.Optional.of(outage) : java.util.Optional.empty();
    }

    /**
     * Something needed the state store and it did not answer (exchange property CamelExceptionCaught). Sets exchange
     * property stateStoreAlert, with the outage's email (template state-store-down), when a person should be told now.
     */
    public void failed(Exchange exchange) {
        if (outage.failed(describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))) {
            LOG.errorf("the desk's state store cannot be reached: %s. Nothing is accepted, rejected or delivered until it"
                    + " answers; orders stay pending in TEvo, dropped PDFs wait in their inbox", outage.problem());
        } else {
            LOG.debugf("state store still down (%d failure(s)): %s", outage.failures(), outage.problem());
        }
        if (outage.alertDue(exchange, "state-store-down")) {
            exchange.setProperty("stateStoreAlert", true);
        }
    }

    /** The state store answered: an outage, if any, is over. */
    public void answered() {
        outage.answered();
    }

    public boolean isDown() {
        return outage.isOn();
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !b.toString().contains(cause.getMessage())) {
            b.append(": ").append(cause.getMessage().lines().findFirst().orElse(""));
        }
        return b.toString();
    }
}
