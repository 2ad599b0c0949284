package io.tevoroutes.desk.decision;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.ExchangeProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** One evaluation per order at a time: the poll and the webhook may bring the same order together. */
@ApplicationScoped
@Named("orderGate")
public class OrderGate {

    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    public boolean claim(@ExchangeProperty("tevoOrderId") Long orderId) {
        return orderId == null || inFlight.add(orderId);
    }

    public void release(@ExchangeProperty("tevoOrderId") Long orderId) {
        if (orderId != null) {
            inFlight.remove(orderId);
        }
    }

    public int inFlight() {
        return inFlight.size();
    }
}
