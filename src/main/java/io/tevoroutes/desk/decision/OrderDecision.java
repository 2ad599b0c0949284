package io.tevoroutes.desk.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.TevoOrder;

/** One all-or-nothing decision for one order, with everything a person needs to act on it. */
@RegisterForReflection
public class OrderDecision {

    public enum Outcome {
        /** Every item is fillable: accept it. */
        ACCEPT,
        /** Leave it pending and ask a person. */
        HOLD,
        /** The broker's policy says reject. */
        REJECT,
        /** Not ours to decide (not pending, not a sale). */
        IGNORE
    }

    private final TevoOrder order;
    private final List<ItemVerdict> items;
    private final List<Problem> orderProblems;
    private Outcome outcome;
    private boolean dryRun;
    private final Instant decidedAt = Instant.now();

    public OrderDecision(TevoOrder order, List<ItemVerdict> items, List<Problem> orderProblems, Outcome outcome) {
        this.order = order;
        this.items = List.copyOf(items);
        this.orderProblems = new ArrayList<>(orderProblems);
        this.outcome = outcome;
    }

    public Long getOrderId() {
        return order.id;
    }

    public TevoOrder getOrder() {
        return order;
    }

    public String getOutcome() {
        return outcome.name();
    }

    public Outcome outcomeKind() {
        return outcome;
    }

    public List<ItemVerdict> items() {
        return items;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    /** Turn this decision into a hold, for a reason found after the items were checked (a competing order, an API error). */
    public OrderDecision hold(Problem problem) {
        this.orderProblems.add(problem);
        this.outcome = Outcome.HOLD;
        return this;
    }

    public List<Problem> problems() {
        return Stream.concat(orderProblems.stream(), items.stream().flatMap(i -> i.problems().stream())).toList();
    }

    /** The reason sent to TEvo's reject endpoint: the one of the first problem. */
    public String getRejectReason() {
        return problems().stream().findFirst().map(Problem::rejectReason).orElse("Other");
    }

    public String getRejectionNotes() {
        return problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /**
     * Identifies "this order, for this set of reasons": a person is emailed once per key, across polls and restarts.
     * Only the reason codes count (not where they were found, nor their details), so a re-check that finds the same
     * problems again never emails again; a new reason makes a new key and so a new email.
     */
    public String getNotificationKey() {
        return (order.id != null ? order.id : "no-id-" + order.rawDigest) + "|" + outcome + "|" + getReasonCodes();
    }

    /** "TEvo order 42", or for an order without a readable id, what identifies it. */
    private String name() {
        return order.id != null ? "TEvo order " + order.id : "TEvo order without an id (" + order.rawDigest + ")";
    }

    /** Reason codes, sorted: what the audit stores. */
    public String getReasonCodes() {
        return problems().stream().map(Problem::code).distinct().sorted().collect(Collectors.joining(","));
    }

    /** The one log line per decision. */
    public String getLogLine() {
        return "order " + order.id + " decision=" + outcome + (dryRun ? " (dry run)" : "") + " items=" + items.size()
                + (problems().isEmpty() ? "" : " reasons=[" + getRejectionNotes() + "]");
    }

    public String getSubject() {
        String what = switch (outcome) {
            case REJECT -> "rejected automatically";
            case HOLD -> "needs a person";
            default -> outcome.name().toLowerCase(java.util.Locale.ROOT);
        };
        return name() + " " + what + ": "
                + problems().stream().map(Problem::label).distinct().collect(Collectors.joining(", "));
    }

    /** Plain text for a person: the order, each item with its reason, and what to do. No credentials, ever. */
    public String getEmailText() {
        StringBuilder b = new StringBuilder();
        b.append(name());
        if (order.oid != null) {
            b.append(" (").append(LogSafe.quote(order.oid, 60)).append(')');
        }
        b.append(outcome == Outcome.REJECT ? " was rejected by the order desk." : " is still pending and needs a person.")
                .append("\n\n");
        if (dryRun) {
            b.append("DRY RUN: the desk did not write anything to TEvo.\n\n");
        }
        b.append("Event: ").append(order.eventSummary()).append('\n');
        if (order.buyer != null) {
            b.append("Buyer: ").append(LogSafe.quote(order.buyer.type, 40)).append(' ').append(order.buyer.id).append('\n');
        }
        if (order.createdAt != null) {
            b.append("Created: ").append(LogSafe.quote(order.createdAt, 60)).append('\n');
        }
        if (order.id == null && order.rawExcerpt != null) {
            b.append("As TEvo sent it: ").append(order.rawExcerpt).append('\n');
        }
        b.append('\n');
        if (!orderProblems.isEmpty()) {
            b.append("Order:\n");
            orderProblems.forEach(p -> b.append("  - ").append(p).append('\n'));
        }
        if (!items.isEmpty()) {
            b.append("Items:\n");
            items.forEach(i -> b.append("  - ").append(i.describe()).append('\n'));
        }
        b.append("\nWhat to do:\n");
        java.util.Map<String, Problem> byCode = new java.util.LinkedHashMap<>();
        problems().forEach(p -> byCode.putIfAbsent(p.code(), p));
        byCode.values().stream().filter(p -> p.advice() != null && !p.advice().isBlank())
                .forEach(p -> b.append("  - ").append(p.label()).append(": ").append(p.advice()).append('\n'));
        if (outcome == Outcome.HOLD) {
            b.append("\nThe desk will not accept this order by itself while these reasons hold; it re-checks it at every poll"
                    + " and accepts it if they clear. You get one email per order and set of reasons.\n");
        }
        return b.toString();
    }
}
