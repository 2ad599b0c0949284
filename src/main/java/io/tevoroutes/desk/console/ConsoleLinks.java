package io.tevoroutes.desk.console;

import java.util.Optional;

import org.apache.camel.Body;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tevoroutes.desk.decision.OrderDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Links into the console for the emails: only with the console on and console.base-url set (how people reach it). */
@ApplicationScoped
@Named("consoleLinks")
public class ConsoleLinks {

    @ConfigProperty(name = "console.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "console.base-url")
    Optional<String> baseUrl;

    /** Outside the desk (a route test). */
    public static ConsoleLinks of(boolean enabled, String baseUrl) {
        ConsoleLinks links = new ConsoleLinks();
        links.enabled = enabled;
        links.baseUrl = Optional.ofNullable(baseUrl);
        return links;
    }

    /** The order's page in the console, or null (no link). */
    public String orderUrl(@Body OrderDecision decision) {
        return decision == null ? null : pageOf(decision.getOrderId());
    }

    /** The page of a rejected purchase order (its substitution and candidates), or null (no link). */
    public String purchaseUrl(@org.apache.camel.ExchangeProperty("substitutionOrderId") Long orderId) {
        return pageOf(orderId);
    }

    private String pageOf(Long orderId) {
        String base = baseUrl.map(String::strip).filter(u -> u.startsWith("https://") || u.startsWith("http://")).orElse(null);
        if (!enabled || base == null || orderId == null) {
            return null;
        }
        return base.replaceAll("/+$", "") + "/console/orders/" + orderId;
    }
}
