package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.stream.Stream;

/** The test run's log (target/quarkus.log, every desk of the run appends to it), for tests that check what it says. */
public final class TestLog {

    private TestLog() {
    }

    public static String text() {
        try {
            return Files.readString(FreshTestLog.LOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many lines the log has now: a mark for {@link #since(long)}. */
    public static long lines() {
        return text().lines().count();
    }

    /** The lines written after the mark. */
    public static Stream<String> since(long mark) {
        return text().lines().skip(mark);
    }
}
