package io.tevoroutes.desk.inventory;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;

import io.tevoroutes.desk.model.Numbers;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The broker's inventory export (CSV), loaded once into an index by TicketID and reloaded when the file changes. Bad
 * rows are skipped and reported by line number; a file that cannot be read at all leaves the last good inventory in
 * place. Lookups never touch the file.
 */
@ApplicationScoped
@Named("csvInventory")
public class CsvInventory {

    private static final Logger LOG = Logger.getLogger(CsvInventory.class);

    @ConfigProperty(name = "inventory.csv.path")
    Path path;
    @ConfigProperty(name = "inventory.csv.columns.ticket-id", defaultValue = "TicketID")
    String ticketIdColumn;
    @ConfigProperty(name = "inventory.csv.columns.quantity", defaultValue = "Quantity")
    String quantityColumn;
    @ConfigProperty(name = "inventory.csv.columns.price", defaultValue = "Price")
    String priceColumn;
    @ConfigProperty(name = "inventory.csv.columns.eticket", defaultValue = "ETicket")
    String eticketColumn;
    @ConfigProperty(name = "inventory.csv.delimiter", defaultValue = ",")
    char delimiter;

    private volatile Snapshot current;
    private volatile Object loadedVersion;

    /**
     * What the inventory says of one TicketID; null when unknown. The TicketID is compared exactly, less the white space
     * around it (as the reservations count it): quotes are part of it.
     */
    public InventoryRecord lookup(@org.apache.camel.Header("remoteId") String ticketId) {
        Snapshot snapshot = current;
        if (snapshot == null) {
            refreshIfChanged();
            snapshot = current;
            if (snapshot == null) {
                throw new InventoryUnavailableException("the inventory file " + path + " has not been loaded yet"
                        + (lastReport == null ? "" : ": " + lastReport.problem()));
            }
        }
        return ticketId == null ? null : snapshot.get(ticketId.trim());
    }

    /** True once a readable file has been loaded (the first load is done now if it has not been tried yet). */
    public boolean loaded() {
        if (current == null && lastReport == null) {
            refreshIfChanged();
        }
        return current != null;
    }

    private volatile LoadReport lastReport;
    /** When the file stopped being readable (null while it is fine): one breakage, one email. */
    private volatile java.time.Instant brokenSince;

    public LoadReport lastReport() {
        return lastReport;
    }

    /** Reload when the file's size or modification time changed. Returns the report of a reload, or null. */
    public synchronized LoadReport refreshIfChanged() {
        Object version;
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            version = attrs.lastModifiedTime().toMillis() + ":" + attrs.size();
        } catch (NoSuchFileException e) {
            version = "missing";
        } catch (IOException e) {
            version = "unreadable:" + e.getMessage();
        }
        if (version.equals(loadedVersion) && (current != null || lastReport != null)) {
            return null;
        }
        loadedVersion = version;
        LoadReport report = load(path);
        lastReport = report;
        return report;
    }

    /** Read a file into a new snapshot; swap it in only when the file as a whole was readable. */
    LoadReport load(Path file) {
        long started = System.nanoTime();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Snapshot snapshot = parse(reader);
            current = snapshot;
            if (brokenSince != null) {
                LOG.infof("inventory %s can be read again (it could not be since %s)", file, brokenSince);
                brokenSince = null;
            }
            LoadReport report = new LoadReport(file.toString(), snapshot.usable(), snapshot.badRows(), null,
                    (System.nanoTime() - started) / 1_000_000, null);
            if (snapshot.badRows().isEmpty()) {
                LOG.infof("inventory %s loaded: %d TicketIDs in %d ms", file, report.records(), report.millis());
            } else {
                LOG.warnf("inventory %s loaded: %d TicketIDs, %d bad row(s) skipped: %s", file, report.records(),
                        snapshot.badRows().size(), report.badRowSummary(20));
            }
            return report;
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            String why = e instanceof NoSuchFileException ? "file not found"
                    : rootCause(e) instanceof CharacterCodingException ? "not UTF-8 text" : e.getMessage();
            if (brokenSince == null) {
                brokenSince = java.time.Instant.now();
            }
            LoadReport report = new LoadReport(file.toString(), current == null ? 0 : current.usable(), List.of(),
                    "cannot read the inventory " + file + ": " + why
                            + (current == null ? "" : "; keeping the last good inventory (" + current.usable() + " TicketIDs)"),
                    (System.nanoTime() - started) / 1_000_000, brokenSince);
            LOG.error(report.problem());
            return report;
        }
    }

    Snapshot parse(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = caseInsensitive(parser.getHeaderMap());
            List<String> missing = new ArrayList<>();
            for (String column : List.of(ticketIdColumn, quantityColumn, priceColumn, eticketColumn)) {
                if (!header.containsKey(column.toLowerCase(Locale.ROOT))) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the header lacks column(s) " + missing + " (found " + parser.getHeaderNames()
                        + "; set inventory.csv.columns.* to map other names)");
            }
            int idIdx = header.get(ticketIdColumn.toLowerCase(Locale.ROOT));
            int qtyIdx = header.get(quantityColumn.toLowerCase(Locale.ROOT));
            int priceIdx = header.get(priceColumn.toLowerCase(Locale.ROOT));
            int etIdx = header.get(eticketColumn.toLowerCase(Locale.ROOT));
            InventoryColumns.Header columns = InventoryColumns.Header.of(parser.getHeaderNames());
            Fields fields = new Fields(idIdx, qtyIdx, priceIdx, etIdx);
            // usable rows packed (CsvRows); the few rows that cannot be used, and TicketIDs listed twice, as records
            CsvRows rows = new CsvRows(idIdx);
            Map<String, InventoryRecord> unusable = new HashMap<>();
            int usable = 0;
            List<BadRow> bad = new ArrayList<>();
            for (CSVRecord row : parser) {
                long line = parser.getCurrentLineNumber();
                String[] cells = cells(row);
                String id = idIdx < cells.length ? cells[idIdx] : "";
                if (id.isEmpty()) {
                    bad.add(new BadRow(line, "empty " + ticketIdColumn));
                    continue;
                }
                InventoryRecord record;
                String why = null;
                try {
                    record = record(cells, id, fields);
                } catch (IllegalArgumentException e) {
                    why = e instanceof NumberFormatException ? "not a number: " + e.getMessage() : e.getMessage();
                    // the TicketID is there but its row cannot be used: its orders are held, naming the line
                    record = InventoryRecord.unusable(id, "line " + line + " of the inventory file: " + why);
                }
                boolean listed = unusable.containsKey(id);
                Boolean added = listed ? Boolean.FALSE : record.isUsable() ? add(rows, id, cells) : rows.find(id) < 0 ? null : Boolean.FALSE;
                if (Boolean.TRUE.equals(added)) {
                    usable++;
                } else if (added == null) {
                    // a first row that cannot be used (or is too long to index)
                    if (record.isUsable()) {
                        why = "the row is longer than " + CsvRows.CHUNK / 1024 + " KB";
                        record = InventoryRecord.unusable(id, "line " + line + " of the inventory file: " + why);
                    }
                    unusable.put(id, record);
                } else {
                    // two rows for one TicketID: which one is right cannot be known, so neither is used
                    if (!listed) {
                        usable--;
                    }
                    unusable.put(id, InventoryRecord.unusable(id, "TicketID " + id + " is listed more than once in the inventory"
                            + " (again on line " + line + ")"));
                    why = "duplicate " + ticketIdColumn + " " + id + ": neither row is used";
                }
                if (why != null) {
                    bad.add(new BadRow(line, why));
                }
            }
            rows.trim();
            return new Snapshot(rows, Map.copyOf(unusable), columns, fields, usable, List.copyOf(bad));
        }
    }

    /** Adds the row: true; false when its TicketID is there already; null when it is too long to index (and not there). */
    private static Boolean add(CsvRows rows, String id, String[] cells) {
        try {
            return rows.addIfAbsent(id, cells);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where the four columns the desk reads are, in one load's rows. */
    record Fields(int id, int quantity, int price, int eticket) {
    }

    private InventoryRecord record(String[] cells, String id, Fields f) {
        // Numbers: bounded amounts and quantities (a NumberFormatException with the reason: "not a number: ...")
        int qty = Numbers.whole(field(cells, f.quantity()));
        if (qty < 0) {
            throw new IllegalArgumentException("negative " + quantityColumn + " " + qty);
        }
        BigDecimal price = Numbers.decimal(field(cells, f.price()));
        if (price.signum() < 0) {
            throw new IllegalArgumentException("negative " + priceColumn + " " + price);
        }
        String et = field(cells, f.eticket());
        Boolean eticket = InventoryRecord.flag(et);
        if (eticket == null) {
            throw new IllegalArgumentException(eticketColumn + " '" + et.toLowerCase(Locale.ROOT) + "' is not true/false");
        }
        return new InventoryRecord(id, qty, price, eticket);
    }

    /** A row's cells, the spaces around each trimmed. */
    private static String[] cells(CSVRecord row) {
        String[] values = new String[row.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i).trim();
        }
        return values;
    }

    private static String field(String[] cells, int index) {
        if (index >= cells.length) {
            throw new IllegalArgumentException("the row has " + cells.length + " column(s), too few");
        }
        return cells[index];
    }

    private static Map<String, Integer> caseInsensitive(Map<String, Integer> header) {
        Map<String, Integer> out = new HashMap<>();
        if (header != null) {
            header.forEach((k, v) -> out.putIfAbsent(k == null ? "" : k.trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT), v));
        }
        return out;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** One load: the usable rows packed, the unusable ones (few) as records. */
    record Snapshot(CsvRows rows, Map<String, InventoryRecord> unusable, InventoryColumns.Header columns, Fields fields, int usable,
            List<BadRow> badRows) {

        /** What the inventory says of a TicketID (trimmed); null when it does not list it. */
        InventoryRecord get(String ticketId) {
            InventoryRecord record = unusable.get(ticketId);
            if (record != null) {
                return record;
            }
            int row = rows.find(ticketId);
            if (row < 0) {
                return null;
            }
            String[] cells = rows.cells(row);
            return new InventoryRecord(ticketId, Numbers.whole(cells[fields.quantity()]), Numbers.decimal(cells[fields.price()]),
                    InventoryRecord.flag(cells[fields.eticket()])).withColumns(new InventoryColumns(columns, cells));
        }
    }

    public record BadRow(long line, String reason) {
    }

    /**
     * The result of one (re)load; problem is set when the file could not be used at all, and brokenSince says since when
     * it cannot be used (the same for every failed reload until a good one).
     */
    public record LoadReport(String file, int records, List<BadRow> badRows, String problem, long millis,
            java.time.Instant brokenSince) {

        public boolean isFailed() {
            return problem != null;
        }

        public String badRowSummary(int max) {
            StringBuilder b = new StringBuilder();
            badRows.stream().limit(max).forEach(r -> b.append("line ").append(r.line()).append(": ").append(r.reason()).append("; "));
            if (badRows.size() > max) {
                b.append("and ").append(badRows.size() - max).append(" more");
            }
            return b.toString();
        }
    }
}
