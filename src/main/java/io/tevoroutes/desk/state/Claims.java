package io.tevoroutes.desk.state;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.model.OrderParser;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Who is working on what, when several desks share one database (PostgreSQL). Every piece of work a desk takes (an
 * order it queued, an e-ticket item it delivers, a file it reads) is claimed first: one row per key in
 * {@code work_claim}, taken by an insert (the primary key lets one desk win) and held for state.claims.lease, which
 * this desk renews every state.claims.renew-period while it lives. A desk that dies (kill -9, a lost node) stops
 * renewing; once its lease has run out, another desk takes the claim over (one conditional update: one winner) and
 * re-reads the work from TEvo. Times are the database's clock, so the desks' clocks do not matter.
 *
 * <p>
 * The same rows serve one desk alone (the embedded H2 store): the poll and a webhook bringing the same order, and a
 * desk restarted after a crash, which takes over what its previous run left.
 */
@ApplicationScoped
@Named("claims")
public class Claims {

    private static final Logger LOG = Logger.getLogger(Claims.class);

    @Inject
    StateDatabase store;

    @Inject
    OrderParser parser;

    @ConfigProperty(name = "state.claims.lease", defaultValue = "10s")
    String leaseText;

    /** state.claims.lease, read as text so that StartupCheck names a bad value with the others. */
    java.time.Duration lease() {
        return io.tevoroutes.desk.config.Durations.parse("state.claims.lease", leaseText);
    }

    @ConfigProperty(name = "state.instance-id")
    java.util.Optional<String> instanceId;

    private String owner;
    /** The keys this desk holds (a mirror of its rows: what it is working on). */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** A claim whose lease ran out: its desk died. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Expired(String key, String owner) {
    }

    @PostConstruct
    void name() {
        owner = instanceId.filter(s -> !s.isBlank()).orElseGet(Claims::generatedId);
        LOG.infof("desk instance %s", owner);
    }

    /** host/pid/random: unique per run, so a restarted desk never mistakes its previous run's claims for live ones. */
    private static String generatedId() {
        String host;
        try {
            host = System.getenv().getOrDefault("HOSTNAME", InetAddress.getLocalHost().getHostName());
        } catch (Exception e) {
            host = "desk";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    /** True when this desk now holds the key: free, or its holder's lease ran out. False while anyone holds it. */
    public boolean claim(String key) {
        return !claimAll(List.of(key)).isEmpty();
    }

    /**
     * Claim keys in one transaction (one key, or a poll's listing): returns those this desk now holds, in their order.
     * Keys held by anyone (this desk included) are left out; a key whose lease ran out (its desk stopped renewing it) is
     * taken over, unless another desk was quicker. If another desk claims one of them meanwhile, each key is claimed on
     * its own instead.
     */
    public List<String> claimAll(List<String> keys) {
        List<String> wanted = new ArrayList<>();
        for (String key : keys) {
            String k = truncate(key);
            if (!held.contains(k) && !wanted.contains(k)) {
                wanted.add(k);
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        long ms = lease().toMillis();
        java.util.Map<String, String> takenFrom = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> taken;
        try {
            taken = store.transaction("claim " + wanted.size() + " order(s)", c -> {
                takenFrom.clear();
                // key -> the owner of a claim whose lease ran out ("" while its lease runs)
                java.util.Map<String, String> existing = new java.util.HashMap<>();
                for (int from = 0; from < wanted.size(); from += 100) {
                    List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + 100));
                    try (PreparedStatement ps = c.prepareStatement("select claim_key, owner, case when lease_until < current_timestamp then 1 else 0 end"
                            + " from work_claim where claim_key in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setString(i + 1, chunk.get(i));
                        }
                        try (java.sql.ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                existing.put(rs.getString(1), rs.getInt(3) == 1 ? rs.getString(2) : "");
                            }
                        }
                    }
                }
                List<String> mine = new ArrayList<>();
                List<String> fresh = new ArrayList<>();
                for (String k : wanted) {
                    String lapsed = existing.get(k);
                    if (lapsed == null) {
                        fresh.add(k);
                    } else if (!lapsed.isEmpty()) {
                        // one winner: the update only takes the claim from the owner whose lease was read to have run out
                        try (PreparedStatement ps = c.prepareStatement("update work_claim set owner = ?, lease_until = " + store.nowPlus()
                                + ", claimed_at = current_timestamp where claim_key = ? and owner = ? and lease_until < current_timestamp")) {
                            ps.setString(1, owner);
                            ps.setLong(2, ms);
                            ps.setString(3, k);
                            ps.setString(4, lapsed);
                            if (ps.executeUpdate() == 1) {
                                mine.add(k);
                                if (!lapsed.equals(owner)) {
                                    takenFrom.put(k, lapsed);
                                }
                            }
                        }
                    }
                }
                if (!fresh.isEmpty()) {
                    // PostgreSQL: a key held already inserts nothing (instead of an error in the server's log at every poll)
                    try (PreparedStatement ps = c.prepareStatement("insert into work_claim (claim_key, owner, lease_until, claimed_at) values (?, ?, "
                            + store.nowPlus() + ", current_timestamp)" + (store.isPostgresql() ? " on conflict (claim_key) do nothing" : ""))) {
                        for (String k : fresh) {
                            ps.setString(1, k);
                            ps.setString(2, owner);
                            ps.setLong(3, ms);
                            ps.addBatch();
                        }
                        int[] counts = ps.executeBatch();
                        for (int i = 0; i < fresh.size(); i++) {
                            // a driver may answer SUCCESS_NO_INFO (-2) for a row it inserted
                            if (counts[i] != 0) {
                                mine.add(fresh.get(i));
                            }
                        }
                    }
                }
                return mine;
            });
        } catch (StateStoreException e) {
            if (!uniqueViolation(e.getCause())) {
                throw e;
            }
            // another desk (or this one) inserted one of them first: that one is held; the others one by one
            if (wanted.size() == 1) {
                return List.of();
            }
            taken = new ArrayList<>();
            for (String k : wanted) {
                taken.addAll(claimAll(List.of(k)));
            }
            return taken;
        }
        held.addAll(taken);
        takenFrom.forEach((k, from) -> LOG.infof("took %s over from desk %s (its claim ran out)", k, from));
        List<String> inOrder = new ArrayList<>(wanted);
        inOrder.retainAll(taken);
        return inOrder;
    }

    /** The work is done (or given back): anyone may take the key again. */
    public void release(String key) {
        if (store.transaction("give back " + truncate(key), c -> releaseIn(c, key))) {
            forget(key);
        }
    }

    /** A primary-key violation (SQL state class 23), however the driver wraps it (a batch's next exception). */
    private static boolean uniqueViolation(Throwable t) {
        for (; t != null; t = t.getCause()) {
            for (SQLException sql = t instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                if (sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Inside a transaction: gives back a key this desk holds (its row deleted). True when it did; then
     * {@link #forget} once the transaction is committed.
     */
    boolean releaseIn(Connection c, String key) throws SQLException {
        String k = truncate(key);
        if (!held.contains(k)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("delete from work_claim where claim_key = ? and owner = ?")) {
            ps.setString(1, k);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
        return true;
    }

    /** A key given back by {@link #releaseIn}, committed: no longer this desk's. */
    void forget(String key) {
        held.remove(truncate(key));
    }

    public boolean holds(String key) {
        return held.contains(truncate(key));
    }

    /** True while some desk (this one or another) holds the key with a lease that has not run out. */
    public boolean busy(String key) {
        return Boolean.TRUE.equals(store.query("select 1 from work_claim where claim_key = ? and lease_until >= current_timestamp",
                ps -> ps.setString(1, truncate(key)), rs -> rs.next()));
    }

    /**
     * Inside a transaction about to do something that must happen once (an accept): true when this desk still holds
     * the key, its lease moved forward and its row locked until the commit, so no other desk can take it over meanwhile.
     * On the embedded H2 store (one desk: several desks share a PostgreSQL store) holding it is enough.
     */
    public boolean stillHolds(Connection c, String key) throws SQLException {
        String k = truncate(key);
        if (!held.contains(k)) {
            return false;
        }
        if (!store.isPostgresql()) {
            // the embedded store has one desk: nobody else can take the claim (its lease is renewed by claims-renew)
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("update work_claim set lease_until = " + store.nowPlus()
                + " where claim_key = ? and owner = ?")) {
            ps.setLong(1, lease().toMillis());
            ps.setString(2, k);
            ps.setString(3, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Every state.claims.renew-period: this desk lives, its claims hold on, however long its queue is (one update for
     * all of them). Claims another desk took over are dropped. A claim counts as lost only when its own row, read after
     * the renewal, is no longer this desk's: claims taken or given back while the renewal ran (a poll queueing 500 orders
     * at once) are not mistaken for lost ones.
     */
    public int renew() {
        if (held.isEmpty()) {
            return 0;
        }
        List<String> before = List.copyOf(held);
        int renewed = store.execute("update work_claim set lease_until = " + store.nowPlus() + " where owner = ?", ps -> {
            ps.setLong(1, lease().toMillis());
            ps.setString(2, owner);
        });
        if (renewed < before.size()) {
            Set<String> mine = Set.copyOf(store.query("select claim_key from work_claim where owner = ?", ps -> ps.setString(1, owner), rs -> {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }));
            for (String k : before) {
                if (!mine.contains(k) && held.contains(k) && !ownsRow(k) && held.remove(k)) {
                    LOG.warnf("claim %s was lost (its lease ran out before this desk could renew it; another desk may have it)", k);
                }
            }
        }
        return renewed;
    }

    /** This desk's row for the key, read now (a claim released and taken again meanwhile has a new row). */
    private boolean ownsRow(String k) {
        return Boolean.TRUE.equals(store.query("select 1 from work_claim where claim_key = ? and owner = ?", ps -> {
            ps.setString(1, k);
            ps.setString(2, owner);
        }, rs -> rs.next()));
    }

    /** Claims whose lease ran out, oldest first: work a dead desk left. */
    public List<Expired> expired(@ExchangeProperty("limit") Integer limit) {
        return store.query("select claim_key, owner from work_claim where lease_until < current_timestamp order by lease_until"
                + " fetch first " + (limit == null ? 100 : limit) + " rows only", ps -> {
                }, rs -> {
                    List<Expired> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Expired(rs.getString(1), rs.getString(2)));
                    }
                    return out;
                });
    }

    /** How many keys this desk is working on. */
    public int inFlight() {
        return held.size();
    }

    // --- orders: the key order:<id> -------------------------------------------------------------------------------

    /**
     * Claim an order listed by a poll or re-read for a webhook (body: the order's JSON) before it is queued. False when
     * another desk, or this one, has it already. Sets exchange property tevoClaimed.
     */
    public boolean claimListedOrder(Exchange exchange) {
        Long id = parser.order(exchange.getMessage().getBody(String.class)).id;
        boolean claimed = id == null || claim(orderKey(id));
        exchange.setProperty("tevoClaimed", claimed && id != null);
        return claimed;
    }

    /**
     * Claim orders of a listing (body: each order's JSON; a batch of {@link #LISTING_BATCH}) in one transaction, before
     * they are queued: returns the orders this desk now holds (the others are held by another desk, or queued here
     * already). An order without an id is kept (its evaluation says what is wrong with it).
     */
    public List<String> claimListedOrders(@org.apache.camel.Body List<String> orders) {
        if (orders == null || orders.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String json : orders) {
            Long id = parser.idOf(json);
            if (id == null) {
                out.add(json);
            } else {
                byKey.putIfAbsent(orderKey(id), json);
            }
        }
        for (String key : claimAll(List.copyOf(byKey.keySet()))) {
            out.add(byKey.get(key));
        }
        return out;
    }

    /** Orders claimed in one transaction when a listing is queued: the first are evaluated while the next are claimed. */
    public static final int LISTING_BATCH = 50;

    /** A listing (exchange property tevoListedOrders) in batches of {@link #LISTING_BATCH}, in order. */
    public List<List<String>> listingBatches(@ExchangeProperty("tevoListedOrders") List<String> orders) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; orders != null && from < orders.size(); from += LISTING_BATCH) {
            out.add(orders.subList(from, Math.min(orders.size(), from + LISTING_BATCH)));
        }
        return out;
    }

    /** At the start of an evaluation: the order's claim is taken, unless it came claimed from the queue. */
    public boolean claimForEvaluation(@ExchangeProperty("tevoOrderId") Long orderId, @ExchangeProperty("tevoClaimed") Boolean claimed) {
        if (orderId == null) {
            return true;
        }
        return Boolean.TRUE.equals(claimed) && holds(orderKey(orderId)) || claim(orderKey(orderId));
    }

    public boolean claimOrder(@ExchangeProperty("tevoOrderId") Long orderId) {
        return orderId == null || claim(orderKey(orderId));
    }

    public void releaseOrder(@ExchangeProperty("tevoOrderId") Long orderId) {
        if (orderId != null) {
            release(orderKey(orderId));
        }
    }

    public static String orderKey(long orderId) {
        return "order:" + orderId;
    }

    public static String itemKey(long orderId, long itemId) {
        return "item:" + orderId + ":" + itemId;
    }

    /** The order a claim key is about (order:<id> or item:<order id>:<item id>), or null for other keys. */
    public static Long orderOf(String key) {
        String[] parts = key.split(":");
        if (parts.length >= 2 && ("order".equals(parts[0]) || "item".equals(parts[0]))) {
            try {
                return Long.valueOf(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Take over one expired claim (body: {@link Expired}). Returns "order" when this desk now holds the order the claim
     * was about (exchange properties tevoOrderId and claimOwner set), "none" when another desk was first or holds the
     * order, "released" for any other key (given back: its own consumer takes it again).
     */
    public String takeOver(Exchange exchange) {
        Expired e = exchange.getMessage().getBody(Expired.class);
        if (!claim(e.key())) {
            return "none";
        }
        Long orderId = orderOf(e.key());
        if (orderId == null || !e.key().startsWith("order:")) {
            release(e.key());
            if (orderId == null || !claim(orderKey(orderId))) {
                return orderId == null ? "released" : "none";
            }
        }
        exchange.setProperty("tevoOrderId", orderId);
        exchange.setProperty("claimOwner", e.owner());
        return "order";
    }

    /**
     * Stop renewing an order's claim without giving it back: it runs out after state.claims.lease and is taken over
     * again (by this desk or another), so a takeover that failed (TEvo unreachable) is retried, once per lease.
     */
    public void letOrderLapse(@ExchangeProperty("tevoOrderId") Long orderId) {
        if (orderId != null && held.remove(orderKey(orderId))) {
            // no longer this desk's row: the renewals (by owner) pass it by
            store.execute("update work_claim set owner = ? where claim_key = ? and owner = ?", ps -> {
                ps.setString(1, truncate("lapsed " + owner));
                ps.setString(2, orderKey(orderId));
                ps.setString(3, owner);
            });
        }
    }

    /** A graceful stop: what this desk still holds (orders queued, not started) is free for the others at once. */
    @PreDestroy
    void releaseAll() {
        if (held.isEmpty()) {
            return;
        }
        try {
            int n = store.execute("delete from work_claim where owner = ?", ps -> ps.setString(1, owner));
            LOG.infof("stopping: %d claim(s) given back", n);
        } catch (RuntimeException e) {
            LOG.debugf("stopping: claims not given back (%s); they run out after %s", e.getMessage(), lease());
        }
        held.clear();
    }

    private static String truncate(String key) {
        return key.length() <= 600 ? key : key.substring(0, 600);
    }
}
