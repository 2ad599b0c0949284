package io.tevoroutes.desk.console;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.rules.RuleCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The decisions people take in the console, made into the desk's own decision objects so that they go through the
 * same routes as the desk's (routes/accept-order.camel.yaml: the ledger first, the signed call, the audit, the email).
 */
@ApplicationScoped
@Named("consoleActions")
public class ConsoleActions {

    /** The reject reasons a person may choose (TEvo's reject endpoint takes exactly these), in the form's order. */
    public static final List<String> REJECT_REASONS = List.of("Tickets No Longer Available", "Tickets Priced Incorrectly",
            "Duplicate Order", "Fraudulent Order", "Test Order", "Other");

    static {
        if (!RuleCheck.TEVO_REJECT_REASONS.containsAll(REJECT_REASONS)) {
            throw new IllegalStateException("the console's reject reasons are not TEvo's");
        }
    }

    /**
     * The form's reject reason: sets consoleRejectReason and consoleActionDetail, or consoleAllowed false with
     * consoleProblem when it is not one of TEvo's.
     */
    public void rejectReason(@ExchangeProperty("consoleForm") Map<String, String> form, Exchange exchange) {
        String reason = form == null ? null : form.get("reason");
        if (reason == null || !REJECT_REASONS.contains(reason)) {
            exchange.setProperty("consoleAllowed", false);
            exchange.setProperty("consoleProblem", "choose one of TEvo's reject reasons");
            return;
        }
        exchange.setProperty("consoleRejectReason", reason);
        exchange.setProperty("consoleActionDetail", "reject reason: " + reason);
    }

    /**
     * A person's reject of the order just re-read (tevoOrder): the decision REJECT with their reason, recorded as
     * theirs; null (nothing to do) when TEvo no longer shows the order pending. Sets consoleOutcome (rejecting, or
     * not-pending with the state TEvo shows).
     */
    public OrderDecision reject(@ExchangeProperty("tevoOrder") TevoOrder order, @ExchangeProperty("consoleUser") String user,
            @ExchangeProperty("consoleRejectReason") String reason, Exchange exchange) {
        if (order == null || order.stateKind() != TevoOrder.StateKind.PENDING) {
            exchange.setProperty("consoleOutcome", "not-pending");
            return null;
        }
        OrderDecision d = new OrderDecision(order, List.of(),
                List.of(new Problem("REJECTED_IN_CONSOLE", "rejected in the console by " + user, reason, null, "reject", reason)),
                OrderDecision.Outcome.REJECT);
        d.setDecidedBy(user);
        exchange.setProperty("consoleOutcome", "rejecting");
        return d;
    }

    /** The TEvo reject reasons, for the order page's form. */
    public List<String> rejectReasons() {
        return REJECT_REASONS;
    }
}
