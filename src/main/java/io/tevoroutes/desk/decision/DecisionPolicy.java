package io.tevoroutes.desk.decision;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import io.tevoroutes.desk.decision.OrderDecision.Outcome;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The all-or-nothing decision, around the broker's rules (routes/decision-rules.camel.yaml): the checks the desk always
 * makes on an order and its items before any rule is asked (an order or item it cannot read, an inventory row it cannot
 * use), and the one decision once every rule has had its say. TEvo: "do not accept the order if you cannot supply every
 * ticket group". No rule can make the desk accept an order that is not pending, that it could not read, or whose items
 * it could not all judge.
 */
@ApplicationScoped
@Named("decisionPolicy")
public class DecisionPolicy {

    private static final Logger LOG = Logger.getLogger(DecisionPolicy.class);

    /** Exchange properties: what is wrong with the current item, and whether the item rules may judge it. */
    public static final String ITEM_FINDINGS = "tevoItemFindings";
    public static final String ITEM_READABLE = "tevoItemReadable";
    /** Exchange property: the order rules the order breaks. */
    public static final String ORDER_FINDINGS = "tevoOrderFindings";

    @Inject
    DeskConfig config;

    /**
     * The checks made on every item before the rules: a TicketID, a positive quantity, a price, an inventory row the desk
     * can use (or none). Sets {@value #ITEM_FINDINGS} (a new list, with what failed) and {@value #ITEM_READABLE}.
     */
    public void readItem(@ExchangeProperty("tevoItem") TevoOrder.Item item, @Body InventoryRecord stock, Exchange exchange) {
        List<Problem> problems = new ArrayList<>();
        String remoteId = item.getRemoteId();
        // as a person reads it in the email, the audit and the log: control characters escaped, length capped
        String ticketId = LogSafe.text(remoteId);
        if (remoteId == null) {
            problems.add(Problem.of(Reason.NO_TICKET_ID, "item " + item.id + " has no ticket_group.remote_id"));
        } else if (stock != null && !stock.isUsable()) {
            problems.add(Problem.of(Reason.INVENTORY_ROW, "TicketID " + ticketId + ": " + stock.problem()));
        }
        if (item.quantityOrZero() <= 0) {
            problems.add(Problem.of(Reason.MALFORMED, "quantity " + item.quantity + " is not a positive number"));
        }
        if (item.price == null || item.price.signum() < 0) {
            problems.add(Problem.of(Reason.MALFORMED, item.price == null ? "the item has no price" : "price " + item.price + " is negative"));
        }
        exchange.setProperty(ITEM_FINDINGS, problems);
        exchange.setProperty(ITEM_READABLE, problems.isEmpty());
    }

    /** The item's verdict, from the checks above and the item rules it breaks. */
    public ItemVerdict itemVerdict(@ExchangeProperty("tevoItem") TevoOrder.Item item, @Body InventoryRecord stock,
            @ExchangeProperty(ITEM_FINDINGS) List<Problem> findings) {
        return new ItemVerdict(item, stock != null && stock.isUsable() ? stock : null, findings == null ? List.of() : List.copyOf(findings));
    }

    /** The all-or-nothing decision, once every item has a verdict. */
    public OrderDecision decide(@ExchangeProperty("tevoOrder") TevoOrder order, @ExchangeProperty(ORDER_FINDINGS) List<Problem> ruled,
            @Body Object verdicts) {
        List<ItemVerdict> items = new ArrayList<>();
        if (verdicts instanceof List<?> list) {
            list.stream().filter(ItemVerdict.class::isInstance).map(ItemVerdict.class::cast).forEach(items::add);
        }
        List<Problem> orderProblems = new ArrayList<>();
        if (order.parseError != null) {
            orderProblems.add(Problem.of(Reason.MALFORMED, order.parseError));
            return decided(order, List.of(), orderProblems, Outcome.HOLD);
        }
        List<Problem> byRules = ruled == null ? List.of() : ruled;
        List<Problem> all = new ArrayList<>(byRules);
        items.forEach(i -> all.addAll(i.problems()));
        Problem ignored = all.stream().filter(p -> "ignore".equals(p.policy())).findFirst().orElse(null);
        if (ignored != null) {
            LOG.infof("order %s is left to TEvo, the desk never accepts it: %s", order.id, ignored);
            return decided(order, items, List.of(), Outcome.IGNORE);
        }
        TevoOrder.StateKind kind = order.stateKind();
        if (kind == TevoOrder.StateKind.UNKNOWN) {
            // never decided as if it were pending: a person looks
            orderProblems.add(Problem.of(Reason.MALFORMED, order.state == null || order.state.isBlank() ? "the order has no state"
                    : "the order's state is '" + order.state + "', not one the desk acts on"));
            return decided(order, List.of(), orderProblems, Outcome.HOLD);
        }
        if (kind != TevoOrder.StateKind.PENDING) {
            LOG.debugf("order %s is %s, not pending: nothing to decide", order.id, order.state);
            return decided(order, items, List.of(), Outcome.IGNORE);
        }
        if (order.getItems().isEmpty()) {
            orderProblems.add(Problem.of(Reason.NO_ITEMS, null));
            all.addAll(orderProblems);
        }
        orderProblems.addAll(byRules);
        if (all.isEmpty()) {
            return decided(order, items, orderProblems, Outcome.ACCEPT);
        }
        boolean reject = all.stream().allMatch(p -> "reject".equals(p.policy()));
        return decided(order, items, orderProblems, reject ? Outcome.REJECT : Outcome.HOLD);
    }

    /** The decision when evaluating failed with an exception: hold, and try again at the next poll. */
    public OrderDecision failed(@ExchangeProperty("tevoOrder") TevoOrder order, Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String detail = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return decided(order, List.of(), List.of(Problem.of(Reason.EVALUATION_ERROR, detail)), Outcome.HOLD);
    }

    /** The inventory could not answer (or take the write-back): hold, nothing accepted, decided again at the next poll. */
    public OrderDecision inventoryUnavailable(@ExchangeProperty("tevoOrder") TevoOrder order, Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return decided(order, List.of(), List.of(Problem.of(Reason.INVENTORY_UNAVAILABLE, e == null ? "unknown" : e.getMessage())),
                Outcome.HOLD);
    }

    /** A write (accept or reject) failed and the order is still pending, or its state is unknown: hold it. */
    public OrderDecision writeFailed(@ExchangeProperty("tevoDecision") OrderDecision decision,
            @ExchangeProperty("tevoAction") String action, @ExchangeProperty("tevoActionError") String error,
            @ExchangeProperty("tevoRealState") String realKind, @ExchangeProperty("tevoRealStateText") String realState) {
        Reason reason = "reject".equals(action) ? Reason.REJECT_FAILED
                : "unknown".equals(realKind) ? Reason.ACCEPT_UNCONFIRMED : Reason.ACCEPT_FAILED;
        return decision.hold(Problem.of(reason, error + " (order state: " + realState + ")"));
    }

    private OrderDecision decided(TevoOrder order, List<ItemVerdict> items, List<Problem> problems, Outcome outcome) {
        OrderDecision decision = new OrderDecision(order, items, problems, outcome);
        decision.setDryRun(config.dryRun());
        return decision;
    }
}
