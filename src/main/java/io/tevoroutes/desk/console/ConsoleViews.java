package io.tevoroutes.desk.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Claims;
import io.tevoroutes.desk.state.ConsoleQueries;
import io.tevoroutes.desk.state.DecisionAudit;
import io.tevoroutes.desk.state.HeldOrders;
import io.tevoroutes.desk.state.OrderLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the console's pages show, as plain maps and lists (the templates read them by key; console/README.md lists
 * them). Reads only: the state store, the outages the desk tracks, and for an order's items the inventory (through
 * direct:inventory-lookup, so the page sees what the rules see). Times are UTC.
 */
@ApplicationScoped
@Named("consoleViews")
public class ConsoleViews {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @ConfigProperty(name = "console.held.seen-within", defaultValue = "1h")
    String seenWithin;

    @ConfigProperty(name = "console.tevo-order-url")
    Optional<String> tevoOrderUrl;

    @ConfigProperty(name = "console.refresh", defaultValue = "30")
    int refreshSeconds;

    @Inject
    HeldOrders heldOrders;
    @Inject
    ConsoleQueries queries;
    @Inject
    DecisionAudit audit;
    @Inject
    OrderLedger ledger;
    @Inject
    Claims claims;
    @Inject
    io.tevoroutes.desk.observe.Outages outages;
    @Inject
    OrderParser parser;
    @Inject
    ProducerTemplate producer;
    @Inject
    org.apache.camel.CamelContext camel;
    @Inject
    io.tevoroutes.desk.state.RefusedFiles refusedFiles;
    @Inject
    io.tevoroutes.desk.eticket.InboxExceptionHandler inboxLog;
    @Inject
    io.tevoroutes.desk.state.OwedEtickets owedEtickets;
    @Inject
    io.tevoroutes.desk.state.SubstitutionLedger substitutions;

    @ConfigProperty(name = "etickets.owed.late-after", defaultValue = "24h")
    String owedLateAfter;

    /**
     * Sets exchange property now: the queue, today's decisions, e-tickets owed, unfinished deliveries, outages, desks
     * alive.
     */
    public void now(Exchange exchange) {
        Map<String, Object> now = new LinkedHashMap<>();
        Duration within = seenWithin();
        List<HeldOrders.Held> queue = heldOrders.queue(within, 1000);
        now.put("heldCount", heldOrders.count(within));
        now.put("oldestHeld", queue.stream().map(HeldOrders.Held::heldSince).min(Comparator.naturalOrder()).map(ConsoleViews::age).orElse(null));
        now.put("soonestEvent", queue.stream().filter(h -> h.eventAt() != null).findFirst()
                .map(h -> text(h.eventName()) + " (" + text(h.eventAt()) + ")").orElse(null));
        Map<String, Integer> today = queries.decisionsSince(LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC));
        now.put("acceptedToday", today.getOrDefault("ACCEPT", 0));
        now.put("heldToday", today.getOrDefault("HOLD", 0));
        now.put("rejectedToday", today.getOrDefault("REJECT", 0));
        List<Map<String, Object>> deliveries = queries.deliveriesOpen(20);
        deliveries.forEach(ConsoleViews::formatTimes);
        now.put("deliveriesOpen", deliveries);
        Duration late = io.quarkus.runtime.configuration.DurationConverter.parseDuration(owedLateAfter);
        io.tevoroutes.desk.state.OwedEtickets.Summary owed = owedEtickets.summary(Duration.ofHours(24), late);
        now.put("owedCount", owed.total());
        now.put("owedSoon", owed.eventSoon());
        now.put("owedLate", owed.late());
        now.put("owedLateAfter", owedLateAfter);
        now.put("owedOldest", owed.oldestAccept() == null ? null : age(owed.oldestAccept()));
        now.put("owed", owedEtickets.owed(50).stream().map(ConsoleViews::owedItem).toList());
        List<Map<String, Object>> outages = new ArrayList<>();
        for (io.tevoroutes.desk.observe.Outages.Outage o : this.outages.now()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", o.what());
            m.put("since", o.since() == null ? null : TIME.format(o.since()));
            m.put("for", o.since() == null ? null : age(o.since()));
            m.put("problem", o.problem() == null ? null : text(o.problem()));
            outages.add(m);
        }
        now.put("outages", outages);
        now.put("inboxes", inboxes());
        List<Map<String, Object>> desks = queries.desks();
        String me = claims.owner();
        desks.forEach(d -> {
            d.put("me", me.equals(d.get("owner")));
            formatTimes(d);
        });
        now.put("desks", desks);
        now.put("me", me);
        now.put("refresh", Math.max(5, refreshSeconds));
        now.put("at", TIME.format(Instant.now()));
        exchange.setProperty("now", now);
    }

    /**
     * The e-ticket inboxes (the routes made from the template eticket-inbox): for a local folder, the files waiting in it
     * and the files refused (in .error/); an SFTP inbox is named, not listed (the desk does not open a connection for a page).
     */
    List<Map<String, Object>> inboxes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            if (!route.getRouteId().startsWith("eticket-inbox")) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route", route.getRouteId());
            if (route.getEndpoint() instanceof org.apache.camel.component.file.FileEndpoint local) {
                java.nio.file.Path dir = local.getFile().toPath();
                m.put("local", true);
                m.put("where", text(dir.toString()));
                m.put("waiting", count(dir));
                m.put("refused", count(dir.resolve(".error")));
            } else {
                m.put("local", false);
                m.put("where", text(org.apache.camel.util.URISupport.sanitizeUri(route.getEndpoint().getEndpointBaseUri())));
                m.put("waiting", null);
                m.put("refused", null);
            }
            out.add(m);
        }
        return out;
    }

    /** Regular files directly in the folder, not hidden; null when it cannot be read. */
    private static Long count(java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0L;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".") && java.nio.file.Files.isRegularFile(f,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)).count();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Sets exchange property inboxes: each inbox with the files waiting in it (a local folder: name, size, since when;
     * at most 200), and the latest 200 refusals of all inboxes with why, whether the file is still in .error/ and
     * whether a person may move it back (a local folder, not moved back already).
     */
    public void inboxesPage(Exchange exchange) {
        Map<String, Object> page = new LinkedHashMap<>();
        List<Map<String, Object>> inboxes = inboxes();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            if (route.getRouteId().startsWith("eticket-inbox") && route.getEndpoint() instanceof org.apache.camel.component.file.FileEndpoint local) {
                inboxes.stream().filter(i -> route.getRouteId().equals(i.get("route"))).findFirst()
                        .ifPresent(i -> i.put("files", waitingFiles(local.getFile().toPath())));
            }
        }
        page.put("inboxes", inboxes);
        List<Map<String, Object>> refused = refusedFiles.latest(200);
        for (Map<String, Object> r : refused) {
            boolean local = Boolean.TRUE.equals(r.get("local_dir"));
            java.nio.file.Path moved = local ? movedPath(r) : null;
            boolean there = moved != null && java.nio.file.Files.isRegularFile(moved, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            r.put("stillThere", local ? there : null);
            r.put("retryable", there && r.get("retried_at") == null);
            formatTimes(r);
        }
        page.put("refused", refused);
        exchange.setProperty("inboxes", page);
    }

    /** Where a refused file lies in its local inbox's .error/; null when its recorded names are not plain file names. */
    static java.nio.file.Path movedPath(Map<String, Object> refusal) {
        String dir = (String) refusal.get("inbox");
        String moved = (String) refusal.get("moved_name");
        if (dir == null || !plainName(moved)) {
            return null;
        }
        return java.nio.file.Path.of(dir, ".error", moved);
    }

    /** A file name with no folder in it: not empty, no / or \, not . or .., not hidden. */
    static boolean plainName(String name) {
        return name != null && !name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0
                && !name.startsWith(".");
    }

    private List<Map<String, Object>> waitingFiles(java.nio.file.Path dir) {
        List<Map<String, Object>> files = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return files;
        }
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir)) {
            list.filter(f -> !f.getFileName().toString().startsWith(".") && java.nio.file.Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .limit(200).forEach(f -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", text(f.getFileName().toString()));
                        String why = inboxLog.whyWaiting(f);
                        m.put("why", why == null ? null : text(why));
                        try {
                            m.put("size", java.nio.file.Files.size(f));
                            m.put("since", TIME.format(java.nio.file.Files.getLastModifiedTime(f).toInstant()));
                        } catch (java.io.IOException e) {
                            m.put("size", null);
                            m.put("since", null);
                        }
                        files.add(m);
                    });
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable now: shown as no files; the inbox's outage says why
        }
        return files;
    }

    /** Sets exchange property held: the orders held for a person, the soonest event first. */
    public void held(Exchange exchange) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HeldOrders.Held h : heldOrders.queue(seenWithin(), 1000)) {
            rows.add(held(h));
        }
        exchange.setProperty("held", rows);
    }

    /**
     * Sets exchange property order: everything the desk knows of one order (null when it knows nothing), as a
     * timeline, and its items with what the inventory says now.
     */
    public void order(@ExchangeProperty("tevoOrderId") Long orderId, Exchange exchange) {
        if (orderId == null) {
            exchange.setProperty("order", null);
            return;
        }
        HeldOrders.Held held = heldOrders.find(orderId);
        List<DecisionAudit.AuditEntry> decisions = audit.decisions(orderId);
        String status = ledger.status(orderId);
        Map<String, Object> substitution = substitutions.find(orderId);
        if (held == null && decisions.isEmpty() && status == null) {
            exchange.setProperty("order", null);
            return;
        }
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", orderId);
        order.put("status", status != null ? status : held != null ? "HELD" : substitution != null ? "PURCHASE " + substitution.get("status") : "SEEN");
        if (substitution != null) {
            substitution.put("detail", text(substitution.get("detail")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> candidates = (List<Map<String, Object>>) substitution.get("candidates");
            candidates.forEach(c -> c.put("line", text(c.get("line"))));
            // a person may buy one while it is proposed (not in a dry run, which proposes as DRY_RUN)
            substitution.put("orderable", "PROPOSED".equals(substitution.get("status")));
        }
        order.put("substitution", substitution);
        order.put("held", held == null ? null : held(held));
        order.put("tevoUrl", tevoUrl(orderId));
        // pending (held) and not settled: a person may act on it
        order.put("actionable", status == null && held != null);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (DecisionAudit.AuditEntry d : decisions) {
            timeline.add(event(d.decidedAt(), d.decidedBy() == null ? "desk" : d.decidedBy(), label(d.decision()),
                    join(d.reasons() == null || d.reasons().isBlank() ? null : "reasons " + d.reasons(), d.detail())));
        }
        for (Map<String, Object> r : queries.reservations(orderId)) {
            timeline.add(event((Instant) r.get("created_at"), "desk", "reserved", r.get("quantity") + " x TicketID " + text(r.get("ticket_id"))
                    + " (" + r.get("baseline") + " in the inventory then)"));
            if (r.get("released_at") != null) {
                timeline.add(event((Instant) r.get("released_at"), "desk", "reservation released", "TicketID " + text(r.get("ticket_id"))));
            }
        }
        for (Map<String, Object> d : queries.deliveries(orderId)) {
            timeline.add(event((Instant) d.get("updated_at"), "desk", "e-tickets " + String.valueOf(d.get("status")).toLowerCase(java.util.Locale.ROOT),
                    join("item " + d.get("item_id"), d.get("file_name") == null ? null : text(d.get("file_name")),
                            d.get("detail") == null ? null : text(d.get("detail")))));
        }
        for (Map<String, Object> w : owedEtickets.ofOrder(orderId)) {
            String item = "item " + w.get("itemId") + ": " + w.get("quantity") + " x TicketID " + text(w.get("ticketId"))
                    + (w.get("seats") == null ? "" : ", " + text(w.get("seats")));
            timeline.add(event((Instant) w.get("acceptedAt"), "desk", "e-tickets owed", item));
            if (w.get("settledAt") != null) {
                timeline.add(event((Instant) w.get("settledAt"), "TEvo", "e-tickets no longer owed", "item " + w.get("itemId") + ": "
                        + text(w.get("settledWhy"))));
            }
        }
        for (Map<String, Object> m : queries.emails(orderId)) {
            timeline.add(event((Instant) m.get("created_at"), "desk", "email " + String.valueOf(m.get("status")).toLowerCase(java.util.Locale.ROOT),
                    text(m.get("subject"))));
        }
        for (Map<String, Object> c : queries.claims(orderId)) {
            timeline.add(event((Instant) c.get("claimed_at"), text(c.get("owner")), "being worked on",
                    "claim held until " + TIME.format((Instant) c.get("lease_until"))));
        }
        timeline.sort(Comparator.comparing(e -> (Instant) e.get("instant")));
        order.put("timeline", timeline);
        order.put("items", held == null || held.orderJson() == null ? List.of() : items(held.orderJson()));
        exchange.setProperty("order", order);
    }

    /** Outcomes the Decisions page filters on. */
    static final List<String> OUTCOMES = List.of("ACCEPT", "HOLD", "REJECT", "IGNORE", "CHECK_AGAIN", "ACCEPT_ASKED", "REJECT_ASKED",
            "SUB_SEEN", "SUB_BUYING", "SUB_BOUGHT", "SUB_REFUSED", "SUB_PROPOSED", "SUB_NONE", "SUB_UNSURE", "SUB_PERSON", "SUB_DRY_RUN",
            "SUB_ORDER_ASKED");
    /** Rows the Decisions page shows at most (the CSV takes up to 100,000). */
    static final int PAGE_ROWS = 500;
    static final int CSV_ROWS = 100_000;

    /**
     * Sets exchange property decisions: the audit over a time range (query from, to: dates or ISO instants, default the
     * last 24 hours), of one outcome and one reason code when asked, newest first, at most 500 rows (the CSV has more).
     * A filter that cannot be read is named in decisions.problem and the default used instead.
     */
    public void decisions(@org.apache.camel.Header("from") String from, @org.apache.camel.Header("to") String to,
            @org.apache.camel.Header("outcome") String outcome, @org.apache.camel.Header("reason") String reason, Exchange exchange) {
        Map<String, Object> page = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Instant end = instant(to, null, problems, "to");
        if (end == null) {
            end = Instant.now();
        }
        Instant start = instant(from, null, problems, "from");
        if (start == null || !start.isBefore(end)) {
            start = end.minus(Duration.ofDays(1));
        }
        String o = outcome == null || outcome.isBlank() ? null : outcome.strip().toUpperCase(java.util.Locale.ROOT);
        if (o != null && !OUTCOMES.contains(o)) {
            problems.add("outcome '" + text(outcome) + "' is not one of " + String.join(", ", OUTCOMES));
            o = null;
        }
        String r = reason == null || reason.isBlank() ? null : reason.strip().toUpperCase(java.util.Locale.ROOT);
        if (r != null && !r.matches("[A-Z0-9_]{1,60}")) {
            problems.add("reason '" + text(reason) + "' is not a reason code (SHORT, PRICE_BELOW_FLOOR, ...)");
            r = null;
        }
        boolean csv = Boolean.TRUE.equals(exchange.getProperty("consoleCsv", Boolean.class));
        int limit = csv ? CSV_ROWS : PAGE_ROWS;
        List<Map<String, Object>> rows = queries.decisions(start, end, o, r, limit + 1);
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        if (csv) {
            // the CSV keeps the audit's own values: instants to the millisecond, text as stored
            rows.forEach(row -> row.replaceAll((k, v) -> v instanceof Instant i ? i.toString() : v));
        } else {
            rows.forEach(ConsoleViews::formatTimes);
        }
        page.put("rows", rows);
        page.put("more", more);
        page.put("limit", limit);
        page.put("from", start.toString());
        page.put("to", end.toString());
        page.put("outcome", o);
        page.put("reason", r);
        page.put("outcomes", OUTCOMES);
        page.put("problem", problems.isEmpty() ? null : String.join("; ", problems));
        page.put("csvQuery", "from=" + start + "&to=" + end + (o == null ? "" : "&outcome=" + o) + (r == null ? "" : "&reason=" + r));
        exchange.setProperty("decisions", page);
    }

    /**
     * The decisions (set by {@link #decisions}) as CSV, one row per decision: the body, Content-Type and a file name. A
     * cell that a spreadsheet would read as a formula (=, +, -, @ first) is prefixed with a quote.
     */
    @SuppressWarnings("unchecked")
    public void decisionsCsv(@ExchangeProperty("decisions") Map<String, Object> page, Exchange exchange) {
        StringBuilder csv = new StringBuilder("order_id,decision,reasons,detail,dry_run,decided_at,decided_by\r\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) page.get("rows")) {
            csv.append(cell(row.get("order_id"))).append(',').append(cell(row.get("decision"))).append(',').append(cell(row.get("reasons")))
                    .append(',').append(cell(row.get("detail"))).append(',').append(cell(row.get("dry_run"))).append(',')
                    .append(cell(row.get("decided_at"))).append(',').append(cell(row.get("decided_by"))).append("\r\n");
        }
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        msg.setHeader("Content-Disposition", "attachment; filename=\"decisions.csv\"");
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody(csv.toString());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.matches("[A-Za-z0-9 ._:/'-]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A query's date (2026-11-23, the start of that day UTC) or instant; null when absent or unreadable (named in problems). */
    private static Instant instant(String text, Instant fallback, List<String> problems, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip();
        try {
            return t.length() == 10 ? java.time.LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(name + " '" + text(t) + "' is not a date (2026-11-23) or an instant (2026-11-23T10:00:00Z)");
            return fallback;
        }
    }

    private List<Map<String, Object>> items(String json) {
        TevoOrder order = parser.order(json);
        List<Map<String, Object>> items = new ArrayList<>();
        for (TevoOrder.Item item : order.getItems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            TevoOrder.TicketGroup tg = item.ticketGroup;
            String ticketId = item.getRemoteId();
            m.put("id", item.id);
            m.put("ticketId", ticketId == null ? null : text(ticketId));
            m.put("event", tg == null || tg.event == null ? null : text(tg.event.name));
            m.put("section", tg == null ? null : text(tg.section));
            m.put("row", tg == null ? null : text(tg.row));
            m.put("seats", tg == null || tg.seats == null ? null : text(String.join(", ", tg.seats)));
            m.put("quantity", item.quantity);
            m.put("price", item.price == null ? null : item.price.toPlainString());
            m.put("inventory", inventoryNow(ticketId));
            items.add(m);
        }
        return items;
    }

    /** What the inventory says of a TicketID now, in words (the same lookup the rules use). */
    private String inventoryNow(String ticketId) {
        if (ticketId == null || ticketId.isBlank()) {
            return "no TicketID";
        }
        try {
            InventoryRecord r = producer.requestBodyAndHeader("direct:inventory-lookup", null, "remoteId", ticketId.strip(), InventoryRecord.class);
            if (r == null) {
                return "not in the inventory";
            }
            if (!r.isUsable()) {
                return "cannot be used: " + text(r.problem());
            }
            return r.quantity() + " on hand at " + r.price().toPlainString() + (r.eticket() ? ", e-tickets" : "");
        } catch (RuntimeException e) {
            return "the inventory cannot answer now";
        }
    }

    private Map<String, Object> held(HeldOrders.Held h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", h.orderId());
        m.put("reasons", h.reasons() == null ? null : text(h.reasons()));
        m.put("notes", h.notes() == null ? List.of() : h.notes().lines().map(ConsoleViews::text).toList());
        m.put("age", age(h.heldSince()));
        m.put("heldSince", TIME.format(h.heldSince()));
        m.put("checkedAt", TIME.format(h.checkedAt()));
        m.put("event", h.eventName() == null ? null : text(h.eventName()));
        m.put("eventAt", h.eventAt() == null ? null : text(h.eventAt()));
        m.put("buyer", h.buyer() == null ? null : text(h.buyer()));
        m.put("total", h.total());
        m.put("tevoUrl", tevoUrl(h.orderId()));
        return m;
    }

    private String tevoUrl(long orderId) {
        return tevoOrderUrl.filter(u -> u.startsWith("https://") || u.startsWith("http://")).map(u -> u.replace("{id}", Long.toString(orderId)))
                .orElse(null);
    }

    /** One owed item for the Now page: its event as TEvo wrote it, how far off, since when it is owed. */
    private static Map<String, Object> owedItem(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", row.get("orderId"));
        m.put("itemId", row.get("itemId"));
        m.put("quantity", row.get("quantity"));
        m.put("ticketId", text(row.get("ticketId")));
        m.put("seats", text(row.get("seats")));
        m.put("event", text(row.get("eventName")));
        m.put("eventAt", text(row.get("eventAt")));
        Instant eventTime = (Instant) row.get("eventTime");
        m.put("soon", eventTime != null && eventTime.isBefore(Instant.now().plus(Duration.ofHours(24))));
        m.put("eventIn", eventTime == null ? null : eventTime.isBefore(Instant.now()) ? "began " + age(eventTime) + " ago"
                : "in " + span(Duration.between(Instant.now(), eventTime)));
        m.put("owedFor", age((Instant) row.get("acceptedAt")));
        String delivery = (String) row.get("delivery");
        m.put("delivery", delivery == null ? "no PDF received yet" : delivery.toLowerCase(java.util.Locale.ROOT)
                + (row.get("deliveryDetail") == null ? "" : ": " + text(row.get("deliveryDetail"))));
        return m;
    }

    private static Map<String, Object> event(Instant at, String who, String what, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instant", at);
        m.put("at", TIME.format(at));
        m.put("who", who);
        m.put("what", what);
        m.put("detail", detail);
        return m;
    }

    private static String label(String decision) {
        return switch (decision) {
            case "ACCEPT" -> "accepted";
            case "REJECT" -> "rejected";
            case "HOLD" -> "held";
            case "CHECK_AGAIN" -> "asked to check again";
            case "REJECT_ASKED" -> "asked to reject";
            case "ACCEPT_ASKED" -> "asked to accept";
            case "SUB_SEEN" -> "rejected purchase seen";
            case "SUB_BUYING" -> "buying a substitute";
            case "SUB_BOUGHT" -> "substitute bought";
            case "SUB_REFUSED" -> "TEvo refused the substitute";
            case "SUB_PROPOSED" -> "substitutes proposed";
            case "SUB_NONE" -> "no substitute found";
            case "SUB_UNSURE" -> "substitute not sure";
            case "SUB_PERSON" -> "substitution for a person";
            case "SUB_DRY_RUN" -> "substitutes found (dry run)";
            case "SUB_ORDER_ASKED" -> "asked to order a substitute";
            default -> decision.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    private static void formatTimes(Map<String, Object> row) {
        row.replaceAll((k, v) -> v instanceof Instant i ? TIME.format(i) : v instanceof String s ? text(s) : v);
    }

    /** "3 min", "2 h 5 min", "4 d 3 h": how long ago. */
    static String age(Instant since) {
        return span(Duration.between(since, Instant.now()));
    }

    /** "3 min", "2 h 5 min", "4 d 3 h". */
    static String span(Duration d) {
        if (d.isNegative()) {
            return "0 min";
        }
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min";
    }

    private static String join(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? null : String.join("; ", kept);
    }

    /** A value from outside, one line, capped: the page escapes it as HTML. */
    private static String text(Object value) {
        return value == null ? null : LogSafe.text(value.toString());
    }

    private Duration seenWithin() {
        return io.quarkus.runtime.configuration.DurationConverter.parseDuration(seenWithin);
    }
}
