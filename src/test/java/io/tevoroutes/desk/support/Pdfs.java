package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Ticket PDFs made in tests: one page per text, like a venue's print-at-home tickets. */
public final class Pdfs {

    private Pdfs() {
    }

    /** One page per text. */
    public static Path tickets(Path file, List<String> pageTexts) {
        try (PDDocument doc = new PDDocument()) {
            write(doc, pageTexts);
            doc.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ticket group PDF: one page per seat, "Section 101 Row A Seat N". */
    public static Path seats(Path file, int from, int to) {
        return tickets(file, java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(s -> "Ravens at Eagles - Section 101 Row A Seat " + s + " - Admit one").toList());
    }

    public static Path encrypted(Path file) {
        try (PDDocument doc = new PDDocument()) {
            write(doc, List.of("Seat 1"));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path noPages(Path file) {
        try (PDDocument doc = new PDDocument()) {
            doc.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first part of a good ticket PDF (its first {@code share} of bytes), as an upload cut short leaves it. */
    public static Path truncated(Path file, double share) {
        try {
            Path whole = seats(file.resolveSibling(file.getFileName() + ".whole"), 1, 3);
            byte[] all = Files.readAllBytes(whole);
            return Files.write(file, java.util.Arrays.copyOf(all, (int) (all.length * share)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the given size that takes no disk space (sparse): what a 1 GB upload looks like to the desk. */
    public static Path sparse(Path file, long size) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path notAPdf(Path file) {
        try {
            return Files.writeString(file, "this is a scanned ticket, honest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(PDDocument doc, List<String> pageTexts) throws IOException {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        for (String text : pageTexts) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(font, 14);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
        }
    }
}
