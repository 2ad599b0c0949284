package io.tevoroutes.desk;

import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.inventory.InventoryUnavailableException;
import io.tevoroutes.desk.inventory.SqlInventory;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.PostgresResource;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;

/** The SQL inventory source on both databases it is tested with: embedded H2 and a real PostgreSQL. */
@org.junit.jupiter.api.extension.ExtendWith(ReliabilityReport.class)
class SqlInventoryTest {

    static Stream<Arguments> databases() {
        String h2 = "jdbc:h2:mem:inventory-test;DB_CLOSE_DELAY=-1";
        PostgresResource.execute(h2, "drop table if exists inventory");
        PostgresResource.execute(h2, readSchema());
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", PostgresResource.url()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void looksTicketIdsUpOneByOneOrAllAtOnce(String name, String url) throws Exception {
        SqlInventory inventory = inventory(url);

        assertThat(inventory.lookup("191497").withColumns(null)).isEqualTo(new InventoryRecord("191497", 4, new BigDecimal("200.00"), true));
        assertThat(inventory.lookup("nope")).isNull();

        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("tevoOrder", new ObjectMapper().readValue(
                order(1, item(1, "191497", 1, "1", true), item(2, "191498", 1, "1", true), item(3, "unknown", 1, "1", true)),
                TevoOrder.class));
        inventory.prefetch(exchange);
        @SuppressWarnings("unchecked")
        Map<String, InventoryRecord> prefetched = exchange.getProperty("tevoInventoryPrefetch", Map.class);
        assertThat(prefetched).containsOnlyKeys("191497", "191498", "unknown");
        assertThat(prefetched.get("191498").quantity()).isEqualTo(2);
        assertThat(prefetched.get("unknown")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void extraColumnsOfTheQueryAreReadableByTheRules(String name, String url) throws Exception {
        PostgresResource.execute(url, "drop table if exists pos_costs; create table pos_costs (ticket_id varchar(50), quantity int,"
                + " price decimal(10,2), eticket boolean, cost decimal(10,2), zone varchar(20));"
                + "insert into pos_costs values ('C-1', 4, 200.00, true, 180.50, ' Lower ')");
        SqlInventory inventory = inventory(url);
        set(inventory, "query", "select ticket_id, quantity, price, eticket, cost, zone as \"Zone\" from pos_costs where ticket_id = :remoteId");
        set(inventory, "batchQuery", Optional.empty());
        InventoryRecord row = inventory.lookup("C-1");
        assertThat(row.columns().get("Cost")).isEqualTo(new BigDecimal("180.50"));
        assertThat(row.columns().get("zone")).isEqualTo("Lower");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> row.columns().get("margin")).hasMessageContaining("no column 'margin'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseThatCannotAnswerIsNeverTakenForAnEmptyInventory(String name, String url) throws Exception {
        SqlInventory inventory = inventory(url.startsWith("jdbc:h2") ? "jdbc:h2:mem:nowhere;IFEXISTS=TRUE"
                : "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2");
        assertThatThrownBy(() -> inventory.lookup("191497")).isInstanceOf(InventoryUnavailableException.class)
                .hasMessageContaining("the inventory database cannot answer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSaleIsWrittenBackAndUndoneInTheInventoryDatabase(String name, String url) throws Exception {
        PostgresResource.execute(url, "delete from inventory where ticket_id like 'WB-%';"
                + "insert into inventory (ticket_id, quantity, price, eticket) values ('WB-A', 5, 10.00, true), ('WB-B', 2, 10.00, true)");
        SqlInventory inventory = inventory(url);
        assertThat(inventory.enabled()).isTrue();

        inventory.sold(null, 1, Map.of("WB-A", 2, "WB-B", 1));
        assertThat(inventory.lookup("WB-A").quantity()).isEqualTo(3);
        assertThat(inventory.lookup("WB-B").quantity()).isEqualTo(1);

        inventory.released(null, 1, Map.of("WB-A", 2, "WB-B", 1));
        assertThat(inventory.lookup("WB-A").quantity()).isEqualTo(5);
        assertThat(inventory.lookup("WB-B").quantity()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aWriteBackThatFailsForOneTicketIdWritesNothing(String name, String url) throws Exception {
        PostgresResource.execute(url, "delete from inventory where ticket_id like 'WB-%';"
                + "insert into inventory (ticket_id, quantity, price, eticket) values ('WB-C', 5, 10.00, true), ('WB-D', 1, 10.00, true)");
        SqlInventory inventory = inventory(url);
        set(inventory, "onAccept", Optional.of("update inventory set quantity = 1 / (quantity - :quantity) where ticket_id = :remoteId"));

        // WB-D: 1 / (1 - 1) fails, after WB-C's update in the same transaction
        Map<String, Integer> sold = new java.util.LinkedHashMap<>();
        sold.put("WB-C", 1);
        sold.put("WB-D", 1);
        assertThatThrownBy(() -> inventory.sold(null, 2, sold))
                .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("inventory.sql.on-accept failed");
        assertThat(inventory.lookup("WB-C").quantity()).isEqualTo(5);
        assertThat(inventory.lookup("WB-D").quantity()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "a POS table with text columns and no key: numbers as text, a"
            + " NULL price, a negative and a fractional quantity, a bad e-ticket flag, a TicketID twice, a NULL flag",
            holds = "good rows read (text numbers too); each bad row makes its TicketID unusable, naming why (a NULL price"
                    + " is never taken for no floor); the database is not taken for down")
    void rowsThatCannotBeUsedMakeTheirTicketIdUnusableAndTheRestIsRead(String name, String url) throws Exception {
        PostgresResource.execute(url, "drop table if exists pos_stock; create table pos_stock (sku varchar(50), qty varchar(20),"
                + " floor_price varchar(20), has_pdf varchar(10));"
                + "insert into pos_stock values ('P-OK', '3', '10.50', 'yes'), ('P-NOPRICE', '2', null, 'true'),"
                + " ('P-NEG', '-1', '5', 'true'), ('P-FRAC', '1.5', '5', 'true'), ('P-TEXT', 'two', '5', 'true'),"
                + " ('P-ET', '2', '5', 'maybe'), ('P-DUP', '1', '5', 'true'), ('P-DUP', '4', '5', 'true'), ('P-NOET', '2', '0', null)");
        SqlInventory inventory = inventory(url);
        set(inventory, "query", "select sku as ticket_id, qty as quantity, floor_price as price, has_pdf as eticket from pos_stock"
                + " where sku = :remoteId");
        set(inventory, "batchQuery", Optional.of("select sku as ticket_id, qty as quantity, floor_price as price, has_pdf as"
                + " eticket from pos_stock where sku in (:remoteIds)"));

        assertThat(inventory.lookup("P-OK").withColumns(null)).isEqualTo(new InventoryRecord("P-OK", 3, new BigDecimal("10.50"), true));
        // the query's columns by their labels, whatever case the database gives them, for the decision rules
        assertThat(inventory.lookup("P-OK").columns().get("ticket_id")).isEqualTo("P-OK");
        assertThat(inventory.lookup("P-OK").columns().get("ETICKET")).isEqualTo("yes");
        assertThat(inventory.lookup("P-NOET").withColumns(null)).isEqualTo(new InventoryRecord("P-NOET", 2, new BigDecimal("0"), false));
        assertThat(inventory.lookup("P-NOPRICE").problem()).contains("no price");
        assertThat(inventory.lookup("P-NEG").problem()).contains("not a whole number of at least 0");
        assertThat(inventory.lookup("P-FRAC").problem()).contains("not a whole number of at least 0");
        assertThat(inventory.lookup("P-TEXT").problem()).contains("not a number");
        assertThat(inventory.lookup("P-ET").problem()).contains("'maybe', not true/false");
        assertThat(inventory.lookup("P-DUP").problem()).contains("more than once");
    }

    private static SqlInventory inventory(String url) throws ReflectiveOperationException {
        SqlInventory inventory = new SqlInventory();
        set(inventory, "url", Optional.of(url));
        set(inventory, "username", Optional.empty());
        set(inventory, "password", Optional.empty());
        set(inventory, "query", "select ticket_id, quantity, price, eticket from inventory where ticket_id = :remoteId");
        set(inventory, "batchQuery", Optional.of("select ticket_id, quantity, price, eticket from inventory where ticket_id in (:remoteIds)"));
        set(inventory, "poolSize", 2);
        set(inventory, "source", "sql");
        set(inventory, "onAccept", Optional.of("update inventory set quantity = quantity - :quantity where ticket_id = :remoteId"));
        set(inventory, "onRelease", Optional.of("update inventory set quantity = quantity + :quantity where ticket_id = :remoteId"));
        return inventory;
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = SqlInventory.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static String readSchema() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("samples/inventory-schema.sql"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
