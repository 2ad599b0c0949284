package io.tevoroutes.desk.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.tevoroutes.desk.inventory.CsvRowsAccess;

/**
 * The packed CSV index (CsvRows) at the edges a real export reaches: rows across many 256 KB chunks, TicketIDs that
 * differ only in a quote or a non-ASCII letter, a TicketID that is not the first column, a row too long to index.
 */
class CsvRowsTest {

    @Test
    void finds_every_row_across_chunks_and_growth_and_nothing_else() {
        CsvRowsAccess rows = new CsvRowsAccess(1);
        int n = 60_000; // about 3 MB of cells: a dozen chunks, the table grown 6 times
        for (int i = 0; i < n; i++) {
            assertThat(rows.addIfAbsent("T" + i, new String[] { "Event " + i, "T" + i, String.valueOf(i % 9), "12.50" })).isTrue();
        }
        assertThat(rows.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 7) {
            assertThat(rows.cells("T" + i)).containsExactly("Event " + i, "T" + i, String.valueOf(i % 9), "12.50");
        }
        assertThat(rows.cells("T" + n)).isNull();
        assertThat(rows.cells("t1")).isNull();
        assertThat(rows.cells("T1 ")).isNull();
        assertThat(rows.addIfAbsent("T42", new String[] { "again", "T42", "1", "1" })).isFalse();
        assertThat(rows.cells("T42")[0]).isEqualTo("Event 42");
    }

    @Test
    void ticket_ids_are_compared_byte_for_byte() {
        CsvRowsAccess rows = new CsvRowsAccess(0);
        String[] ids = { "A-1", "\"A-1\"", "Å-1", "A-1\u00A0", "Ａ-1", "", "null", "😀" };
        for (String id : ids) {
            assertThat(rows.addIfAbsent(id, new String[] { id, "value of " + id })).as(id).isTrue();
        }
        for (String id : ids) {
            assertThat(rows.cells(id)).as(id).containsExactly(id, "value of " + id);
        }
        assertThat(rows.cells("A-2")).isNull();
    }

    @Test
    void a_row_longer_than_a_chunk_is_refused_and_nothing_else_changes() {
        CsvRowsAccess rows = new CsvRowsAccess(0);
        rows.addIfAbsent("small", new String[] { "small", "x" });
        assertThatThrownBy(() -> rows.addIfAbsent("huge", new String[] { "huge", "x".repeat(300_000) }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 256 KB");
        assertThat(rows.cells("huge")).isNull();
        assertThat(rows.size()).isEqualTo(1);
        // a long but legal row (200 KB) starts a chunk of its own
        assertThat(rows.addIfAbsent("long", new String[] { "long", "y".repeat(200_000) })).isTrue();
        assertThat(rows.cells("long")[1]).hasSize(200_000);
        assertThat(rows.cells("small")).containsExactly("small", "x");
    }
}
