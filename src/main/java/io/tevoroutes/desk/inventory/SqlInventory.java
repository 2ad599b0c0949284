package io.tevoroutes.desk.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import io.tevoroutes.desk.state.StateDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The broker's inventory in its own SQL database (inventory.source=sql): PostgreSQL, H2 or any database whose JDBC
 * driver the build includes, chosen by inventory.sql.url alone; with inventory.sql.url empty, the inventory tables are
 * read from the desk's own state database. One query per item, or one per order for all its items
 * (inventory.sql.batch-query). Queries return columns ticket_id, quantity, price, eticket. A database that cannot
 * answer throws: the order is not decided and is evaluated again at the next poll. Optionally an accept writes back
 * (inventory.sql.on-accept), undone by inventory.sql.on-release when the order does not sell after all.
 */
@ApplicationScoped
@Named("sqlInventory")
public class SqlInventory implements InventoryWriteBack {

    private static final Logger LOG = Logger.getLogger(SqlInventory.class);
    private static final Pattern NAMED = Pattern.compile("(?<!:):(remoteIds|remoteId|quantity|orderId)\\b");

    @ConfigProperty(name = "inventory.sql.url")
    Optional<String> url;
    @ConfigProperty(name = "inventory.sql.username")
    Optional<String> username;
    @ConfigProperty(name = "inventory.sql.password")
    Optional<String> password;
    @ConfigProperty(name = "inventory.sql.query")
    String query;
    @ConfigProperty(name = "inventory.sql.batch-query")
    Optional<String> batchQuery;
    @ConfigProperty(name = "inventory.sql.pool-size", defaultValue = "8")
    int poolSize;
    @ConfigProperty(name = "inventory.sql.on-accept")
    Optional<String> onAccept;
    @ConfigProperty(name = "inventory.sql.on-release")
    Optional<String> onRelease;
    @ConfigProperty(name = "inventory.source")
    String source;

    @Inject
    StateDatabase stateStore;

    private volatile AgroalDataSource pool;

    /** What the inventory says of one TicketID; null when unknown. */
    public InventoryRecord lookup(String ticketId) {
        if (ticketId == null) {
            return null;
        }
        Map<String, InventoryRecord> found = run(query, List.of(ticketId));
        return found.get(ticketId);
    }

    /**
     * One item's TicketID (header remoteId, typed: never re-parsed), from the order's prefetched rows when the batch
     * query fetched them (exchange property tevoInventoryPrefetch), else with one query.
     */
    public InventoryRecord lookupItem(@org.apache.camel.Header("remoteId") String ticketId,
            @org.apache.camel.ExchangeProperty("tevoInventoryPrefetch") Map<String, Object> prefetched) {
        String id = ticketId == null ? null : ticketId.trim();
        if (id != null && prefetched != null && prefetched.containsKey(id)) {
            return (InventoryRecord) prefetched.get(id);
        }
        return lookup(id);
    }

    /**
     * All the TicketIDs of one order in one query (the batch query), into exchange property tevoInventoryPrefetch, so
     * that the per-item lookups of the order need no round trip. Without a batch query: nothing to do.
     */
    public void prefetch(Exchange exchange) {
        if (batchQuery.filter(q -> !q.isBlank()).isEmpty()) {
            return;
        }
        Object order = exchange.getProperty("tevoOrder");
        if (!(order instanceof io.tevoroutes.desk.model.TevoOrder o) || o.getItems().isEmpty()) {
            return;
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        o.getItems().forEach(i -> {
            if (i.getRemoteId() != null) {
                ids.add(i.getRemoteId());
            }
        });
        if (ids.isEmpty()) {
            return;
        }
        Map<String, InventoryRecord> found = run(batchQuery.get(), new ArrayList<>(ids));
        Map<String, Object> prefetched = new HashMap<>();
        ids.forEach(id -> prefetched.put(id, found.getOrDefault(id, null)));
        exchange.setProperty("tevoInventoryPrefetch", prefetched);
    }

    Map<String, InventoryRecord> run(String sql, List<String> ids) {
        ParsedQuery parsed = ParsedQuery.of(sql, ids.size());
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(parsed.sql())) {
            parsed.bind(ps, ids, null, null);
            Map<String, InventoryRecord> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String raw = rs.getString("ticket_id");
                    String id = raw == null ? null : raw.trim();
                    InventoryRecord row = row(rs, id);
                    if (out.putIfAbsent(id, row) != null) {
                        // two rows for one TicketID: which one is right cannot be known, so neither is used
                        out.put(id, InventoryRecord.unusable(id, "the inventory query returns TicketID " + id + " more than once"));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new InventoryUnavailableException("the inventory database cannot answer (" + e.getMessage() + ")");
        }
    }

    /**
     * One row, checked like a CSV row: a quantity and a price, numbers of at least 0 (a NULL price is not "no floor": the
     * desk never sells without one; write 0 for none), eticket true/false (NULL: false). A row that fails makes its
     * TicketID unusable: its orders are held, naming why, and the rest of the inventory is used.
     */
    /** Every column of the row, by the query's labels: what the decision rules read as stock[...]. */
    private static InventoryColumns columns(ResultSet rs) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        List<String> names = new ArrayList<>(meta.getColumnCount());
        Object[] values = new Object[meta.getColumnCount()];
        for (int i = 1; i <= values.length; i++) {
            names.add(meta.getColumnLabel(i));
            Object v = rs.getObject(i);
            values[i - 1] = v instanceof String s ? s.trim() : v;
        }
        return new InventoryColumns(InventoryColumns.Header.of(names), values);
    }

    /** A numeric or text column, read by Numbers (a Refused is a NumberFormatException: "not a number"). */
    private static java.math.BigDecimal number(Object v) {
        if (v instanceof java.math.BigDecimal b) {
            return io.tevoroutes.desk.model.Numbers.decimal(b);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("'" + v + "' is not a number");
            }
            return io.tevoroutes.desk.model.Numbers.decimal(java.math.BigDecimal.valueOf(d));
        }
        if (v instanceof java.math.BigInteger || v instanceof Number) {
            return io.tevoroutes.desk.model.Numbers.decimal(new java.math.BigDecimal(v.toString()));
        }
        return io.tevoroutes.desk.model.Numbers.decimal(v.toString().trim());
    }

    static InventoryRecord row(ResultSet rs, String id) {
        try {
            Object q = rs.getObject("quantity");
            if (q == null) {
                return InventoryRecord.unusable(id, "its row has no quantity");
            }
            // Numbers: bounded, as a CSV cell (a numeric column of 1E+1000000 is refused without being written out)
            java.math.BigDecimal qty = number(q);
            if (qty.signum() < 0 || qty.stripTrailingZeros().scale() > 0) {
                return InventoryRecord.unusable(id, "its row has quantity " + qty + ", not a whole number of at least 0");
            }
            int quantity = io.tevoroutes.desk.model.Numbers.whole(qty);
            Object p = rs.getObject("price");
            if (p == null) {
                return InventoryRecord.unusable(id, "its row has no price (write 0 for no floor price)");
            }
            java.math.BigDecimal price = number(p);
            if (price.signum() < 0) {
                return InventoryRecord.unusable(id, "its row has a negative price " + price);
            }
            Object e = rs.getObject("eticket");
            Boolean eticket = e == null || e instanceof Boolean ? Boolean.valueOf(Boolean.TRUE.equals(e)) : InventoryRecord.flag(e.toString());
            if (eticket == null) {
                return InventoryRecord.unusable(id, "its row has eticket '" + e + "', not true/false");
            }
            return new InventoryRecord(id, quantity, price, eticket).withColumns(columns(rs));
        } catch (NumberFormatException | ArithmeticException e) {
            return InventoryRecord.unusable(id, "its row has a value that is not a number (" + e.getMessage() + ")");
        } catch (SQLException e) {
            return InventoryRecord.unusable(id, "its row cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public boolean enabled() {
        return "sql".equals(source) && onAccept.filter(q -> !q.isBlank()).isPresent();
    }

    @Override
    public void sold(Connection stateTransaction, long orderId, Map<String, Integer> quantities) throws SQLException {
        write("inventory.sql.on-accept", onAccept.orElseThrow(), stateTransaction, orderId, quantities);
    }

    @Override
    public void released(Connection stateTransaction, long orderId, Map<String, Integer> quantities) throws SQLException {
        if (onRelease.filter(q -> !q.isBlank()).isEmpty()) {
            LOG.warnf("order %d did not sell after all, but inventory.sql.on-release is not set: the inventory keeps "
                    + "what inventory.sql.on-accept wrote for TicketID(s) %s", orderId, quantities.keySet());
            return;
        }
        write("inventory.sql.on-release", onRelease.get(), stateTransaction, orderId, quantities);
    }

    @Override
    public void reservationNotStored(long orderId, Map<String, Integer> quantities) {
        if (sharesStateDatabase() || onRelease.filter(q -> !q.isBlank()).isEmpty()) {
            return;
        }
        try {
            write("inventory.sql.on-release", onRelease.get(), null, orderId, quantities);
        } catch (SQLException e) {
            LOG.errorf("order %d was not accepted, but undoing its inventory write-back failed (%s): check TicketID(s) %s",
                    orderId, e.getMessage(), quantities.keySet());
        }
    }

    /** One statement per TicketID of the order, in the state transaction when the inventory shares its database. */
    private void write(String setting, String sql, Connection stateTransaction, long orderId, Map<String, Integer> quantities)
            throws SQLException {
        ParsedQuery parsed = ParsedQuery.of(sql, 1);
        if (sharesStateDatabase()) {
            execute(stateTransaction, parsed, orderId, quantities);
            return;
        }
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                execute(c, parsed, orderId, quantities);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw new SQLException(setting + " failed: " + e.getMessage(), e.getCause() == null ? e : e.getCause());
            }
        }
    }

    private static void execute(Connection c, ParsedQuery parsed, long orderId, Map<String, Integer> quantities) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(parsed.sql())) {
            for (Map.Entry<String, Integer> e : quantities.entrySet()) {
                parsed.bind(ps, List.of(e.getKey()), e.getValue(), orderId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** inventory.sql.url empty: the inventory tables live in the desk's state database. */
    boolean sharesStateDatabase() {
        return url.filter(u -> !u.isBlank()).isEmpty();
    }

    private DataSource dataSource() throws SQLException {
        return sharesStateDatabase() ? stateStore.dataSource() : pool();
    }

    private AgroalDataSource pool() throws SQLException {
        AgroalDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    String jdbcUrl = url.orElseThrow();
                    pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(cp -> cp.maxSize(poolSize).acquisitionTimeout(Duration.ofSeconds(5))
                                    // a database that restarted leaves dead connections in the pool: check each one lent
                                    .validateOnBorrow(true).connectionValidator(
                                            io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator
                                                    .defaultValidatorWithTimeout(2))
                                    .connectionFactoryConfiguration(cf -> {
                                        cf.jdbcUrl(jdbcUrl).loginTimeout(Duration.ofSeconds(5));
                                        username.filter(u -> !u.isBlank()).ifPresent(u -> cf.principal(new NamePrincipal(u)));
                                        password.filter(pw -> !pw.isBlank()).ifPresent(pw -> cf.credential(new SimplePassword(pw)));
                                        return cf;
                                    })));
                    LOG.infof("inventory database: %s", jdbcUrl.replaceAll("password=[^&;]*", "password=***"));
                }
                p = pool;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * A statement with named parameters turned into JDBC: :remoteId (one TicketID), :remoteIds (the order's TicketIDs,
     * expanded to ?, ?, ...), :quantity (tickets sold of that TicketID) and :orderId.
     */
    record ParsedQuery(String sql, List<String> params, int listSize) {
        static ParsedQuery of(String sql, int listSize) {
            Matcher m = NAMED.matcher(sql);
            StringBuilder out = new StringBuilder();
            List<String> params = new ArrayList<>();
            while (m.find()) {
                params.add(m.group(1));
                String marks = "remoteIds".equals(m.group(1)) ? String.join(", ", Collections.nCopies(Math.max(1, listSize), "?")) : "?";
                m.appendReplacement(out, marks);
            }
            m.appendTail(out);
            return new ParsedQuery(out.toString(), params, listSize);
        }

        void bind(PreparedStatement ps, List<String> ids, Integer quantity, Long orderId) throws SQLException {
            int at = 1;
            for (String name : params) {
                switch (name) {
                    case "remoteIds" -> {
                        for (int i = 0; i < Math.max(1, listSize); i++) {
                            ps.setString(at++, i < ids.size() ? ids.get(i) : null);
                        }
                    }
                    case "remoteId" -> ps.setString(at++, ids.get(0));
                    case "quantity" -> ps.setInt(at++, quantity == null ? 0 : quantity);
                    default -> ps.setLong(at++, orderId == null ? 0 : orderId);
                }
            }
        }
    }
}
