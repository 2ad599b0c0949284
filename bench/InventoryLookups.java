import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.tevoroutes.desk.inventory.CsvInventory;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.inventory.SqlInventory;
import io.tevoroutes.desk.model.TevoOrder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Inventory lookup throughput with ROWS rows: the CSV index, and the SQL source on an embedded PostgreSQL and on H2
 * (one query per item, and one batch query per 4-item order), through the desk's own CsvInventory / SqlInventory
 * classes. Prints figures; asserts nothing. Run by bench/inventory-lookups.sh.
 */
public class InventoryLookups {

    static final int ROWS = Integer.getInteger("rows", 1_000_000);
    static final int THREADS = Integer.getInteger("threads", 8);

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("bench/out/lookups");
        Files.createDirectories(dir);
        System.out.printf("%d rows, %d threads, %s, %d cores%n", ROWS, THREADS, System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        Path csv = dir.resolve("inventory.csv");
        StringBuilder b = new StringBuilder("TicketID,Quantity,Price,ETicket\n");
        for (int i = 1; i <= ROWS; i++) {
            b.append('T').append(i).append(',').append(i % 9).append(',').append(20 + i % 300).append(".00,").append(i % 3 != 0).append('\n');
        }
        Files.writeString(csv, b);
        CsvInventory csvInventory = new CsvInventory();
        set(CsvInventory.class, csvInventory, "path", csv);
        set(CsvInventory.class, csvInventory, "ticketIdColumn", "TicketID");
        set(CsvInventory.class, csvInventory, "quantityColumn", "Quantity");
        set(CsvInventory.class, csvInventory, "priceColumn", "Price");
        set(CsvInventory.class, csvInventory, "eticketColumn", "ETicket");
        set(CsvInventory.class, csvInventory, "delimiter", ',');
        System.out.println("csv: " + csvInventory.refreshIfChanged().millis() + " ms to load and index");
        run("csv  single", 2_000_000, i -> csvInventory.lookup(randomId()));

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            sql("postgresql", pg.getJdbcUrl("postgres", "postgres"),
                    "insert into inventory select 'T' || g, g % 9, 20 + g % 300, g % 3 <> 0 from generate_series(1, " + ROWS + ") g");
        }
        Path h2 = dir.resolve("h2-inventory");
        Files.deleteIfExists(Path.of(h2 + ".mv.db"));
        sql("h2", "jdbc:h2:file:./" + h2, "insert into inventory select 'T' || x, mod(x, 9), 20 + mod(x, 300), mod(x, 3) <> 0 from system_range(1, "
                + ROWS + ")");
    }

    static void sql(String name, String url, String fill) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table inventory (ticket_id varchar(100) not null primary key, quantity integer not null,"
                    + " price numeric(12,2), eticket boolean not null default false)");
            long t0 = System.nanoTime();
            s.execute(fill);
            if (name.equals("postgresql")) {
                s.execute("analyze inventory");
            }
            System.out.printf("%s: %d rows inserted in %d ms%n", name, ROWS, (System.nanoTime() - t0) / 1_000_000);
            try (ResultSet rs = s.executeQuery("explain select ticket_id, quantity, price, eticket from inventory where ticket_id = 'T4242'")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1).replaceAll("\\s+", " ").trim()).append(" | ");
                }
                System.out.println(name + " plan: " + plan);
            }
        }
        SqlInventory inventory = new SqlInventory();
        set(SqlInventory.class, inventory, "url", Optional.of(url));
        set(SqlInventory.class, inventory, "username", Optional.empty());
        set(SqlInventory.class, inventory, "password", Optional.empty());
        set(SqlInventory.class, inventory, "query", "select ticket_id, quantity, price, eticket from inventory where ticket_id = :remoteId");
        set(SqlInventory.class, inventory, "batchQuery",
                Optional.of("select ticket_id, quantity, price, eticket from inventory where ticket_id in (:remoteIds)"));
        set(SqlInventory.class, inventory, "poolSize", THREADS);
        inventory.lookup("T1"); // open the pool
        run(name + " single", 100_000, i -> inventory.lookup(randomId()));
        DefaultCamelContext camel = new DefaultCamelContext(false);
        run(name + " orders of 4 (1 query each)", 25_000, i -> {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty("tevoOrder", orderOf4());
            inventory.prefetch(exchange);
            return exchange.getProperty("tevoInventoryPrefetch");
        });
    }

    static TevoOrder orderOf4() {
        try {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                items.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"quantity\":1,\"ticket_group\":{\"remote_id\":\"")
                        .append(randomId()).append("\"}}");
            }
            return MAPPER.readValue("{\"id\":1,\"items\":[" + items + "]}", TevoOrder.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static String randomId() {
        return "T" + (1 + ThreadLocalRandom.current().nextInt(ROWS + ROWS / 10)); // ~9 % unknown TicketIDs
    }

    static void run(String name, int calls, Function<Integer, Object> call) throws Exception {
        for (int i = 0; i < Math.min(calls / 10, 20_000); i++) {
            call.apply(i); // warm up
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long[] latencies = new long[calls];
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        int per = calls / THREADS;
        for (int t = 0; t < THREADS; t++) {
            int from = t * per;
            done.add(pool.submit(() -> {
                for (int i = from; i < from + per; i++) {
                    long s = System.nanoTime();
                    call.apply(i);
                    latencies[i] = System.nanoTime() - s;
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        long[] sorted = java.util.Arrays.copyOf(latencies, per * THREADS);
        java.util.Arrays.sort(sorted);
        System.out.printf("%-34s %,10.0f calls/s   p50 %7.1f us   p99 %7.1f us%n", name,
                per * THREADS / (elapsed / 1e9), sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    static void set(Class<?> type, Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
