package io.tevoroutes.desk.state;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The files the e-ticket inboxes refused (table refused_file): stored by routes/eticket-item.camel.yaml as a file is
 * moved to .error/, with why; read by the console's Inboxes page; marked when a person moved one back ("Try again").
 */
@ApplicationScoped
@Named("refusedFiles")
public class RefusedFiles {

    @Inject
    StateDatabase db;

    /**
     * Records the file being refused: its inbox (a local folder, or the address without its password), the name it was
     * dropped under, its name in .error/ (exchange property eticketMoveName) and why (eticketProblem).
     */
    public void record(Exchange exchange) {
        var msg = exchange.getMessage();
        String name = msg.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String moved = exchange.getProperty("eticketMoveName", String.class);
        if (name == null || moved == null) {
            return;
        }
        boolean local = exchange.getFromEndpoint() instanceof org.apache.camel.component.file.FileEndpoint;
        String inbox = local ? ((org.apache.camel.component.file.FileEndpoint) exchange.getFromEndpoint()).getFile().getPath()
                : org.apache.camel.util.URISupport.sanitizeUri(exchange.getFromEndpoint() == null ? "?" : exchange.getFromEndpoint().getEndpointBaseUri());
        String reason = exchange.getProperty("eticketProblem", String.class);
        db.execute("insert into refused_file (inbox, local_dir, file_name, moved_name, reason, refused_at) values (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, cap(inbox, 1000));
            ps.setBoolean(2, local);
            ps.setString(3, cap(name, 1000));
            ps.setString(4, cap(moved, 300));
            ps.setString(5, reason == null ? null : cap(reason, 2000));
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
        });
    }

    /** The latest refusals, newest first. */
    public List<Map<String, Object>> latest(int limit) {
        return ConsoleQueries.rowsOf(db, "select id, inbox, local_dir, file_name, moved_name, reason, refused_at, retried_at, retried_by"
                + " from refused_file order by refused_at desc, id desc fetch first " + Math.max(1, limit) + " rows only", ps -> {
                });
    }

    /** One refusal, or null. */
    public Map<String, Object> find(long id) {
        List<Map<String, Object>> rows = ConsoleQueries.rowsOf(db, "select id, inbox, local_dir, file_name, moved_name, reason, refused_at,"
                + " retried_at, retried_by from refused_file where id = ?", ps -> ps.setLong(1, id));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A person moved the file back into its inbox. */
    public void retried(long id, String user) {
        db.execute("update refused_file set retried_at = ?, retried_by = ? where id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, cap(user, 200));
            ps.setLong(3, id);
        });
    }

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
