package io.tevoroutes.desk.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Group commit for the embedded H2 store. H2 writes its file at every commit (WRITE_DELAY 0: a killed desk forgets
 * nothing it committed), and under a burst of orders that write was the desk's largest cost: a profile of 500 orders
 * showed a quarter of the evaluating threads' CPU in H2's commit, one file write per transaction, one transaction after
 * the other. Here the transactions of every thread are handed to one writer thread, which runs those waiting at that
 * moment one after the other on its connection, each inside a savepoint (a failing one is undone alone and its caller
 * gets its error), then commits them together: one file write for all of them.
 *
 * <p>
 * What the desk relies on is unchanged: a caller returns only after the commit that holds its transaction, so what it
 * was told is stored survives kill -9; a transaction waiting alone is committed at once (no added delay); transactions
 * run one at a time, as H2 writes anyway, each seeing what the ones before it wrote. A failed commit fails every
 * transaction of the batch (each caller's commitFailed runs).
 */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** At most this many transactions per commit: a batch stays short, and its callers return soon. */
    static final int MAX_BATCH = 64;

    private final DataSource dataSource;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopping;
    private volatile long commits;
    private volatile long transactions;
    private volatile long busyNanos;

    GroupCommit(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = new Thread(this::run, "state-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** False once stopped: a caller then commits its own transaction. */
    boolean running() {
        return !stopping && writer.isAlive();
    }

    boolean isWriter() {
        return Thread.currentThread() == writer;
    }

    /** Runs the work in the next batch and returns once that batch is committed; throws what the work threw. */
    <T> T submit(String what, StateDatabase.Work<T> work, Runnable commitFailed, String failure) {
        Pending<T> p = new Pending<>(work, commitFailed, failure != null ? failure : "cannot " + what);
        queue.add(p);
        return p.await();
    }

    long commits() {
        return commits;
    }

    /** Commits so far and transactions in them (for the log line at the stop). */
    String figures() {
        return transactions + " transaction(s) in " + commits + " commit(s), " + busyNanos / 1_000_000 + " ms of writing";
    }

    void stop() {
        stopping = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debugf("state store writer stopped: %s", figures());
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                long started = System.nanoTime();
                commit(batch);
                busyNanos += System.nanoTime() - started;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            } catch (Throwable t) {
                // never leave a caller waiting
                for (Pending<?> p : batch) {
                    p.fail(t instanceof RuntimeException r ? r : new StateStoreException("state store writer failed", t));
                }
                LOG.errorf(t, "state store writer: a batch of %d transaction(s) failed", batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Pending<?>> done = new ArrayList<>(batch.size());
            boolean alone = batch.size() == 1;
            for (Pending<?> p : batch) {
                Savepoint savepoint = alone ? null : c.setSavepoint();
                try {
                    p.run(c);
                    done.add(p);
                } catch (SQLException e) {
                    undo(c, savepoint);
                    p.fail(new StateStoreException(p.failure, e));
                } catch (RuntimeException e) {
                    undo(c, savepoint);
                    p.fail(e);
                }
            }
            if (done.isEmpty()) {
                c.rollback();
                return;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                for (Pending<?> p : done) {
                    p.commitFailed();
                    p.fail(new StateStoreException(p.failure, e));
                }
                c.rollback();
                return;
            }
            commits++;
            transactions += done.size();
            done.forEach(Pending::complete);
        } catch (SQLException e) {
            for (Pending<?> p : batch) {
                p.fail(new StateStoreException(p.failure, e));
            }
        }
    }

    private static void undo(Connection c, Savepoint savepoint) throws SQLException {
        if (savepoint == null) {
            c.rollback();
        } else {
            c.rollback(savepoint);
        }
    }

    /** One caller's transaction: its work, and how it ended. */
    private static final class Pending<T> {
        final StateDatabase.Work<T> work;
        final Runnable commitFailed;
        final String failure;
        final CountDownLatch ended = new CountDownLatch(1);
        T result;
        RuntimeException error;

        Pending(StateDatabase.Work<T> work, Runnable commitFailed, String failure) {
            this.work = work;
            this.commitFailed = commitFailed;
            this.failure = failure;
        }

        void run(Connection c) throws SQLException {
            result = work.run(c);
        }

        void commitFailed() {
            if (commitFailed != null) {
                try {
                    commitFailed.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s: undoing after a failed commit failed", failure);
                }
            }
        }

        void complete() {
            ended.countDown();
        }

        void fail(RuntimeException e) {
            if (ended.getCount() > 0) {
                error = e;
                ended.countDown();
            }
        }

        /** Waits for the commit (not interruptible: the transaction may be committed whatever the caller wants). */
        T await() {
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (error != null) {
                throw error;
            }
            return result;
        }
    }
}
