package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.model.EventTimes;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * E-tickets owed (table owed_eticket): the e-ticket items of the orders the desk accepted, recorded in the accept's own
 * transaction ({@link OrderLedger#markAccepted}). An item is owed while its order is ACCEPTED in desk_order, the desk has
 * not delivered it (eticket_delivery) and it is not settled: TEvo shows its e-tickets (a person uploaded them in TEvo's
 * site), or the order completed or ended there (routes/etickets-owed.camel.yaml re-reads such orders now and then).
 */
@ApplicationScoped
@Named("owedEtickets")
public class OwedEtickets {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");

    /** What "owed" means, as SQL on owed_eticket w (see the class comment). */
    private static final String OWED = " from owed_eticket w join desk_order o on o.order_id = w.order_id and o.status = 'ACCEPTED'"
            + " left join eticket_delivery d on d.order_id = w.order_id and d.item_id = w.item_id"
            + " where w.settled_at is null and (d.status is null or d.status <> 'DELIVERED')";

    @Inject
    StateDatabase db;

    @Inject
    OrderParser parser;

    /**
     * Records the e-ticket items of an accepted order, inside the transaction that records it ACCEPTED: the order as TEvo
     * returned it when it has items, else the order as the desk read it before accepting. An item recorded already is
     * left as it is. Returns how many items were recorded.
     */
    int recordIn(Connection c, long orderId, Object realOrder, TevoOrder readBefore, Instant now) throws SQLException {
        TevoOrder order = realOrder == null ? null : parser.order(realOrder.toString());
        if (order == null || order.parseError != null || order.getItems().isEmpty()) {
            order = readBefore;
        }
        if (order == null) {
            return 0;
        }
        int recorded = 0;
        for (TevoOrder.Item item : order.getItems()) {
            if (!item.needsEtickets() || item.id == null) {
                continue;
            }
            try (PreparedStatement exists = c.prepareStatement("select 1 from owed_eticket where order_id = ? and item_id = ?")) {
                exists.setLong(1, orderId);
                exists.setLong(2, item.id);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            TevoOrder.TicketGroup group = item.ticketGroup;
            TevoOrder.Event event = group == null ? null : group.event;
            try (PreparedStatement ps = c.prepareStatement("insert into owed_eticket (order_id, item_id, quantity, ticket_id, seats,"
                    + " event_name, event_at, event_time, accepted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, orderId);
                ps.setLong(2, item.id);
                if (item.quantity == null) {
                    ps.setNull(3, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(3, item.quantity);
                }
                ps.setString(4, cap(group == null ? null : group.remoteId, 200));
                ps.setString(5, cap(seats(group), 500));
                ps.setString(6, cap(event == null ? null : event.name, 500));
                ps.setString(7, cap(event == null ? null : event.occursAt, 64));
                Instant at = EventTimes.instant(event == null ? null : event.occursAt);
                ps.setTimestamp(8, at == null ? null : Timestamp.from(at));
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
                recorded++;
            }
        }
        return recorded;
    }

    /** Items owed now, the soonest event first (unknown dates last), at most {@code limit}; each with its delivery's state. */
    public List<Map<String, Object>> owed(int limit) {
        return db.query("select w.order_id, w.item_id, w.quantity, w.ticket_id, w.seats, w.event_name, w.event_at, w.event_time,"
                + " w.accepted_at, d.status, d.detail" + OWED
                + " order by case when w.event_time is null then 1 else 0 end, w.event_time, w.accepted_at, w.order_id, w.item_id"
                + " fetch first " + Math.max(1, limit) + " rows only", ps -> {
                }, rs -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("orderId", rs.getLong(1));
                        m.put("itemId", rs.getLong(2));
                        m.put("quantity", rs.getObject(3));
                        m.put("ticketId", rs.getString(4));
                        m.put("seats", rs.getString(5));
                        m.put("eventName", rs.getString(6));
                        m.put("eventAt", rs.getString(7));
                        Timestamp eventTime = rs.getTimestamp(8);
                        m.put("eventTime", eventTime == null ? null : eventTime.toInstant());
                        m.put("acceptedAt", rs.getTimestamp(9).toInstant());
                        m.put("delivery", rs.getString(10));
                        m.put("deliveryDetail", rs.getString(11));
                        out.add(m);
                    }
                    return out;
                });
    }

    /**
     * How many items are owed: in all, with the event within {@code soon} from now (or past), and accepted more than
     * {@code late} ago; and the oldest accept among them (null when none).
     */
    public Summary summary(Duration soon, Duration late) {
        Instant now = Instant.now();
        return db.query("select count(*), sum(case when w.event_time is not null and w.event_time <= ? then 1 else 0 end),"
                + " sum(case when w.accepted_at <= ? then 1 else 0 end), min(w.accepted_at)" + OWED, ps -> {
                    ps.setTimestamp(1, Timestamp.from(now.plus(soon)));
                    ps.setTimestamp(2, Timestamp.from(now.minus(late)));
                }, rs -> {
                    rs.next();
                    Timestamp oldest = rs.getTimestamp(4);
                    return new Summary(rs.getInt(1), rs.getInt(2), rs.getInt(3), oldest == null ? null : oldest.toInstant());
                });
    }

    /** Owed items: {@code total}, {@code eventSoon} (event within the window or past), {@code late} (accepted long ago). */
    public record Summary(int total, int eventSoon, int late, Instant oldestAccept) {
    }

    /**
     * Orders owing e-tickets, accepted at least {@code minAge} ago: to re-read in TEvo, the least recently re-read first,
     * at most {@code limit} (every owed order gets its turn, however many stay owed for days).
     */
    public List<Long> ordersToCheck(@ExchangeProperty("minAge") String minAge, @ExchangeProperty("limit") Integer limit) {
        Duration age = io.quarkus.runtime.configuration.DurationConverter.parseDuration(minAge);
        return db.query("select w.order_id" + OWED + " and w.accepted_at <= ? group by w.order_id"
                + " order by case when max(w.checked_at) is null then 0 else 1 end, max(w.checked_at), min(w.accepted_at), w.order_id"
                + " fetch first " + (limit == null ? 100 : Math.max(1, limit)) + " rows only",
                ps -> ps.setTimestamp(1, Timestamp.from(Instant.now().minus(age))), rs -> {
                    List<Long> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                    return out;
                });
    }

    /** An owed order was re-read in TEvo (whatever it showed): its turn moves to the back. */
    public void checked(@ExchangeProperty("tevoOrderId") Long orderId) {
        db.execute("update owed_eticket set checked_at = ? where order_id = ? and settled_at is null", ps -> {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, orderId);
        });
    }

    /** The e-ticket items of one order and whether each is owed (the order's page). */
    public List<Map<String, Object>> ofOrder(long orderId) {
        return db.query("select w.item_id, w.quantity, w.ticket_id, w.seats, w.accepted_at, w.settled_at, w.settled_why"
                + " from owed_eticket w where w.order_id = ? order by w.item_id", ps -> ps.setLong(1, orderId), rs -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("itemId", rs.getLong(1));
                        m.put("quantity", rs.getObject(2));
                        m.put("ticketId", rs.getString(3));
                        m.put("seats", rs.getString(4));
                        m.put("acceptedAt", rs.getTimestamp(5).toInstant());
                        Timestamp settled = rs.getTimestamp(6);
                        m.put("settledAt", settled == null ? null : settled.toInstant());
                        m.put("settledWhy", rs.getString(7));
                        out.add(m);
                    }
                    return out;
                });
    }

    /**
     * Settles what TEvo shows of an order the desk owes e-tickets for (body: the order re-read, JSON): completed or no longer
     * sold (canceled, ...), every item is settled; otherwise each item TEvo shows e-tickets for. A state the desk cannot
     * read, or one it does not know, settles nothing. Returns how many items were settled.
     */
    public int settleFromOrder(@ExchangeProperty("tevoOrderId") Long orderId, @Body String json) {
        TevoOrder order = parser.order(json);
        if (orderId == null || order.parseError != null) {
            return 0;
        }
        String state = order.state == null ? "" : order.state.trim().toLowerCase(Locale.ROOT);
        TevoOrder.StateKind kind = TevoOrder.StateKind.of(state);
        Instant now = Instant.now();
        if ("completed".equals(state) || kind == TevoOrder.StateKind.ENDED || kind == TevoOrder.StateKind.REJECTED) {
            int n = settle(orderId, null, now, "the order is " + state + " in TEvo");
            if (n > 0) {
                LOG.infof("order %d is %s in TEvo: %d e-ticket item(s) no longer owed", orderId, state, n);
            }
            return n;
        }
        if (kind != TevoOrder.StateKind.ACCEPTED) {
            return 0;
        }
        int n = 0;
        for (TevoOrder.Item item : order.getItems()) {
            if (item.id != null && item.hasEtickets()) {
                n += settle(orderId, item.id, now, "TEvo shows its e-tickets (not delivered by this desk)");
            }
        }
        if (n > 0) {
            LOG.infof("order %d: TEvo shows the e-tickets of %d item(s) the desk had not delivered; no longer owed", orderId, n);
        }
        return n;
    }

    private int settle(long orderId, Long itemId, Instant now, String why) {
        return db.execute("update owed_eticket set settled_at = ?, settled_why = ? where order_id = ? and settled_at is null"
                + (itemId == null ? "" : " and item_id = ?"), ps -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, cap(why, 200));
                    ps.setLong(3, orderId);
                    if (itemId != null) {
                        ps.setLong(4, itemId);
                    }
                });
    }

    /** "Section 101, row A, seats 1-2" from what TEvo sent; null when it sent none of them. */
    static String seats(TevoOrder.TicketGroup group) {
        if (group == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (group.section != null && !group.section.isBlank()) {
            parts.add("section " + group.section.strip());
        }
        if (group.row != null && !group.row.isBlank()) {
            parts.add("row " + group.row.strip());
        }
        if (group.seats != null && !group.seats.isEmpty()) {
            parts.add("seats " + String.join(", ", group.seats.stream().filter(s -> s != null).map(String::strip).toList()));
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
