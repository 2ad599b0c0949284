package io.tevoroutes.desk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The H2 store's group commit: many threads' transactions in one commit, each undone alone when it fails, each caller
 * back only once its transaction is committed (read from another connection), and a writer that never leaves a
 * caller waiting.
 */
class GroupCommitTest {

    JdbcDataSource ds;
    GroupCommit writer;
    Connection keepOpen;

    @BeforeEach
    void database() throws SQLException {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        keepOpen = ds.getConnection();
        try (var s = keepOpen.createStatement()) {
            s.execute("create table claim (k varchar(50) primary key, n int)");
        }
        writer = new GroupCommit(ds);
    }

    @AfterEach
    void stop() throws SQLException {
        writer.stop();
        keepOpen.close();
    }

    @Test
    void each_caller_returns_after_its_own_commit_and_a_failure_stays_its_own() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger seenCommitted = new AtomicInteger();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String key = "k" + (i % 300); // 100 keys twice: the second insert of each fails on the primary key
            int n = i;
            results.add(pool.submit(() -> {
                go.await();
                try {
                    writer.submit("insert " + key, c -> insert(c, key, n), null, null);
                } catch (StateStoreException e) {
                    return "refused";
                }
                // committed: another connection sees it now
                if (count("select count(*) from claim where k = '" + key + "'") == 1) {
                    seenCommitted.incrementAndGet();
                }
                return "stored";
            }));
        }
        go.countDown();
        int stored = 0;
        int refused = 0;
        for (Future<String> f : results) {
            if (f.get(60, TimeUnit.SECONDS).equals("stored")) {
                stored++;
            } else {
                refused++;
            }
        }
        pool.shutdown();
        assertThat(stored).isEqualTo(300);
        assertThat(refused).isEqualTo(100);
        assertThat(seenCommitted.get()).isEqualTo(300);
        assertThat(count("select count(*) from claim")).isEqualTo(300);
        // fewer commits than transactions: they were grouped (32 callers at once)
        assertThat(writer.figures()).startsWith("300 transaction(s) in ");
        assertThat(writer.commits()).isLessThan(300);
    }

    @Test
    void a_runtime_exception_undoes_only_its_own_writes_and_reaches_its_caller() throws SQLException {
        writer.submit("first", c -> insert(c, "a", 1), null, null);
        assertThatThrownBy(() -> writer.submit("second", c -> {
            insert(c, "b", 2);
            throw new ClaimLostException(42L);
        }, null, null)).isInstanceOf(ClaimLostException.class);
        assertThat(count("select count(*) from claim")).isEqualTo(1);
        int third = writer.submit("third", c -> insert(c, "c", 3), null, null);
        assertThat(third).isEqualTo(1);
        assertThat(count("select count(*) from claim")).isEqualTo(2);
    }

    @Test
    void a_transaction_run_by_the_writer_itself_is_not_queued_behind_itself() {
        // what a writer's transaction calls (StateDatabase sees the writer thread and runs it inline): no deadlock
        Integer n = writer.submit("outer", c -> writer.isWriter() ? insert(c, "inner", 1) : -1, null, null);
        assertThat(n).isEqualTo(1);
    }

    private static int insert(Connection c, String key, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into claim (k, n) values (?, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, n);
            return ps.executeUpdate();
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
