package io.tevoroutes.desk.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The production set-up on a real PostgreSQL: the desk's state store and the broker's inventory (inventory.source=sql,
 * inventory.sql.url empty: the inventory tables are in the same database) in a database created empty for this
 * profile, so Flyway builds the schema from nothing. Accepts write back to the inventory for TicketIDs starting with
 * WB- (the broker's statement may select what it writes), so the shared scenarios see the same inventory as on CSV.
 */
public class PostgresDeskProfile implements QuarkusTestProfile {

    public static final String DATABASE = "desk_scenarios";

    /** TicketIDs of the SQL-only scenarios (write-back, outage). */
    static final String WRITE_BACK_ROWS = "insert into inventory (ticket_id, quantity, price, eticket) values "
            + "('WB-1', 5, 50.00, true), ('WB-2', 3, 50.00, true), ('WB-3', 4, 50.00, true), ('OUT-1', 2, 50.00, true);";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Database.class));
    }

    public static class Database implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String url = PostgresResource.freshDatabase(DATABASE);
            // the broker's inventory is there before the desk first starts (Flyway adds the desk's tables next to it)
            String schema;
            try {
                schema = java.nio.file.Files.readString(java.nio.file.Path.of("samples/inventory-schema.sql"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            PostgresResource.execute(url + "?user=postgres", schema);
            PostgresResource.execute(url + "?user=postgres", inventoryRows() + WRITE_BACK_ROWS);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("state.postgresql.url", url);
            config.put("state.postgresql.username", "postgres");
            config.put("state.postgresql.password", PostgresResource.PASSWORD);
            config.put("inventory.source", "sql");
            config.put("inventory.sql.on-accept",
                    "update inventory set quantity = quantity - :quantity where ticket_id = :remoteId and ticket_id like 'WB-%'");
            config.put("inventory.sql.on-release",
                    "update inventory set quantity = quantity + :quantity where ticket_id = :remoteId and ticket_id like 'WB-%'");
            config.put("inventory.outage.alert-after", "0s");
            return config;
        }

        /** The rows of the CSV scenarios' inventory ({@link InventoryResource#CSV}) as SQL. */
        static String inventoryRows() {
            StringBuilder sql = new StringBuilder("insert into inventory (ticket_id, quantity, price, eticket) values ");
            List<String> lines = InventoryResource.CSV.lines().skip(1).filter(l -> !l.isBlank()).toList();
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                sql.append(i == 0 ? "" : ", ").append("('").append(f[0]).append("', ").append(f[1]).append(", ").append(f[2])
                        .append(", ").append(f[3]).append(')');
            }
            return sql.append(';').toString();
        }

        @Override
        public void stop() {
        }
    }
}
