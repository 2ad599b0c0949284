package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test inbox and e-ticket work folder start empty for the profiles that deliver PDFs, so files left by an
 * interrupted earlier run are not taken for this run's.
 */
public class EmptyInbox implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        for (String dir : new String[] { "target/test-inbox", "target/test-etickets" }) {
            Path root = Path.of(dir);
            if (Files.exists(root)) {
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
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
