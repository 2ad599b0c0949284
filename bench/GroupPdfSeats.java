import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import io.tevoroutes.desk.eticket.TicketPdfs;
import io.tevoroutes.desk.support.Pdfs;

/**
 * Reading the seats of a ticket-group PDF (one "Seat N" per page), as the desk does when a group PDF is dropped, side by
 * side with the baseline (the text stripper asked one page at a time, as the desk did before: it walks every page
 * before the one asked for), for several page counts; then one cut of two seats from the kept file (the seats are not
 * read again). Prints figures; asserts nothing. Run by bench/group-pdf.sh.
 */
public class GroupPdfSeats {

    static final Pattern SEAT = Pattern.compile("(?i)\\bseat\\s*(?:no\\.?|number|#|:)?\\s*([A-Z]?\\d{1,5}[A-Z]?)\\b");

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of("bench/out"));
        long baselineLimit = Long.getLong("baselineMaxPages", 5000);
        System.out.printf("%-8s %-10s %-14s %-14s%n", "pages", "file", "desk", "baseline");
        for (String n : System.getProperty("pages", "1000,5000,15000").split(",")) {
            int pages = Integer.parseInt(n.trim());
            Path pdf = dir.resolve("group-" + pages + ".pdf");
            Pdfs.seats(pdf, 1, pages); // the tests' own ticket PDFs: "Seat N" on page N
            long t0 = System.nanoTime();
            List<Set<String>> seats = TicketPdfs.seatsByPage(pdf);
            long desk = System.nanoTime() - t0;
            String baseline = "(skipped)";
            if (pages <= baselineLimit) {
                long t1 = System.nanoTime();
                List<Set<String>> old = perPage(pdf);
                baseline = String.format("%.2f s", (System.nanoTime() - t1) / 1e9);
                if (!old.equals(seats)) {
                    throw new IllegalStateException("the two readings differ");
                }
            }
            long t2 = System.nanoTime();
            TicketPdfs.cut(pdf, List.of(String.valueOf(pages / 2), String.valueOf(pages / 2 + 1)), dir.resolve("cut.pdf"));
            long cut = System.nanoTime() - t2;
            System.out.printf("%-8d %-10s %-14s %-14s (then a cut of 2 seats: %.2f s)%n", pages,
                    Files.size(pdf) / 1024 + " KB", String.format("%.2f s", desk / 1e9), baseline, cut / 1e9);
        }
    }

    /** The baseline: one stripper call per page. */
    static List<Set<String>> perPage(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<Set<String>> pages = new ArrayList<>();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                Set<String> seats = new LinkedHashSet<>();
                Matcher m = SEAT.matcher(stripper.getText(doc));
                while (m.find()) {
                    seats.add(m.group(1).trim().toUpperCase().replaceFirst("^([A-Z]?)0+(\\d)", "$1$2"));
                }
                pages.add(seats);
            }
            return pages;
        }
    }
}
