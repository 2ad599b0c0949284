package io.tevoroutes.desk.eticket;

import org.apache.camel.spi.IdempotentRepository;

import io.tevoroutes.desk.state.Claims;
import io.tevoroutes.desk.state.StateStoreException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The inboxes' in-progress repository: a file being read by one desk is claimed ({@code file:<path>}) so that no other
 * desk on the same database reads it meanwhile (SFTP supports no cluster read lock of its own; this works for SFTP and
 * for a folder shared by several desks alike). Given back when the file is done, moved or rolled back; a desk killed
 * mid-file leaves a claim that runs out after state.claims.lease, and the next desk to list the file takes it.
 */
@ApplicationScoped
@Named("inboxLocks")
public class InboxLocks implements IdempotentRepository {

    @Inject
    Claims claims;

    private static String key(String file) {
        return "file:" + file;
    }

    /** False (the file is left for a later poll) while the state store cannot answer: it is reported once elsewhere. */
    @Override
    public boolean add(String file) {
        try {
            return claims.claim(key(file));
        } catch (StateStoreException e) {
            return false;
        }
    }

    @Override
    public boolean contains(String file) {
        return claims.holds(key(file)) || claims.busy(key(file));
    }

    @Override
    public boolean remove(String file) {
        boolean held = claims.holds(key(file));
        claims.release(key(file));
        return held;
    }

    @Override
    public boolean confirm(String file) {
        return true;
    }

    @Override
    public void clear() {
        // the rows are shared by every desk: nothing to clear for one of them
    }

    @Override
    public void start() {
        // rows in the state store: nothing to start
    }

    @Override
    public void stop() {
        // claims held at a stop are given back by Claims
    }
}
