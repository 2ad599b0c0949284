package io.tevoroutes.desk.eticket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Ticket PDFs: check that a file is a deliverable PDF, read the seat number printed on each page, and cut a ticket
 * group's PDF (one ticket per page) down to the seats sold. Files are read from disk by PDFBox, not into memory.
 */
public final class TicketPdfs {

    /** "Seat 21", "SEAT: 21", "Seat No. 21", "Seat #21", "Seat 21A". */
    private static final Pattern SEAT = Pattern.compile(
            "(?i)\\bseat\\s*(?:no\\.?|number|#|:)?\\s*([A-Z]?\\d{1,5}[A-Z]?)\\b");

    private TicketPdfs() {
    }

    /**
     * Opens the file as PDFBox would deliver it: a real PDF, not encrypted, at least one page, at most maxBytes.
     *
     * @return the number of pages
     */
    public static int check(Path pdf, long maxBytes) {
        long size = size(pdf);
        if (size > maxBytes) {
            throw new EticketException("the file is " + size + " bytes, over the limit of " + maxBytes
                    + " (etickets.max-file-size)");
        }
        int pages;
        try (PDDocument doc = open(pdf)) {
            if (doc.getNumberOfPages() < 1) {
                throw new EticketException("the PDF has no pages");
            }
            pages = doc.getNumberOfPages();
        } catch (IOException e) {
            throw new EticketException("cannot read the PDF: " + e.getMessage(), e);
        }
        checkComplete(pdf, size);
        return pages;
    }

    /**
     * A PDF ends with its end-of-file marker (%%EOF, within its last 1024 bytes, as readers look for it). PDFBox opens
     * a file cut short anyway (it rebuilds what it can), so a half-uploaded PDF would otherwise go out with its last
     * pages broken or missing.
     */
    private static void checkComplete(Path pdf, long size) {
        int n = (int) Math.min(1024, size);
        byte[] tail = new byte[n];
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(pdf.toFile(), "r")) {
            file.seek(size - n);
            file.readFully(tail);
        } catch (IOException e) {
            throw new EticketException("cannot read the PDF: " + e.getMessage(), e);
        }
        if (!new String(tail, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%%EOF")) {
            throw new EticketException("the PDF is incomplete: it does not end with its end marker (%%EOF), as a file whose"
                    + " upload was cut short; drop the whole file again");
        }
    }

    /**
     * The seat numbers printed on each page, page by page (index 0 = page 1). One pass over the document (asking the
     * text stripper for one page at a time walks every page before it: 15,000 pages took minutes), and remembered for a
     * kept group PDF while the file is unchanged, so each later sale of the group only cuts.
     */
    public static List<Set<String>> seatsByPage(Path pdf) {
        String key = cacheKey(pdf);
        List<Set<String>> known = key == null ? null : SEATS.get(key);
        if (known != null) {
            return known;
        }
        try (PDDocument doc = open(pdf)) {
            SeatStripper stripper = new SeatStripper();
            stripper.writeText(doc, stripper.pageText);
            List<Set<String>> pages = stripper.pages;
            while (pages.size() < doc.getNumberOfPages()) {
                pages.add(Set.of()); // trailing pages without contents
            }
            List<Set<String>> result = List.copyOf(pages);
            if (key != null) {
                remember(key, result);
            }
            return result;
        } catch (IOException e) {
            throw new EticketException("cannot read the PDF's text: " + e.getMessage(), e);
        }
    }

    /** Seats of the group PDFs read lately, by path, size and modification time (a replaced file is read again). */
    private static final Map<String, List<Set<String>>> SEATS = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Set<String>>> eldest) {
                    return size() > 16;
                }
            });

    private static void remember(String key, List<Set<String>> seats) {
        SEATS.put(key, seats);
    }

    /** The seats of a PDF just copied from one already read (a kept group PDF): not read again. */
    public static void sameSeatsAs(Path copy, List<Set<String>> seats) {
        String key = cacheKey(copy);
        if (key != null) {
            remember(key, List.copyOf(seats));
        }
    }

    private static String cacheKey(Path pdf) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(pdf, java.nio.file.attribute.BasicFileAttributes.class);
            return pdf.toAbsolutePath().normalize() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    /** Collects each page's seat numbers as the stripper finishes the page. */
    private static final class SeatStripper extends PDFTextStripper {
        final java.io.StringWriter pageText = new java.io.StringWriter();
        final List<Set<String>> pages = new ArrayList<>();

        @Override
        protected void endPage(org.apache.pdfbox.pdmodel.PDPage page) throws IOException {
            super.endPage(page);
            // pages without contents are skipped by the stripper: they show no seat
            while (pages.size() < getCurrentPageNo() - 1) {
                pages.add(Set.of());
            }
            Set<String> seats = new LinkedHashSet<>();
            Matcher m = SEAT.matcher(pageText.getBuffer());
            while (m.find()) {
                seats.add(normalise(m.group(1)));
            }
            pages.add(seats);
            pageText.getBuffer().setLength(0);
        }
    }

    /**
     * The 1-based pages holding exactly the given seats, in the order of the seats. Refuses (nothing is cut) when a
     * seat is on no page or on several pages, or when a page that would be sent shows more than one seat: a person must
     * look.
     */
    public static List<Integer> pagesForSeats(List<Set<String>> seatsByPage, List<String> seats) {
        List<Integer> pages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String wanted : seats) {
            String seat = normalise(wanted);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < seatsByPage.size(); i++) {
                if (seatsByPage.get(i).contains(seat)) {
                    found.add(i + 1);
                }
            }
            if (found.isEmpty()) {
                problems.add("seat " + seat + " is on no page");
            } else if (found.size() > 1) {
                problems.add("seat " + seat + " is on pages " + found);
            } else if (seatsByPage.get(found.get(0) - 1).size() > 1) {
                problems.add("page " + found.get(0) + " shows seats " + seatsByPage.get(found.get(0) - 1));
            } else {
                pages.add(found.get(0));
            }
        }
        if (!problems.isEmpty()) {
            throw new EticketException("cannot match the seats sold " + seats + " to single pages unambiguously: "
                    + String.join("; ", problems));
        }
        return pages;
    }

    /** Write a new PDF holding the given 1-based pages of the source, in that order. */
    public static void extract(Path source, List<Integer> pages, Path target) {
        try (PDDocument doc = open(source); PDDocument out = new PDDocument()) {
            for (int page : pages) {
                out.importPage(doc.getPage(page - 1));
            }
            out.save(target.toFile());
        } catch (IOException e) {
            throw new EticketException("cannot cut the PDF: " + e.getMessage(), e);
        }
    }

    /** Cut a ticket group's PDF to the seats sold: {@link #seatsByPage}, {@link #pagesForSeats}, {@link #extract}. */
    public static List<Integer> cut(Path source, List<String> seats, Path target) {
        List<Integer> pages = pagesForSeats(seatsByPage(source), seats);
        extract(source, pages, target);
        return pages;
    }

    private static PDDocument open(Path pdf) throws IOException {
        PDDocument doc;
        try {
            doc = Loader.loadPDF(pdf.toFile());
        } catch (InvalidPasswordException e) {
            throw new EticketException("the PDF is encrypted with a password", e);
        }
        if (doc.isEncrypted()) {
            doc.close();
            throw new EticketException("the PDF is encrypted");
        }
        return doc;
    }

    private static long size(Path pdf) {
        try {
            return Files.size(pdf);
        } catch (IOException e) {
            throw new EticketException("cannot read the file: " + e.getMessage(), e);
        }
    }

    private static String normalise(String seat) {
        String s = seat.trim().toUpperCase(Locale.ROOT);
        return s.replaceFirst("^([A-Z]?)0+(\\d)", "$1$2");
    }
}
