package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A test run starts with an empty target/quarkus.log. Every desk the run starts appends to it (no rotation at boot,
 * see %test.quarkus.log.file.* in application.properties), so {@link SecretsNeverLeak} reads every line of the run.
 * The packaged-app tests (failsafe) start their own run of the log.
 */
public class FreshTestLog implements LauncherSessionListener {

    public static final Path LOG = Path.of("target/quarkus.log");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            Files.deleteIfExists(LOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
