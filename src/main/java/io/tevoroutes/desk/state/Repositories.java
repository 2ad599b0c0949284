package io.tevoroutes.desk.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/** Idempotent repositories the YAML routes refer to by name. */
@ApplicationScoped
public class Repositories {

    /** Emails sent: one per order and set of reasons. */
    @Produces
    @ApplicationScoped
    @Named("notificationLedger")
    JdbcIdempotentRepository notificationLedger(StateStore store) {
        return new JdbcIdempotentRepository(store, "notify");
    }
}
