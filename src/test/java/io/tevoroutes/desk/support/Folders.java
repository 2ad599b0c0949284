package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A fresh copy of a folder's files (routes/, emails/), for a test that changes them. */
public final class Folders {

    private Folders() {
    }

    /** Empties (or creates) {@code to} and copies every file of {@code from} into it; returns {@code to}. */
    public static Path copy(Path from, Path to) {
        try {
            Inboxes.wipe(to);
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
