package io.tevoroutes.desk.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import io.tevoroutes.desk.decision.OrderDecision.Outcome;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The broker's decision rules. TEvo: "do not accept the order if you cannot supply every ticket group". An item is
 * fillable when its remote_id is a known TicketID, its quantity fits what is left after the desk's own reservations,
 * its price is at least the inventory price, and it has e-tickets when TEvo expects them.
 */
@ApplicationScoped
@Named("decisionPolicy")
public class DecisionPolicy {

    private static final Logger LOG = Logger.getLogger(DecisionPolicy.class);

    @Inject
    DeskConfig config;

    @Inject
    StateStore state;

    /** The verdict for one item, given what the inventory said (null: unknown TicketID). */
    public ItemVerdict checkItem(@ExchangeProperty("tevoItem") TevoOrder.Item item, @Body InventoryRecord stock) {
        List<Problem> problems = new ArrayList<>();
        String remoteId = item.getRemoteId();
        // as a person reads it in the email, the audit and the log: control characters escaped, length capped
        String ticketId = io.tevoroutes.desk.model.LogSafe.text(remoteId);
        int sold = item.quantityOrZero();
        if (remoteId == null) {
            problems.add(new Problem(Reason.UNKNOWN_TICKET, "the item has no ticket_group.remote_id"));
        } else if (stock == null) {
            problems.add(new Problem(Reason.UNKNOWN_TICKET, "TicketID " + ticketId + " is not in the inventory"));
        } else if (!stock.isUsable()) {
            problems.add(new Problem(Reason.INVENTORY_ROW, "TicketID " + ticketId + ": " + stock.problem()));
            stock = null; // nothing below is decided on a row that cannot be used
        }
        if (sold <= 0) {
            problems.add(new Problem(Reason.MALFORMED, "quantity " + item.quantity + " is not a positive number"));
        }
        if (stock != null && sold > 0) {
            int reserved = state.reservedQuantity(remoteId, stock.quantity());
            int available = Math.max(0, stock.quantity() - reserved);
            if (sold > available) {
                problems.add(new Problem(Reason.SHORT, "TicketID " + ticketId + " short by " + (sold - available) + ": " + sold + " sold, "
                        + available + " available (" + stock.quantity() + " in inventory, " + reserved
                        + " reserved by orders the desk accepted)"));
            }
            if (stock.price() != null && (item.price == null || item.price.compareTo(stock.price()) < 0)) {
                problems.add(new Problem(Reason.PRICE_BELOW_FLOOR, "TicketID " + ticketId + (item.price == null ? ": the item has no price"
                        : " sold at " + item.price + " per ticket") + ", inventory price " + stock.price()));
            }
            if (item.needsEtickets() && !stock.eticket()) {
                problems.add(new Problem(Reason.NO_ETICKETS, "TicketID " + ticketId + ": TEvo expects e-tickets, the inventory has none"));
            }
        }
        return new ItemVerdict(item, stock, problems);
    }

    /** The all-or-nothing decision, once every item has a verdict. */
    public OrderDecision decide(@ExchangeProperty("tevoOrder") TevoOrder order, @Body Object verdicts) {
        List<ItemVerdict> items = new ArrayList<>();
        if (verdicts instanceof List<?> list) {
            list.stream().filter(ItemVerdict.class::isInstance).map(ItemVerdict.class::cast).forEach(items::add);
        }
        List<Problem> orderProblems = new ArrayList<>();
        if (order.parseError != null) {
            orderProblems.add(new Problem(Reason.MALFORMED, order.parseError));
            return decided(order, List.of(), orderProblems, Outcome.HOLD);
        }
        if (order.type != null && !"Order".equals(order.type)) {
            LOG.infof("order %s is a %s, not a sale: the desk never accepts it", order.id, order.type);
            return decided(order, items, orderProblems, Outcome.IGNORE);
        }
        TevoOrder.StateKind kind = order.stateKind();
        if (kind == TevoOrder.StateKind.UNKNOWN) {
            // never decided as if it were pending: a person looks
            orderProblems.add(new Problem(Reason.MALFORMED, order.state == null || order.state.isBlank() ? "the order has no state"
                    : "the order's state is '" + order.state + "', not one the desk acts on"));
            return decided(order, List.of(), orderProblems, Outcome.HOLD);
        }
        if (kind != TevoOrder.StateKind.PENDING) {
            LOG.debugf("order %s is %s, not pending: nothing to decide", order.id, order.state);
            return decided(order, items, orderProblems, Outcome.IGNORE);
        }
        if (order.getItems().isEmpty()) {
            orderProblems.add(new Problem(Reason.NO_ITEMS, null));
        }
        if (order.isSpeculative() && "hold".equals(mode(config.rules().speculative()))) {
            orderProblems.add(new Problem(Reason.SPECULATIVE, "spec=true"));
        }
        if (order.buyer != null && "Client".equals(order.buyer.type) && !"approved".equals(order.fraudCheckStatus)
                && "hold".equals(mode(config.rules().clientFraudCheck()))) {
            orderProblems.add(new Problem(Reason.FRAUD_NOT_APPROVED,
                    "fraud_check_status is " + (order.fraudCheckStatus == null ? "not set" : order.fraudCheckStatus)));
        }
        List<Problem> all = new ArrayList<>(orderProblems);
        items.forEach(i -> all.addAll(i.problems()));
        if (all.isEmpty()) {
            return decided(order, items, orderProblems, Outcome.ACCEPT);
        }
        boolean reject = orderProblems.isEmpty() && all.stream().allMatch(p -> "reject".equals(policyFor(p.reason())));
        return decided(order, items, orderProblems, reject ? Outcome.REJECT : Outcome.HOLD);
    }

    /** The decision when evaluating failed with an exception: hold, and try again at the next poll. */
    public OrderDecision failed(@ExchangeProperty("tevoOrder") TevoOrder order, Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String detail = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return decided(order, List.of(), List.of(new Problem(Reason.EVALUATION_ERROR, detail)), Outcome.HOLD);
    }

    /** The inventory could not answer (or take the write-back): hold, nothing accepted, decided again at the next poll. */
    public OrderDecision inventoryUnavailable(@ExchangeProperty("tevoOrder") TevoOrder order, Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return decided(order, List.of(), List.of(new Problem(Reason.INVENTORY_UNAVAILABLE, e == null ? "unknown" : e.getMessage())),
                Outcome.HOLD);
    }

    /** A write (accept or reject) failed and the order is still pending, or its state is unknown: hold it. */
    public OrderDecision writeFailed(@ExchangeProperty("tevoDecision") OrderDecision decision,
            @ExchangeProperty("tevoAction") String action, @ExchangeProperty("tevoActionError") String error,
            @ExchangeProperty("tevoRealState") String realKind, @ExchangeProperty("tevoRealStateText") String realState) {
        Reason reason = "reject".equals(action) ? Reason.REJECT_FAILED
                : "unknown".equals(realKind) ? Reason.ACCEPT_UNCONFIRMED : Reason.ACCEPT_FAILED;
        return decision.hold(new Problem(reason, error + " (order state: " + realState + ")"));
    }

    private OrderDecision decided(TevoOrder order, List<ItemVerdict> items, List<Problem> problems, Outcome outcome) {
        OrderDecision decision = new OrderDecision(order, items, problems, outcome);
        decision.setDryRun(config.dryRun());
        return decision;
    }

    private String policyFor(Reason reason) {
        return switch (reason) {
            case UNKNOWN_TICKET -> mode(config.policy().unknownTicket());
            case SHORT -> mode(config.policy().shortQuantity());
            case PRICE_BELOW_FLOOR -> mode(config.policy().priceBelowFloor());
            case NO_ETICKETS -> mode(config.policy().noEtickets());
            default -> "hold";
        };
    }

    private static String mode(String value) {
        return value == null ? "hold" : value.trim().toLowerCase(Locale.ROOT);
    }
}
