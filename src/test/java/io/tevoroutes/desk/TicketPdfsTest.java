package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tevoroutes.desk.eticket.EticketException;
import io.tevoroutes.desk.eticket.TicketPdfs;
import io.tevoroutes.desk.support.Pdfs;

class TicketPdfsTest {

    @TempDir
    Path dir;

    @Test
    void cutsAGroupPdfToTheSeatsSold() {
        Path group = Pdfs.seats(dir.resolve("191497.pdf"), 18, 23);
        Path cut = dir.resolve("cut.pdf");

        List<Integer> pages = TicketPdfs.cut(group, List.of("20", "21"), cut);

        assertThat(pages).containsExactly(3, 4);
        assertThat(TicketPdfs.check(cut, 10_000_000)).isEqualTo(2);
        assertThat(TicketPdfs.seatsByPage(cut)).containsExactly(Set.of("20"), Set.of("21"));
    }

    @Test
    void pagesWithoutContentsKeepEveryPageInItsPlace() throws Exception {
        Path pdf = Pdfs.tickets(dir.resolve("gaps.pdf"), List.of("Seat 1", "Seat 3"));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            // a blank page (no content stream at all) between the two, and one at the end
            doc.getPages().insertAfter(new org.apache.pdfbox.pdmodel.PDPage(), doc.getPage(0));
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            doc.save(dir.resolve("gaps2.pdf").toFile());
        }
        assertThat(TicketPdfs.seatsByPage(dir.resolve("gaps2.pdf"))).containsExactly(Set.of("1"), Set.of(), Set.of("3"), Set.of());
    }

    @Test
    void aReplacedFileIsReadAgain() throws Exception {
        Path pdf = Pdfs.seats(dir.resolve("G.pdf"), 1, 2);
        assertThat(TicketPdfs.seatsByPage(pdf)).containsExactly(Set.of("1"), Set.of("2"));
        Pdfs.seats(dir.resolve("other.pdf"), 5, 7);
        java.nio.file.Files.move(dir.resolve("other.pdf"), pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(TicketPdfs.seatsByPage(pdf)).containsExactly(Set.of("5"), Set.of("6"), Set.of("7"));
    }

    @Test
    void readsSeatNumbersInTheUsualSpellings() {
        Path pdf = Pdfs.tickets(dir.resolve("t.pdf"), List.of("Row 28 SEAT: 7", "Seat No. 008", "seat #12A", "General admission"));
        assertThat(TicketPdfs.seatsByPage(pdf)).containsExactly(Set.of("7"), Set.of("8"), Set.of("12A"), Set.of());
    }

    @Test
    void refusesSeatsThatCannotBeMatchedUnambiguously() {
        List<Set<String>> pages = List.of(Set.of("18"), Set.of("19", "20"), Set.of("21"), Set.of("21"));
        assertThatThrownBy(() -> TicketPdfs.pagesForSeats(pages, List.of("20"))).isInstanceOf(EticketException.class)
                .hasMessageContaining("page 2 shows seats");
        assertThatThrownBy(() -> TicketPdfs.pagesForSeats(pages, List.of("21"))).hasMessageContaining("seat 21 is on pages [3, 4]");
        assertThatThrownBy(() -> TicketPdfs.pagesForSeats(pages, List.of("18", "30"))).hasMessageContaining("seat 30 is on no page");
        assertThat(TicketPdfs.pagesForSeats(pages, List.of("018"))).containsExactly(1);
    }

    @Test
    void refusesWhatIsNotADeliverablePdf() {
        assertThatThrownBy(() -> TicketPdfs.check(Pdfs.notAPdf(dir.resolve("a.pdf")), 10_000_000))
                .isInstanceOf(EticketException.class).hasMessageContaining("cannot read the PDF");
        assertThatThrownBy(() -> TicketPdfs.check(Pdfs.encrypted(dir.resolve("b.pdf")), 10_000_000))
                .isInstanceOf(EticketException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> TicketPdfs.check(Pdfs.noPages(dir.resolve("c.pdf")), 10_000_000))
                .isInstanceOf(EticketException.class).hasMessageContaining("no pages");
        // PDFBox itself opens a PDF cut at 80 % (and counts all its pages): the desk must not
        assertThatThrownBy(() -> TicketPdfs.check(Pdfs.truncated(dir.resolve("e.pdf"), 0.8), 10_000_000))
                .isInstanceOf(EticketException.class).hasMessageContaining("incomplete").hasMessageContaining("%%EOF");
        assertThatThrownBy(() -> TicketPdfs.check(Pdfs.sparse(dir.resolve("f.pdf"), 1L << 30), 20_000_000))
                .isInstanceOf(EticketException.class).hasMessageContaining("1073741824 bytes, over the limit of 20000000");
        Path ok = Pdfs.seats(dir.resolve("d.pdf"), 1, 2);
        assertThatThrownBy(() -> TicketPdfs.check(ok, 100)).hasMessageContaining("over the limit of 100");
        assertThat(TicketPdfs.check(ok, 10_000_000)).isEqualTo(2);
    }
}
