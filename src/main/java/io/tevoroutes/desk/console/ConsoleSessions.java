package io.tevoroutes.desk.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A signed-in user's next requests: Quarkus' session cookie names the user, and the user's roles are read from the
 * users file as it is now. A user removed from the file is signed out at their next request; a changed role counts at
 * once.
 */
@ApplicationScoped
public class ConsoleSessions implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    ConsoleUsers users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            ConsoleUsers.User user = users.users().get(request.getPrincipal());
            if (user == null) {
                throw new AuthenticationFailedException();
            }
            return ConsoleUsers.identity(user);
        });
    }
}
