package io.tevoroutes.desk.web;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.model.LogSafe;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The first handler of every request on the desk's public port (webhooks, console, audit), before sign-in or any route:
 * <ul>
 * <li>a path with a parameter ({@code ;}, also encoded) or a backslash, or a request without a Host, is answered 400 at
 * once: the desk has no such path, and such requests used to be left unanswered;</li>
 * <li>at most http.max-requests requests are in flight, and at most http.max-large-bodies of them carry a body over
 * {@value #LARGE_BODY} bytes (or one of no declared length): beyond, 503 at once, so that no flood of unfinished
 * uploads (to any path, signed in or not) can fill the memory;</li>
 * <li>every request is answered within http.request-timeout (503, and the connection closed, otherwise), so a request
 * never hangs and a body dripped byte by byte holds nothing for longer; idle connections are closed by
 * quarkus.http.idle-timeout;</li>
 * <li>a redirect never leaves the desk: an absolute Location (Quarkus' sign-in builds them from the request's Host
 * header) is answered as the path alone, relative to the desk;</li>
 * <li>cookies: the session cookie and the return-address cookie are HttpOnly, and Secure when the request came over
 * HTTPS (directly, or through a trusted proxy: quarkus.http.proxy.*) or console.base-url is https.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.web");

    /** Before every other handler of the desk (the console switch, the sign-in gate, Quarkus' sign-in). */
    static final int ORDER = Integer.MIN_VALUE + 5;

    /** A body larger than this (TEvo's webhooks are a few kB) counts against http.max-large-bodies. */
    static final long LARGE_BODY = 65_536;

    @ConfigProperty(name = "http.max-requests", defaultValue = "512")
    int maxRequests;

    @ConfigProperty(name = "http.max-large-bodies", defaultValue = "16")
    int maxLargeBodies;

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger largeInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final io.tevoroutes.desk.webhook.RateLimitedLog timeouts = new io.tevoroutes.desk.webhook.RateLimitedLog(Duration.ofMinutes(1),
            java.time.Clock.systemUTC());
    private final io.tevoroutes.desk.webhook.RateLimitedLog busy = new io.tevoroutes.desk.webhook.RateLimitedLog(Duration.ofMinutes(1),
            java.time.Clock.systemUTC());

    @ConfigProperty(name = "http.request-timeout", defaultValue = "60s")
    Duration requestTimeout;

    @ConfigProperty(name = "console.base-url")
    Optional<String> baseUrl;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    @ConfigProperty(name = "quarkus.http.auth.form.location-cookie", defaultValue = "quarkus-redirect-location")
    String locationCookie;

    void install(@Observes Router router) {
        boolean httpsBase = baseUrl.map(u -> u.strip().toLowerCase(Locale.ROOT).startsWith("https://")).orElse(false);
        long timeout = Math.max(1, requestTimeout.toMillis());
        router.route().order(ORDER).handler(rc -> {
            String problem = badPath(rc.request().uri());
            if (problem == null && rc.request().authority() == null) {
                problem = "a request must name its Host";
            }
            if (problem != null) {
                refuse(rc, 400, problem);
                return;
            }
            boolean large = large(rc);
            if (inFlight.incrementAndGet() > maxRequests || large && largeInFlight.incrementAndGet() > maxLargeBodies) {
                inFlight.decrementAndGet();
                if (large) {
                    largeInFlight.decrementAndGet();
                }
                String line = busy.occurred("requests refused with 503: more than http.max-requests (" + maxRequests
                        + ") in flight, or more than http.max-large-bodies (" + maxLargeBodies + ") large bodies");
                if (line != null) {
                    LOG.warn(line);
                }
                rc.response().putHeader("Retry-After", "5");
                refuse(rc, 503, "the desk is busy; try again");
                return;
            }
            boolean secure = httpsBase || rc.request().isSSL();
            rc.addHeadersEndHandler(v -> {
                relativeLocation(rc.response());
                cookies(rc, secure);
            });
            long timer = rc.vertx().setTimer(timeout, id -> {
                HttpServerResponse r = rc.response();
                if (!r.ended() && !r.headWritten()) {
                    String line = timeouts.occurred(rc.request().method() + " " + LogSafe.quote(rc.normalizedPath(), 200) + " not answered within "
                            + requestTimeout + ": answered 503 and closed");
                    if (line != null) {
                        LOG.warn(line);
                    }
                    refuse(rc, 503, "the desk could not answer in time; try again");
                } else if (!r.ended()) {
                    rc.request().connection().close();
                }
            });
            rc.addEndHandler(done -> {
                rc.vertx().cancelTimer(timer);
                inFlight.decrementAndGet();
                if (large) {
                    largeInFlight.decrementAndGet();
                }
            });
            rc.next();
        });
    }

    /** A request with a body over LARGE_BODY bytes, or of no declared length. */
    private static boolean large(RoutingContext rc) {
        var h = rc.request().headers();
        if (h.contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = h.get(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.strip()) > LARGE_BODY;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Why a request's target is refused, or null: path parameters (";", also encoded) and backslashes. */
    static String badPath(String uri) {
        if (uri == null || !uri.startsWith("/")) {
            return "the request's target is not a path";
        }
        int q = uri.indexOf('?');
        String path = (q < 0 ? uri : uri.substring(0, q)).toLowerCase(Locale.ROOT);
        if (path.indexOf(';') >= 0 || path.contains("%3b")) {
            return "path parameters (;) are not accepted";
        }
        if (path.indexOf('\\') >= 0 || path.contains("%5c")) {
            return "a backslash is not accepted in a path";
        }
        return null;
    }

    /** Answers and closes the connection (the rest of a body is never read). */
    static void refuse(RoutingContext rc, int status, String why) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader("Cache-Control", "no-store").end("Refused: " + why + ".\n").onComplete(done -> close(rc));
    }

    /** Closes the request's connection (after an answer that does not wait for the request's body). */
    public static void close(RoutingContext rc) {
        try {
            rc.request().connection().close();
        } catch (RuntimeException e) {
            // already closed
        }
    }

    /** An absolute Location answered as the path (and query) alone: a redirect stays on the desk, whatever the Host. */
    static void relativeLocation(HttpServerResponse r) {
        String location = r.headers().get(HttpHeaders.LOCATION);
        if (location != null) {
            r.headers().set(HttpHeaders.LOCATION, pathOnly(location));
        }
    }

    /** The path, query and fragment of a URL; "/" when it has none or cannot be read; a relative path as it is. */
    static String pathOnly(String url) {
        String s = url.strip();
        if (s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\")) {
            return s;
        }
        try {
            URI u = URI.create(s);
            if (u.getRawPath() == null || u.getRawPath().isEmpty() || !u.getRawPath().startsWith("/")) {
                return "/";
            }
            String out = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            return out.startsWith("//") ? "/" : out;
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    /**
     * The session and return-address cookies this response sets (Vert.x keeps the request's cookies in the same jar:
     * only those changed by this response are sent, and only those are touched).
     */
    private void cookies(RoutingContext rc, boolean secure) {
        for (Cookie c : rc.request().cookies(sessionCookie)) {
            if (changed(c)) {
                c.setHttpOnly(true).setSecure(secure);
            }
        }
        // its value stays the absolute address Quarkus wrote: Quarkus takes it back only for the same scheme, host and port
        // as the sign-in, and the redirect it then makes is answered as a path (relativeLocation)
        for (Cookie c : rc.request().cookies(locationCookie)) {
            if (changed(c)) {
                c.setHttpOnly(true).setSecure(secure);
            }
        }
    }

    private static boolean changed(Cookie c) {
        return !(c instanceof io.vertx.core.http.impl.ServerCookie sc) || sc.isChanged();
    }
}
