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
 * <li>a path with a parameter ({@code ;}, also encoded) or a backslash is answered 400 at once: the desk has no such
 * path, and such requests used to be left unanswered;</li>
 * <li>every request is answered within http.request-timeout (503 and the connection closed otherwise), so a request
 * never hangs; idle and slow connections are closed by quarkus.http.idle-timeout and read-timeout;</li>
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
            if (problem != null) {
                refuse(rc, 400, problem);
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
                    LOG.warnf("%s %s not answered within %s: answered 503", rc.request().method(), LogSafe.quote(rc.normalizedPath(), 200),
                            requestTimeout);
                    r.setStatusCode(503).putHeader(HttpHeaders.CONNECTION, "close").putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .end("The desk could not answer in time; try again.\n");
                }
            });
            rc.addEndHandler(done -> rc.vertx().cancelTimer(timer));
            rc.next();
        });
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

    private static void refuse(RoutingContext rc, int status, String why) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader("Cache-Control", "no-store").end("Refused: " + why + ".\n");
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
