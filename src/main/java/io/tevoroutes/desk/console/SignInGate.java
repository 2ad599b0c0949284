package io.tevoroutes.desk.console;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.model.LogSafe;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The console's sign-in post (Quarkus' /j_security_check), checked before Quarkus reads it: a body of at most
 * {@value #MAX_BODY} bytes with its length declared (413 or 411 otherwise: a user name is at most 64 characters, a
 * password rarely 100), and the tries an address and all addresses may make a minute (429 with Retry-After; see
 * {@link SignInLimits}). A refused post never reaches the password check.
 */
@ApplicationScoped
public class SignInGate {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");

    /** The largest sign-in form taken, in bytes. */
    static final int MAX_BODY = 4096;

    @ConfigProperty(name = "console.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
    String postLocation;

    @Inject
    SignInLimits limits;

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 20).handler(rc -> {
            String path = rc.normalizedPath();
            if (path != null && path.endsWith(postLocation) && !path.equals(postLocation)) {
                // Quarkus signs in on any path that ends with it (/x/j_security_check): only the one the form posts to is
                // open, so that no sign-in passes by these checks
                refuse(rc, 404, "There is nothing here.", null, true);
            } else if (rc.request().method() == HttpMethod.POST && postLocation.equals(path)) {
                check(rc);
            } else {
                rc.next();
            }
        });
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = parse(length);
        if (length == null || rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            refuse(rc, 411, "A sign-in must declare its length.", null, true);
            return;
        }
        if (declared < 0 || declared > MAX_BODY) {
            refuse(rc, 413, "A sign-in is at most " + MAX_BODY + " bytes.", null, true);
            return;
        }
        String type = String.valueOf(rc.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
            refuse(rc, 415, "A sign-in is a form (application/x-www-form-urlencoded).", null, true);
            return;
        }
        String address = address(rc);
        Duration wait = limits.tryFrom(address, System.currentTimeMillis());
        if (!wait.isZero()) {
            LOG.warnf("console sign-in refused from %s: too many tries this minute (console.sign-in.per-address-per-minute,"
                    + " console.sign-in.per-minute)", LogSafe.quote(address, 64));
            refuse(rc, 429, "Too many sign-in tries; try again in " + Math.max(1, wait.toSeconds()) + " s.", wait, false);
            return;
        }
        rc.next();
    }

    /** The client's address: the proxy's client when Quarkus trusts the proxy (quarkus.http.proxy.*), else the peer's. */
    static String address(RoutingContext rc) {
        var a = rc.request().remoteAddress();
        return a == null || a.hostAddress() == null ? "?" : a.hostAddress();
    }

    private static long parse(String length) {
        if (length == null || length.isEmpty() || length.length() > 12 || !length.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(length);
    }

    /** Answers; with close, the connection is closed too (the body, maybe large, is never read). */
    private static void refuse(RoutingContext rc, int status, String why, Duration retry, boolean close) {
        var r = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        if (close) {
            r.putHeader(HttpHeaders.CONNECTION, "close");
        }
        if (retry != null) {
            r.putHeader("Retry-After", Long.toString(Math.max(1, retry.toSeconds())));
        }
        r.end("<!doctype html><title>Sign in: tevo-routes console</title><p>" + why + " <a href=\"/console/login\">Sign in</a>\n")
                .onComplete(done -> {
                    if (close) {
                        io.tevoroutes.desk.web.HttpEdge.close(rc);
                    }
                });
    }
}
