package io.tevoroutes.desk.state;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The console's sessions (table console_session, V14), shared by every desk on the state store: started at a
 * sign-in, read at every console request, ended at sign-out. A session that is not here, or ended, is no session.
 */
@ApplicationScoped
public class ConsoleSessionStore {

    /** One sign-in: the user, the session's CSRF token, the fingerprint of the password hash it signed in with. */
    public record Session(String id, String user, String csrf, String credential, Instant startedAt) {
    }

    @Inject
    StateDatabase db;

    public void start(Session s) {
        db.execute("insert into console_session (id, user_name, csrf, credential, started_at) values (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, s.id());
            ps.setString(2, s.user());
            ps.setString(3, s.csrf());
            ps.setString(4, s.credential());
            ps.setTimestamp(5, Timestamp.from(s.startedAt()));
        });
    }

    /** The session, if it exists, has not ended and started after {@code startedAfter}; null otherwise. */
    public Session find(String id, Instant startedAfter) {
        return db.query("select id, user_name, csrf, credential, started_at from console_session where id = ? and ended_at is null"
                + " and started_at > ?", ps -> {
                    ps.setString(1, id);
                    ps.setTimestamp(2, Timestamp.from(startedAfter));
                }, rs -> rs.next() ? new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()) : null);
    }

    /** Ends the session (sign-out): true when it was open. */
    public boolean end(String id) {
        return db.execute("update console_session set ended_at = ? where id = ? and ended_at is null", ps -> {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, id);
        }) > 0;
    }

    /** Forgets the sessions started before the instant (they can no longer be used): the table stays small. */
    public int prune(Instant startedBefore) {
        return db.execute("delete from console_session where started_at < ?", ps -> ps.setTimestamp(1, Timestamp.from(startedBefore)));
    }
}
