package io.tevoroutes.desk.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.tevoroutes.desk.model.LogSafe;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may sign in to the console: the users file (console.users-file), one user per line
 * {@code name:bcrypt-hash:role[,role]} with the roles viewer (the pages) and operator (the pages and the actions);
 * lines starting with # are comments. The hash is bcrypt ($2a$, $2b$ or $2y$, e.g. {@code htpasswd -nbB name password});
 * a plain password is never accepted. The file is read again when it changes (no restart to add a user).
 * <p>
 * A sign-in: a name that cannot be a user's (over 64 characters, other characters) is refused before anything else
 * reads it; a name that must wait (too many failures: {@link SignInLimits}) is refused without checking the password;
 * otherwise the password is checked with bcrypt, for unknown names too (against a hash of the same cost), so that a
 * refusal takes as long whether the user exists or not. A right password starts a session ({@link ConsoleSessions}).
 * Every refusal is logged with the user name (escaped, shortened) and the address, never the password.
 */
@ApplicationScoped
public class ConsoleUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    private static final Set<String> ROLES = Set.of(VIEWER, OPERATOR);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    @ConfigProperty(name = "console.users-file")
    Optional<String> usersFile;

    @Inject
    SignInLimits limits;

    @Inject
    ConsoleSessions sessions;

    /** One user of the file. */
    record User(String name, String hash, Set<String> roles) {
    }

    private record Loaded(Path file, FileTime modified, long size, Map<String, User> users) {
    }

    private volatile Loaded loaded;
    /** Hashes of a random password, by bcrypt cost: what an unknown name's password is checked against. */
    private final Map<Integer, String> decoys = new ConcurrentHashMap<>();

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = http == null ? "?" : SignInGate.address(http);
        String name = request.getUsername();
        char[] password = request.getPassword().getPassword();
        return context.runBlocking(() -> signIn(name, password, address));
    }

    /** Checks a sign-in: the identity of a new session, or AuthenticationFailedException (logged). */
    SecurityIdentity signIn(String name, char[] password, String address) {
        if (name == null || !NAME.matcher(name).matches()) {
            LOG.warnf("console sign-in refused for user %s from %s: not a user name (at most 64 letters, digits and . _ @ -)",
                    LogSafe.quote(name, 64), address);
            throw new AuthenticationFailedException();
        }
        long now = System.currentTimeMillis();
        Duration wait = limits.waitFor(name, now);
        if (!wait.isZero()) {
            LOG.warnf("console sign-in refused for user %s from %s: too many failed sign-ins, the next try is allowed in %d s", name, address,
                    Math.max(1, wait.toSeconds()));
            throw new AuthenticationFailedException();
        }
        Map<String, User> known = users();
        User user = known.get(name);
        String hash = user != null ? user.hash() : decoy(cost(known));
        boolean matches = password != null && BcryptUtil.matches(new String(password), normalized(hash));
        if (user == null || !matches) {
            int count = limits.failed(name, now);
            LOG.warnf("console sign-in refused for user %s from %s: %s (%d failed in a row)", name, address,
                    user == null ? "no such user" : "wrong password", count);
            throw new AuthenticationFailedException();
        }
        limits.succeeded(name);
        SecurityIdentity identity = sessions.start(user);
        LOG.infof("console: %s signed in from %s (%s)", name, address, String.join(", ", user.roles()));
        return identity;
    }

    /** The bcrypt cost of the file's users (the first one's), 10 when there are none. */
    static int cost(Map<String, User> users) {
        for (User u : users.values()) {
            return Integer.parseInt(u.hash().substring(4, 6));
        }
        return 10;
    }

    private String decoy(int cost) {
        return decoys.computeIfAbsent(cost, c -> BcryptUtil.bcryptHash(java.util.UUID.randomUUID().toString(), c));
    }

    /** The users of the file, read again when it changed; an unreadable file or a bad line lets no one in (logged). */
    Map<String, User> users() {
        Path file = usersFile.filter(f -> !f.isBlank()).map(Path::of).orElse(null);
        if (file == null) {
            return Map.of();
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Loaded l = loaded;
            if (l == null || !l.file().equals(file) || !l.modified().equals(modified) || l.size() != size) {
                l = new Loaded(file, modified, size, parse(Files.readAllLines(file, StandardCharsets.UTF_8), file));
                loaded = l;
            }
            return l.users();
        } catch (IOException e) {
            LOG.errorf("console users file %s cannot be read (%s): no one can sign in", file, e.getClass().getSimpleName());
            return Map.of();
        }
    }

    /** The users of the file's lines; a bad line is skipped and logged (line number and why, never the line). */
    static Map<String, User> parse(List<String> lines, Path file) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", -1);
            String why = null;
            Set<String> roles = new LinkedHashSet<>();
            if (parts.length != 3) {
                why = "not name:bcrypt-hash:roles";
            } else if (!NAME.matcher(parts[0]).matches()) {
                why = "the name may hold letters, digits and . _ @ - (at most 64)";
            } else if (!BCRYPT.matcher(parts[1]).matches()) {
                why = "the password is not a bcrypt hash ($2a$, $2b$ or $2y$; e.g. htpasswd -nbB name password)";
            } else {
                for (String r : parts[2].split(",")) {
                    String role = r.strip();
                    if (!ROLES.contains(role)) {
                        why = "unknown role '" + LogSafe.text(role) + "' (viewer, operator)";
                    }
                    roles.add(role);
                }
            }
            if (why == null && users.containsKey(parts[0])) {
                why = "user " + parts[0] + " is listed twice (the first line counts)";
            }
            if (why != null) {
                LOG.errorf("console users file %s, line %d skipped: %s", file, i + 1, why);
                continue;
            }
            users.put(parts[0], new User(parts[0], parts[1], Set.copyOf(roles)));
        }
        return Map.copyOf(users);
    }

    /** bcrypt's $2b$ and $2y$ are $2a$ with a fixed implementation bug; the checker reads $2a$. */
    private static String normalized(String hash) {
        return hash.startsWith("$2b$") || hash.startsWith("$2y$") ? "$2a$" + hash.substring(4) : hash;
    }
}
