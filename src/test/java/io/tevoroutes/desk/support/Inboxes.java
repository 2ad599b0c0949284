package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Drop folders as the tests use them: drop a file in, see where the desk moved it, start empty. */
public final class Inboxes {

    private Inboxes() {
    }

    /** Drop a copy of a file into an inbox as an uploader should: written next to it as .part, then moved in at once. */
    public static void drop(Path file, Path inbox, String name) throws IOException {
        Files.createDirectories(inbox);
        Path part = inbox.resolveSibling(name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** How many files named name the desk moved to the inbox's folder (.done, .error: prefixed with the time). */
    public static long landed(Path inbox, String folder, String name) throws IOException {
        return files(inbox.resolve(folder)).stream().filter(f -> f.getFileName().toString().endsWith("-" + name)).count();
    }

    /** The files (not folders) in a folder; none when it does not exist. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Delete a folder and all it holds, if it exists. */
    public static void wipe(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
