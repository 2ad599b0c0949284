package io.tevoroutes.desk.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plain SQL on the desk's state store (H2 or PostgreSQL, whichever the desk uses), for set-ups and checks. */
@ApplicationScoped
public class SqlConsole {

    @Inject
    DeskState state;

    public int execute(String sql) {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text (null when there is no row). */
    public String text(String sql) {
        java.util.List<String> all = texts(sql);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The first column of every row, as text. */
    public java.util.List<String> texts(String sql) {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as a number (null when there is no row). */
    public Long number(String sql) {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
