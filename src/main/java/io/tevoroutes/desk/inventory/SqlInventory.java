package io.tevoroutes.desk.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The broker's inventory in its own SQL database (inventory.source=sql): PostgreSQL, H2 or any database whose JDBC
 * driver the build includes, chosen by inventory.sql.url alone. One query per item, or one per order for all its
 * items (inventory.sql.batch-query). Queries return columns ticket_id, quantity, price, eticket. A database that cannot
 * answer throws: the order is not decided and is evaluated again at the next poll.
 */
@ApplicationScoped
@Named("sqlInventory")
public class SqlInventory {

    private static final Logger LOG = Logger.getLogger(SqlInventory.class);
    private static final Pattern NAMED = Pattern.compile(":(remoteIds?)\\b");

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
        try (Connection c = pool().getConnection(); PreparedStatement ps = c.prepareStatement(parsed.sql())) {
            int at = 1;
            for (String name : parsed.params()) {
                if ("remoteIds".equals(name)) {
                    for (String id : ids) {
                        ps.setString(at++, id);
                    }
                } else {
                    ps.setString(at++, ids.get(0));
                }
            }
            Map<String, InventoryRecord> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("ticket_id");
                    out.putIfAbsent(id == null ? null : id.trim(), new InventoryRecord(id == null ? null : id.trim(),
                            rs.getInt("quantity"), rs.getBigDecimal("price"), rs.getBoolean("eticket")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new InventoryUnavailableException("the inventory database cannot answer (" + e.getMessage() + ")");
        }
    }

    private AgroalDataSource pool() throws SQLException {
        AgroalDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    String jdbcUrl = url.filter(u -> !u.isBlank()).orElseThrow(() -> new InventoryUnavailableException(
                            "inventory.source=sql needs inventory.sql.url (INVENTORY_SQL_URL)"));
                    pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(cp -> cp.maxSize(poolSize).acquisitionTimeout(Duration.ofSeconds(5))
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

    /** A query with :remoteId (one value) or :remoteIds (the list, expanded to ?, ?, ...) turned into JDBC. */
    record ParsedQuery(String sql, List<String> params) {
        static ParsedQuery of(String sql, int listSize) {
            Matcher m = NAMED.matcher(sql);
            StringBuilder out = new StringBuilder();
            List<String> params = new ArrayList<>();
            while (m.find()) {
                params.add(m.group(1));
                String marks = "remoteIds".equals(m.group(1)) ? String.join(", ", java.util.Collections.nCopies(Math.max(1, listSize), "?")) : "?";
                m.appendReplacement(out, marks);
            }
            m.appendTail(out);
            return new ParsedQuery(out.toString(), params);
        }
    }
}
