package io.tevoroutes.desk.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tevoroutes.desk.state.ConsoleSessionStore;
import io.tevoroutes.desk.state.ConsoleSessionStore.Session;
import io.tevoroutes.desk.state.StateStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The console's sessions. A sign-in starts one in the state store (every desk sees it); Quarkus' encrypted session
 * cookie carries {@code user|session-id}; every later request is let in only while that session is open, its user is
 * still in the users file with the same password, and it started less than console.session.max-age ago. Sign-out ends
 * it for every desk at once; so does removing the user or changing their password. Each session has a CSRF token of
 * its own (identity attribute {@value #CSRF}), which ends with it.
 * <p>
 * While the state store cannot answer, a session this desk saw open in the last console.session.max-age stays usable
 * here (so the console can show the outage); a new sign-in then fails.
 */
@ApplicationScoped
public class ConsoleSessions implements IdentityProvider<TrustedAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");

    /** Identity attributes: the user's name (the principal also names the session), the session id, its CSRF token. */
    public static final String USER = "console.user";
    public static final String SESSION = "console.session";
    public static final String CSRF = "console.csrf";

    private static final char SEPARATOR = '|';

    @Inject
    ConsoleUsers users;

    @Inject
    ConsoleSessionStore store;

    @ConfigProperty(name = "console.session.max-age", defaultValue = "12h")
    Duration maxAge;

    private final SecureRandom random = new SecureRandom();
    /** Sessions this desk saw open (id → session), used only while the state store cannot answer. */
    private final Map<String, Session> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > 1000;
        }
    };

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> restore(request.getPrincipal()));
    }

    /** The identity of a session cookie's principal ({@code user|id}), or AuthenticationFailedException. */
    SecurityIdentity restore(String principal) {
        int sep = principal == null ? -1 : principal.lastIndexOf(SEPARATOR);
        if (sep <= 0) {
            throw new AuthenticationFailedException(); // a cookie of before sessions, or not ours
        }
        String name = principal.substring(0, sep);
        String id = principal.substring(sep + 1);
        ConsoleUsers.User user = users.users().get(name);
        Session session = open(id);
        if (user == null || session == null || !session.user().equals(name) || !session.credential().equals(fingerprint(user.hash()))) {
            forget(id);
            throw new AuthenticationFailedException();
        }
        return identity(user, session);
    }

    /** Starts a session for a user who just gave the right password: its identity (principal {@code user|id}). */
    SecurityIdentity start(ConsoleUsers.User user) {
        Instant now = Instant.now();
        store.prune(now.minus(maxAge));
        Session session = new Session(token(), user.name(), token(), fingerprint(user.hash()), now);
        store.start(session);
        remember(session);
        return identity(user, session);
    }

    /** Ends a session (sign-out), on every desk: true when it was open. */
    public boolean end(String id) {
        forget(id);
        return id != null && store.end(id);
    }

    private Session open(String id) {
        Instant since = Instant.now().minus(maxAge);
        try {
            Session s = store.find(id, since);
            if (s == null) {
                forget(id);
            } else {
                remember(s);
            }
            return s;
        } catch (StateStoreException e) {
            Session s;
            synchronized (seen) {
                s = seen.get(id);
            }
            if (s != null && s.startedAt().isAfter(since)) {
                LOG.debugf("console session of %s let in as seen before: the state store cannot answer", s.user());
                return s;
            }
            throw new AuthenticationFailedException(e);
        }
    }

    private void remember(Session s) {
        synchronized (seen) {
            seen.put(s.id(), s);
        }
    }

    private void forget(String id) {
        synchronized (seen) {
            seen.remove(id);
        }
    }

    static SecurityIdentity identity(ConsoleUsers.User user, Session session) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name() + SEPARATOR + session.id()))
                .addAttribute(USER, user.name()).addAttribute(SESSION, session.id()).addAttribute(CSRF, session.csrf());
        user.roles().forEach(b::addRole);
        return b.build();
    }

    /** 256 random bits, base64url. */
    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A short fingerprint of a password hash: a session ends when the user's password (its hash) changes. */
    static String fingerprint(String hash) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
