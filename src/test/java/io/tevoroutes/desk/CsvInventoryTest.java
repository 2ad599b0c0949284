package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tevoroutes.desk.inventory.CsvInventory;
import io.tevoroutes.desk.inventory.InventoryRecord;
import java.util.List;

import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;

@ExtendWith(ReliabilityReport.class)
class CsvInventoryTest {

    @TempDir
    Path dir;
    Path file;
    CsvInventory inventory;

    @BeforeEach
    void setUp() {
        file = dir.resolve("inventory.csv");
        inventory = TestableCsvInventory.at(file, "TicketID", "Quantity", "Price", "ETicket");
    }

    @Test
    void indexesRowsByTicketIdAndIgnoresExtraColumns() throws IOException {
        write("Event,TicketID,Quantity,Price,ETicket,Notes\n\"Ravens, Eagles\",191497,4,200.50,true,\"row 28\"\nX,191498,0,10,no,\n");
        assertThat(inventory.refreshIfChanged().isFailed()).isFalse();
        assertThat(inventory.lookup("191497").withColumns(null)).isEqualTo(new InventoryRecord("191497", 4, new BigDecimal("200.50"), true));
        // every column of the row, by its header name, for the decision rules (stock[Notes]); a name it lacks is an error
        assertThat(inventory.lookup("191497").columns()).containsEntry("Event", "Ravens, Eagles").containsEntry("Notes", "row 28");
        assertThat(inventory.lookup("191497").columns().get("notes")).isEqualTo("row 28");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inventory.lookup("191497").columns().get("Cost"))
                .hasMessageContaining("the inventory has no column 'Cost'").hasMessageContaining("Event, TicketID, Quantity, Price, ETicket, Notes");
        assertThat(inventory.lookup(" 191498 ").quantity()).isZero();
        assertThat(inventory.lookup("191498").eticket()).isFalse();
        assertThat(inventory.lookup("nope")).isNull();
    }

    @Test
    void columnNamesAreConfigurable() throws IOException {
        inventory = TestableCsvInventory.at(file, "remote_id", "qty", "floor", "pdf");
        write("remote_id;qty;floor;pdf\nA-1;3;9.99;1\n".replace(';', ','));
        inventory.refreshIfChanged();
        assertThat(inventory.lookup("A-1").withColumns(null)).isEqualTo(new InventoryRecord("A-1", 3, new BigDecimal("9.99"), true));
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "inventory rows with bad numbers, a negative quantity, an empty"
            + " TicketID, a bad ETicket flag, a TicketID listed twice, a short row", holds = "every bad row reported by line; the"
                    + " TicketIDs of bad rows (and the twice-listed one) unusable, naming why; good rows used")
    void badRowsAreReportedWithTheirLineNumbersAndTheirTicketIdsAreUnusable() throws IOException {
        write("""
                TicketID,Quantity,Price,ETicket
                OK-1,2,10.00,true
                BAD-QTY,two,10.00,true
                BAD-NEG,-1,10.00,true
                ,2,10.00,true
                BAD-ET,2,10.00,maybe
                OK-1,9,1.00,true
                SHORT-ROW,2
                OK-2,1,5,false
                """);
        CsvInventory.LoadReport report = inventory.refreshIfChanged();
        assertThat(report.records()).isEqualTo(1);
        assertThat(report.badRows()).extracting(CsvInventory.BadRow::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(report.badRowSummary(10)).contains("line 3: not a number").contains("line 7: duplicate TicketID OK-1: neither row is used")
                .contains("line 8: the row has 2 column(s), too few");
        // which of two rows is right cannot be known: neither is used, and an order for it is held naming both lines
        assertThat(inventory.lookup("OK-1").isUsable()).isFalse();
        assertThat(inventory.lookup("OK-1").problem()).contains("listed more than once").contains("again on line 7");
        assertThat(inventory.lookup("BAD-QTY").problem()).contains("line 3").contains("not a number");
        assertThat(inventory.lookup("BAD-NEG").problem()).contains("line 4").contains("negative Quantity -1");
        assertThat(inventory.lookup("BAD-ET").problem()).contains("'maybe' is not true/false");
        assertThat(inventory.lookup("SHORT-ROW").problem()).contains("too few");
        assertThat(inventory.lookup("OK-2").withColumns(null)).isEqualTo(new InventoryRecord("OK-2", 1, new BigDecimal("5"), false));
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "inventory files in other encodings: UTF-8 with a byte-order mark,"
            + " Windows-1252 (an accented TicketID), UTF-16", holds = "UTF-8 with or without BOM is read; anything else is refused"
                    + " as a whole, saying it is not UTF-8, and the last good inventory is kept")
    void onlyUtf8IsReadWithOrWithoutByteOrderMark() throws IOException {
        Files.write(file, ("\uFEFFTicketID,Quantity,Price,ETicket\nCAFÉ-1,2,10.00,true\n").getBytes(StandardCharsets.UTF_8));
        assertThat(inventory.refreshIfChanged().isFailed()).isFalse();
        assertThat(inventory.lookup("CAFÉ-1").quantity()).isEqualTo(2);

        Files.write(file, "TicketID,Quantity,Price,ETicket\nCAFÉ-1,5,10.00,true\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(inventory.refreshIfChanged().problem()).contains("not UTF-8");
        assertThat(inventory.lookup("CAFÉ-1").quantity()).isEqualTo(2);

        Files.write(file, "TicketID,Quantity,Price,ETicket\nCAFÉ-1,7,10.00,true\n".getBytes(StandardCharsets.UTF_16));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        CsvInventory.LoadReport utf16 = inventory.refreshIfChanged();
        assertThat(utf16.isFailed()).isTrue();
        assertThat(inventory.lookup("CAFÉ-1").quantity()).isEqualTo(2);
    }

    @Test
    @Reliability(area = FaultArea.INVENTORY_BROKEN, value = "inventory CSV replaced by a broken file mid-run",
            holds = "the last good inventory is kept")
    void aBrokenFileKeepsTheLastGoodInventory() throws IOException {
        write("TicketID,Quantity,Price,ETicket\nOK-1,2,10.00,true\n");
        inventory.refreshIfChanged();

        write("Ticket,Qty\nOK-1,100\n", Instant.now().plusSeconds(5));
        CsvInventory.LoadReport report = inventory.refreshIfChanged();
        assertThat(report.isFailed()).isTrue();
        assertThat(report.problem()).contains("lacks column(s) [TicketID, Quantity, Price, ETicket]")
                .contains("keeping the last good inventory (1 TicketIDs)");
        assertThat(inventory.lookup("OK-1").quantity()).isEqualTo(2);

        Files.write(file, new byte[] { 'T', (byte) 0xC3, (byte) 0x28, '\n' });
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(inventory.refreshIfChanged().problem()).contains("not UTF-8");
        assertThat(inventory.lookup("OK-1").quantity()).isEqualTo(2);
    }

    @Test
    void reloadsOnlyWhenTheFileChanges() throws IOException {
        write("TicketID,Quantity,Price,ETicket\nOK-1,2,10.00,true\n");
        assertThat(inventory.refreshIfChanged()).isNotNull();
        assertThat(inventory.refreshIfChanged()).isNull(); // unchanged: not read again
        write("TicketID,Quantity,Price,ETicket\nOK-1,1,10.00,true\n", Instant.now().plusSeconds(5));
        assertThat(inventory.refreshIfChanged()).isNotNull();
        assertThat(inventory.lookup("OK-1").quantity()).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a safety net only
    @Reliability(area = FaultArea.INVENTORY_INPUT, value = "every value of the hostile-numbers corpus (1E+1000000, 400 digits,"
            + " NaN, 0x10, unicode digits, -0, ...) as a Quantity and as a Price cell, quoted as a spreadsheet writes it",
            holds = "each row unusable, its TicketID's orders held naming the line and the reason; the good row still used")
    void hostileNumbersInQuantityOrPriceMakeTheirRowUnusableWithTheReason() throws IOException {
        StringBuilder csv = new StringBuilder("TicketID,Quantity,Price,ETicket\nGOOD-1,4,90.00,true\n");
        List<String> values = new java.util.ArrayList<>(io.tevoroutes.desk.support.HostileNumbers.texts());
        // the CSV reader trims spaces and control characters around a cell (String.trim), as it always did: " 12 " and
        // "12<NUL>" are the cell 12 there
        values.remove(" 12 ");
        values.remove("12\u0000");
        for (int i = 0; i < values.size(); i++) {
            String cell = "\"" + values.get(i).replace("\"", "\"\"") + "\"";
            csv.append("Q-").append(i).append(',').append(cell).append(",10.00,true\n");
            csv.append("P-").append(i).append(",2,").append(cell).append(",true\n");
        }
        write(csv.toString());

        assertThat(inventory.refreshIfChanged().isFailed()).isFalse();
        assertThat(inventory.lookup("GOOD-1").isUsable()).isTrue();
        for (int i = 0; i < values.size(); i++) {
            for (String id : List.of("Q-" + i, "P-" + i)) {
                InventoryRecord r = inventory.lookup(id);
                assertThat(r).as("%s (%s)", id, values.get(i)).isNotNull();
                assertThat(r.isUsable()).as("%s (%s): %s", id, values.get(i), r).isFalse();
                assertThat(r.problem()).contains("of the inventory file: ").containsAnyOf("not a number", "negative");
            }
        }
        assertThat(inventory.lookup("P-0").problem()).contains("not a number: '1E+1000000' has an exponent of more than two digits");
    }

    private void write(String csv) throws IOException {
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private void write(String csv, Instant modified) throws IOException {
        write(csv);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
