package io.tevoroutes.desk.state;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel idempotent repository in the state store's {@code processed_key} table, so "sent once" survives restarts.
 * One instance per processor name (emails, files, ...).
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final StateStore store;
    private final String processor;

    public JdbcIdempotentRepository(StateStore store, String processor) {
        this.store = store;
        this.processor = processor;
    }

    @Override
    public boolean add(String key) {
        try {
            return store.execute("insert into processed_key (processor, key_value, created_at) values (?, ?, ?)", ps -> {
                ps.setString(1, processor);
                ps.setString(2, key);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
            }) == 1;
        } catch (StateStoreException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return false; // duplicate key: already processed
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        return store.query("select 1 from processed_key where processor = ? and key_value = ?", ps -> {
            ps.setString(1, processor);
            ps.setString(2, key);
        }, rs -> rs.next());
    }

    @Override
    public boolean remove(String key) {
        return store.execute("delete from processed_key where processor = ? and key_value = ?", ps -> {
            ps.setString(1, processor);
            ps.setString(2, key);
        }) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        store.execute("delete from processed_key where processor = ?", ps -> ps.setString(1, processor));
    }
}
