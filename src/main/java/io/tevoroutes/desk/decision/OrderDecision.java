package io.tevoroutes.desk.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The person who took this decision in the console; null: the desk itself. */
    private String decidedBy;
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

    public String getDecidedBy() {
        return decidedBy;
    }

    public void setDecidedBy(String decidedBy) {
        this.decidedBy = decidedBy;
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

    /**
     * What the email about this decision says, as data for the templates order-held and order-rejected (emails/): the
     * words are the templates'. Every value from outside is escaped and capped (LogSafe). emails/README.md lists the keys.
     */
    public Map<String, Object> getEmail() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("orderName", name());
        v.put("orderId", order.id);
        v.put("oid", order.oid == null ? null : LogSafe.quote(order.oid, 60));
        v.put("outcome", outcome.name());
        v.put("dryRun", dryRun);
        v.put("event", order.eventSummary());
        v.put("buyer", order.buyer == null ? null : LogSafe.quote(order.buyer.type, 40) + " " + order.buyer.id);
        v.put("createdAt", order.createdAt == null ? null : LogSafe.quote(order.createdAt, 60));
        v.put("asSent", order.id == null ? order.rawExcerpt : null);
        v.put("reasons", problems().stream().map(Problem::label).distinct().collect(Collectors.joining(", ")));
        v.put("orderProblems", orderProblems.stream().map(OrderDecision::problem).toList());
        v.put("items", items.stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            TevoOrder.TicketGroup tg = i.item().ticketGroup;
            item.put("id", i.item().id);
            item.put("ticketId", LogSafe.text(i.item().getRemoteId()));
            item.put("section", tg == null ? null : LogSafe.text(tg.section));
            item.put("row", tg == null ? null : LogSafe.text(tg.row));
            item.put("quantity", i.item().quantityOrZero());
            item.put("price", i.item().price);
            item.put("fillable", i.fillable());
            item.put("problems", i.problems().stream().map(OrderDecision::problem).toList());
            return item;
        }).toList());
        Map<String, Problem> byCode = new LinkedHashMap<>();
        problems().forEach(p -> byCode.putIfAbsent(p.code(), p));
        v.put("advice", byCode.values().stream().filter(p -> p.advice() != null && !p.advice().isBlank())
                .map(p -> Map.<String, Object>of("label", p.label(), "text", p.advice())).toList());
        return v;
    }

    private static Map<String, Object> problem(Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", p.code());
        m.put("label", p.label());
        m.put("detail", p.detail());
        return m;
    }
}
