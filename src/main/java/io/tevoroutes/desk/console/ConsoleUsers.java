package io.tevoroutes.desk.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.tevoroutes.desk.model.LogSafe;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may sign in to the console: the users file (console.users-file), one user per line
 * {@code name:bcrypt-hash:role[,role]} with the roles viewer (the pages) and operator (the pages and the actions);
 * lines starting with # are comments. The hash is bcrypt ($2a$, $2b$ or $2y$, e.g. {@code htpasswd -nbB name password});
 * a plain password is never accepted. The file is read again when it changes (no restart to add a user).
 * <p>
 * Failed sign-ins are counted per client address and user name: after console.sign-in.max-failures within
 * console.sign-in.lockout, that pair is refused without checking the password until the window has passed. Every
 * refusal is logged with the user name (escaped) and the address, never the password.
 */
@ApplicationScoped
public class ConsoleUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    private static final Set<String> ROLES = Set.of(VIEWER, OPERATOR);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    @ConfigProperty(name = "console.users-file")
    Optional<String> usersFile;

    @ConfigProperty(name = "console.sign-in.max-failures", defaultValue = "5")
    int maxFailures;

    @ConfigProperty(name = "console.sign-in.lockout", defaultValue = "15m")
    String lockout;

    /** One user of the file. */
    record User(String name, String hash, Set<String> roles) {
    }

    private record Loaded(Path file, FileTime modified, long size, Map<String, User> users) {
    }

    private volatile Loaded loaded;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = http == null || http.request().remoteAddress() == null ? "?" : http.request().remoteAddress().hostAddress();
        String name = request.getUsername();
        char[] password = request.getPassword().getPassword();
        return context.runBlocking(() -> signIn(name, password, address));
    }

    /** Checks a sign-in: the identity with the user's roles, or AuthenticationFailedException (logged). */
    SecurityIdentity signIn(String name, char[] password, String address) {
        String who = LogSafe.quote(name, 64);
        String key = address + "|" + name;
        if (lockedOut(key)) {
            LOG.warnf("console sign-in refused for user %s from %s: %d failed sign-ins within %s, try again later", who, address,
                    maxFailures, lockout);
            throw new AuthenticationFailedException();
        }
        User user = name == null ? null : users().get(name);
        boolean ok = user != null && password != null && BcryptUtil.matches(new String(password), normalized(user.hash()));
        if (!ok) {
            int count = failed(key);
            LOG.warnf("console sign-in refused for user %s from %s: %s (%d of %d failures allowed within %s)", who, address,
                    user == null ? "no such user" : "wrong password", count, maxFailures, lockout);
            throw new AuthenticationFailedException();
        }
        failures.remove(key);
        LOG.infof("console: %s signed in from %s (%s)", who, address, String.join(", ", user.roles()));
        return identity(user);
    }

    static SecurityIdentity identity(User user) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()));
        user.roles().forEach(b::addRole);
        return b.build();
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

    private boolean lockedOut(String key) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return false;
        }
        synchronized (d) {
            prune(d);
            return d.size() >= maxFailures;
        }
    }

    private int failed(String key) {
        if (failures.size() > 10_000) {
            // many names tried from many addresses: forget the pairs whose failures are out of the window
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d);
            d.addLast(Instant.now());
            return d.size();
        }
    }

    private void prune(Deque<Instant> d) {
        Instant since = Instant.now().minus(window());
        while (!d.isEmpty() && d.peekFirst().isBefore(since)) {
            d.removeFirst();
        }
    }

    private Duration window() {
        return io.quarkus.runtime.configuration.DurationConverter.parseDuration(lockout);
    }
}
