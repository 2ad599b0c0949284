package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.tevoroutes.desk.config.StateStoreSelection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The database the desk's state lives in (the state store: embedded H2 by default, PostgreSQL with
 * state.postgresql.url; schema by Flyway), and the one way the desk talks to it: a query, an update, or a
 * transaction. Every failure becomes a {@link StateStoreException}, which the routes answer the same way everywhere.
 */
@ApplicationScoped
public class StateDatabase {

    private static final Logger LOG = Logger.getLogger(StateDatabase.class);

    @ConfigProperty(name = StateStoreSelection.POSTGRESQL_URL)
    Optional<String> postgresqlUrl;

    DataSource dataSource;
    private boolean postgresql;

    /** state.postgresql.url set: the PostgreSQL datasource; otherwise the embedded H2 one (see StateStoreSelection). */
    @PostConstruct
    void chooseDatabase() {
        postgresql = postgresqlUrl.filter(u -> !u.isBlank()).isPresent();
        String name = postgresql ? StateStoreSelection.POSTGRESQL_DATASOURCE : DataSourceUtil.DEFAULT_DATASOURCE_NAME;
        dataSource = AgroalDataSourceUtil.dataSourceIfActive(name).orElseThrow(() -> new StateStoreException(
                "the state store datasource " + name + " is not active: check state.postgresql.url and quarkus.datasource.active", null));
        LOG.infof("state store: %s", postgresql ? "PostgreSQL " + postgresqlUrl.get().replaceAll("\\?.*", "") : "embedded H2");
        if (!postgresql) {
            writeEveryCommit();
            groupCommit = new GroupCommit(dataSource);
        }
    }

    /** The embedded H2 store's writes, committed together (see GroupCommit); null on PostgreSQL, which commits in parallel. */
    private GroupCommit groupCommit;

    @PreDestroy
    void stopWriter() {
        if (groupCommit != null) {
            groupCommit.stop();
        }
    }

    /** True when every write runs on one writer thread, one after the other (the embedded H2 store). */
    boolean serialisesWrites() {
        return groupCommit != null && groupCommit.running();
    }

    /**
     * H2 keeps no redo log: by default it writes committed changes to its file up to half a second later, and a desk
     * killed meanwhile (kill -9, power loss of the container) forgets them: an accept it sent, a delivery it made, an
     * email it sent. WRITE_DELAY 0 writes at every commit (a persistent setting of the database file).
     */
    private void writeEveryCommit() {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            LOG.warnf("could not make the H2 state store write at every commit (SET WRITE_DELAY 0: %s); add ;WRITE_DELAY=0 to"
                    + " quarkus.datasource.jdbc.url, or a killed desk may forget its last commits", e.getMessage());
        }
    }

    /** The database the desk's state lives in (inventory tables may live there too: inventory.sql.url empty). */
    public DataSource dataSource() {
        return dataSource;
    }

    boolean isPostgresql() {
        return postgresql;
    }

    /** SQL for "the database's clock plus ? milliseconds" (a bigint parameter), in this database's dialect. */
    String nowPlus() {
        return postgresql ? "(current_timestamp + cast(? as bigint) * interval '1 millisecond')"
                : "dateadd(millisecond, cast(? as bigint), current_timestamp)";
    }

    /**
     * Lock one row of desk_lock until the transaction ends: the desks on this database do that thing one at a time
     * (waits for the desk holding it; its transactions are short).
     */
    static void lockRow(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from desk_lock where name = ? for update")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work inside a transaction, on its connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new StateStoreException("state store query failed", e);
        }
    }

    int execute(String sql, Binder binder) {
        if (groupCommit != null && groupCommit.running()) {
            return transaction("update the state store", c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    return ps.executeUpdate();
                }
            }, null, "state store update failed");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("state store update failed", e);
        }
    }

    /**
     * One transaction: the work, then commit; anything it throws rolls it back and is thrown on (an SQLException as a
     * StateStoreException "cannot {what}"). {@code commitFailed} runs when the commit itself fails, before the error is
     * thrown: for what the work did outside this database and must undo.
     */
    <T> T transaction(String what, Work<T> work, Runnable commitFailed) {
        return transaction(what, work, commitFailed, null);
    }

    private <T> T transaction(String what, Work<T> work, Runnable commitFailed, String failure) {
        if (groupCommit != null && groupCommit.running() && !groupCommit.isWriter()) {
            return groupCommit.submit(what, work, commitFailed, failure);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                if (commitFailed != null) {
                    commitFailed.run();
                }
                c.rollback();
                throw e;
            }
            return result;
        } catch (SQLException e) {
            throw new StateStoreException(failure != null ? failure : "cannot " + what, e);
        }
    }

    <T> T transaction(String what, Work<T> work) {
        return transaction(what, work, null);
    }
}
