package io.tevoroutes.desk.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Body;

import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.model.TevoOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The orders held for a person (table held_order), as the console shows them: stored by routes/hold-order.camel.yaml
 * at every check of a held order (its first hold time kept), read by the console. An order leaves the queue when the
 * desk accepts or rejects it (desk_order), or when it is no longer checked (TEvo no longer lists it as pending).
 */
@ApplicationScoped
@Named("heldOrders")
public class HeldOrders {

    /** One held order, as stored at its last check. */
    public record Held(long orderId, Instant heldSince, Instant checkedAt, String reasons, String notes, String eventName,
            String eventAt, String buyer, String total, String orderJson) {
    }

    @Inject
    StateDatabase db;

    /** Stores (or refreshes) a held order: its reasons, what the email says of them, its event, buyer and total. */
    public void held(@Body OrderDecision decision) {
        if (decision == null || decision.getOrderId() == null || decision.isDryRun()
                || decision.outcomeKind() != OrderDecision.Outcome.HOLD) {
            return;
        }
        TevoOrder order = decision.getOrder();
        long id = decision.getOrderId();
        Instant now = Instant.now();
        String notes = notes(decision);
        TevoOrder.Event event = firstEvent(order);
        String buyer = order.buyer == null ? null : (order.buyer.type == null ? "" : order.buyer.type + " ") + order.buyer.id;
        // an order too large to keep whole (a 2 MB event name) is kept without its JSON: the page shows no items then
        String json = order.json == null ? null : order.json.toString();
        String kept = json == null || json.length() > MAX_JSON ? null : json;
        db.transaction("store held order " + id, c -> {
            int updated;
            try (var ps = c.prepareStatement("update held_order set checked_at = ?, reasons = ?, notes = ?, event_name = ?, event_at = ?,"
                    + " buyer = ?, total = ?, order_json = ? where order_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                bind(ps, 2, decision.getReasonCodes(), notes, event == null ? null : event.name, event == null ? null : event.occursAt,
                        buyer, order.total == null ? null : order.total.toPlainString(), kept);
                ps.setLong(9, id);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (var ps = c.prepareStatement("insert into held_order (checked_at, reasons, notes, event_name, event_at, buyer, total,"
                        + " order_json, order_id, held_since) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    bind(ps, 2, decision.getReasonCodes(), notes, event == null ? null : event.name,
                            event == null ? null : event.occursAt, buyer, order.total == null ? null : order.total.toPlainString(), kept);
                    ps.setLong(9, id);
                    ps.setTimestamp(10, Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * The queue: orders held, checked within {@code seenWithin} and not settled by the desk since, the soonest event
     * first (orders without an event date last), at most {@code limit}.
     */
    public List<Held> queue(Duration seenWithin, int limit) {
        return db.query("select h.order_id, h.held_since, h.checked_at, h.reasons, h.notes, h.event_name, h.event_at, h.buyer, h.total,"
                + " null from held_order h left join desk_order o on o.order_id = h.order_id"
                + " where h.checked_at >= ? and (o.status is null or o.status not in ('ACCEPTED', 'ACCEPTING', 'REJECTED', 'REJECTING'))"
                + " order by case when h.event_at is null then 1 else 0 end, h.event_at, h.held_since, h.order_id"
                + " fetch first " + Math.max(1, limit) + " rows only",
                ps -> ps.setTimestamp(1, Timestamp.from(Instant.now().minus(seenWithin))), HeldOrders::read);
    }

    private static final String WAITING = " from held_order h left join desk_order o on o.order_id = h.order_id"
            + " where h.checked_at >= ? and (o.status is null or o.status not in ('ACCEPTED', 'ACCEPTING', 'REJECTED', 'REJECTING'))";

    /** How many orders the queue holds (see {@link #queue}). */
    public int count(Duration seenWithin) {
        return db.query("select count(*)" + WAITING, ps -> ps.setTimestamp(1, Timestamp.from(Instant.now().minus(seenWithin))),
                rs -> rs.next() ? rs.getInt(1) : 0);
    }

    /** The queue's size and since when its oldest order is held (null when it is empty). */
    public Waiting waiting(Duration seenWithin) {
        return db.query("select count(*), min(h.held_since)" + WAITING, ps -> ps.setTimestamp(1, Timestamp.from(Instant.now().minus(seenWithin))),
                rs -> {
                    rs.next();
                    Timestamp oldest = rs.getTimestamp(2);
                    return new Waiting(rs.getInt(1), oldest == null ? null : oldest.toInstant());
                });
    }

    public record Waiting(int count, Instant oldest) {
    }

    /** The order as last held, with its JSON; null when the desk never held it. */
    public Held find(long orderId) {
        List<Held> found = db.query("select order_id, held_since, checked_at, reasons, notes, event_name, event_at, buyer, total, order_json"
                + " from held_order where order_id = ?", ps -> ps.setLong(1, orderId), HeldOrders::read);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Held> read(ResultSet rs) throws SQLException {
        List<Held> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new Held(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
        }
        return out;
    }

    /** The columns' sizes (V7__console.sql), in the order bind() takes them. */
    private static final int[] SIZES = { 4000, 4000, 500, 64, 500, 64, 1_000_000 };
    private static final int MAX_JSON = 1_000_000;

    /** reasons, notes, event name, event time, buyer, total, JSON: each cut to its column (TEvo's text may be any size). */
    private static void bind(java.sql.PreparedStatement ps, int from, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setString(from + i, values[i] == null ? null : cap(values[i], SIZES[i]));
        }
    }

    /** One line per broken rule: its label and detail, then what to do. */
    static String notes(OrderDecision decision) {
        Map<String, Problem> byCode = new LinkedHashMap<>();
        decision.problems().forEach(p -> byCode.putIfAbsent(p.code() + "|" + p.detail(), p));
        return byCode.values().stream().map(p -> p + (p.advice() == null || p.advice().isBlank() ? "" : " - " + p.advice()))
                .collect(Collectors.joining("\n"));
    }

    private static TevoOrder.Event firstEvent(TevoOrder order) {
        for (TevoOrder.Item item : order.getItems()) {
            if (item.ticketGroup != null && item.ticketGroup.event != null) {
                return item.ticketGroup.event;
            }
        }
        return null;
    }

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
