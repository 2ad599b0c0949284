package io.tevoroutes.desk.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plain SQL on the desk's state store, to set up what a crash would have left behind. */
@ApplicationScoped
public class SqlConsole {

    @Inject
    DataSource dataSource;

    public int execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
