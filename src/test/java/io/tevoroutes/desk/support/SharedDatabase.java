package io.tevoroutes.desk.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The neighbours of several packaged desks sharing one PostgreSQL (the *ScaleOutIT tests): WireMock as TEvo, GreenMail,
 * and a fresh database of the embedded PostgreSQL; and each desk's settings for them.
 */
public final class SharedDatabase {

    private final TevoApiResource tevo = new TevoApiResource();
    private final MailResource mail = new MailResource();
    private Map<String, String> servers;
    private String database;

    /** Starts TEvo and the mail server, and creates the database. */
    public SharedDatabase start(String databaseName) {
        servers = new LinkedHashMap<>(tevo.start());
        servers.putAll(mail.start());
        database = PostgresResource.freshDatabase(databaseName);
        return this;
    }

    public void stop() {
        tevo.stop();
        mail.stop();
    }

    /** The JDBC URL of the shared database. */
    public String database() {
        return database;
    }

    /** One desk's settings: the servers, its files under root, its name, the shared database and its work folder. */
    public Map<String, String> config(String instance, Path root) {
        Map<String, String> c = DeskProcess.settings(servers, root);
        c.put("state.instance-id", instance);
        c.put("state.postgresql.url", database);
        c.put("state.postgresql.username", "postgres");
        c.put("state.postgresql.password", PostgresResource.PASSWORD);
        c.put("etickets.work-dir", root.resolve("work-" + instance).toString());
        return c;
    }
}
