package io.tevoroutes.desk.console;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.inventory.InventoryRecord;
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

    @jakarta.inject.Inject
    org.apache.camel.ProducerTemplate producer;

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

    /**
     * A person's accept of the order just re-read (tevoOrder): the decision ACCEPT, recorded as theirs, each item with
     * its inventory row as the rules' lookup reads it now (a TicketID the inventory lacks counts 0 on hand: the person
     * found the tickets elsewhere; Reservations then records them beyond the inventory). Null when TEvo no longer shows
     * the order pending, or an item has no TicketID to reserve (consoleOutcome says which).
     */
    public OrderDecision accept(@ExchangeProperty("tevoOrder") TevoOrder order, @ExchangeProperty("consoleUser") String user, Exchange exchange) {
        if (order == null || order.stateKind() != TevoOrder.StateKind.PENDING) {
            exchange.setProperty("consoleOutcome", "not-pending");
            return null;
        }
        List<ItemVerdict> items = new java.util.ArrayList<>();
        for (TevoOrder.Item item : order.getItems()) {
            String ticketId = item.getRemoteId() == null ? null : item.getRemoteId().strip();
            if (ticketId == null || ticketId.isEmpty()) {
                exchange.setProperty("consoleOutcome", "no-ticket-id");
                return null;
            }
            InventoryRecord stock;
            try {
                stock = producer.requestBodyAndHeader("direct:inventory-lookup", null, "remoteId", ticketId, InventoryRecord.class);
            } catch (RuntimeException e) {
                stock = null;
            }
            if (stock == null || !stock.isUsable()) {
                stock = new InventoryRecord(ticketId, 0, item.price == null ? java.math.BigDecimal.ZERO : item.price, true);
            }
            items.add(new ItemVerdict(item, stock, List.of()));
        }
        OrderDecision d = new OrderDecision(order, items, List.of(), OrderDecision.Outcome.ACCEPT);
        d.setDecidedBy(user);
        exchange.setProperty("consoleOutcome", "accepting");
        return d;
    }

    @jakarta.inject.Inject
    io.tevoroutes.desk.state.RefusedFiles refusedFiles;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("io.tevoroutes.console");

    /**
     * "Try again" for a refused file: moves it from its local inbox's .error/ back into the inbox under the name it was
     * dropped with, never over a file (a file of that name waiting already: nothing is moved), and records who did it.
     * Sets consoleOutcome: moved, not-found, remote (an SFTP inbox: move it on the server), retried-already, gone (no
     * longer in .error/), name-taken, move-failed.
     */
    public void tryAgain(@org.apache.camel.Header("refusedId") String refusedId, @ExchangeProperty("consoleUser") String user,
            Exchange exchange) {
        exchange.setProperty("consoleOutcome", tryAgain(io.tevoroutes.desk.model.StrictId.parse(refusedId == null ? "" : refusedId), user));
    }

    private String tryAgain(Long id, String user) {
        Map<String, Object> r = id == null ? null : refusedFiles.find(id);
        if (r == null) {
            return "not-found";
        }
        if (!Boolean.TRUE.equals(r.get("local_dir"))) {
            return "remote";
        }
        if (r.get("retried_at") != null) {
            return "retried-already";
        }
        java.nio.file.Path moved = ConsoleViews.movedPath(r);
        if (moved == null || !java.nio.file.Files.isRegularFile(moved, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "gone";
        }
        String name = (String) r.get("file_name");
        if (!ConsoleViews.plainName(name)) {
            return "move-failed";
        }
        java.nio.file.Path target = moved.getParent().getParent().resolve(name);
        try {
            // no REPLACE_EXISTING: a file of that name waiting in the inbox is never overwritten
            java.nio.file.Files.move(moved, target);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return "name-taken";
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("console: %s could not move %s back into its inbox: %s", user, io.tevoroutes.desk.model.LogSafe.quote(name, 150),
                    e.getClass().getSimpleName());
            return "move-failed";
        }
        refusedFiles.retried(id, user);
        LOG.infof("console: %s moved %s back into inbox %s (refused earlier: %s)", user, io.tevoroutes.desk.model.LogSafe.quote(name, 150),
                r.get("inbox"), io.tevoroutes.desk.model.LogSafe.quote(r.get("reason"), 300));
        return "moved";
    }
}
