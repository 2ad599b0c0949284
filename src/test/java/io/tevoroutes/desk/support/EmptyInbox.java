package io.tevoroutes.desk.support;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test inbox and e-ticket work folder start empty for the profiles that deliver PDFs, so files left by an
 * interrupted earlier run are not taken for this run's.
 */
public class EmptyInbox implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Inboxes.wipe(Path.of("target/test-inbox"));
        Inboxes.wipe(Path.of("target/test-etickets"));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
