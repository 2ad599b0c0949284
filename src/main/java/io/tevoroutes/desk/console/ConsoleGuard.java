package io.tevoroutes.desk.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.StrictId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Who is asking, and may they: the first step of every console route. Quarkus has signed the user in already (form
 * sign-in, application.properties: quarkus.http.auth.*); this reads the user and their roles from the request, makes
 * reads the session's CSRF token, and for an action (a POST) checks the operator role and the token.
 * <ul>
 * <li>page: sets consoleUser, consoleOperator (true for the role operator), consoleCsrf (the token the page's forms
 * carry), consoleForm (the posted form fields), consoleAllowed (false without a signed-in user), consoleDone (what the
 * last action did: the query's done=, letters and dashes only), consoleError (the sign-in page's ?error)</li>
 * <li>action: the same, then consoleAllowed false, with consoleProblem, unless the user is an operator and the form's
 * csrf field is the user's token; tevoOrderId from the path's orderId (digits only, else consoleProblem)</li>
 * </ul>
 */
@ApplicationScoped
@Named("consoleGuard")
public class ConsoleGuard {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");

    /** The header platform-http puts the signed-in user in (VertxPlatformHttpConstants.AUTHENTICATED_USER). */
    static final String USER_HEADER = org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants.AUTHENTICATED_USER;

    @Inject
    ConsoleSessions sessions;

    public void page(Exchange exchange) {
        Message msg = exchange.getMessage();
        SecurityIdentity identity = identity(msg);
        boolean signedIn = identity != null && !identity.isAnonymous();
        String user = signedIn ? identity.getAttribute(ConsoleSessions.USER) : null;
        exchange.setProperty("consoleUser", user);
        exchange.setProperty("consoleOperator", signedIn && identity.hasRole(ConsoleUsers.OPERATOR));
        exchange.setProperty("consoleCsrf", signedIn ? csrf(identity) : "");
        exchange.setProperty("consoleForm", form(msg));
        exchange.setProperty("consoleAllowed", signedIn && (identity.hasRole(ConsoleUsers.VIEWER) || identity.hasRole(ConsoleUsers.OPERATOR)));
        exchange.setProperty("consoleProblem", signedIn ? null : "sign in first");
        // what the last action did (the redirect's ?done=): a short code the page turns into words, nothing else
        Object done = msg.getHeader("done");
        exchange.setProperty("consoleDone", done instanceof String s && s.matches("[A-Za-z-]{1,30}") ? s : null);
        exchange.setProperty("consoleError", msg.getHeader("error") != null);
    }

    public void action(Exchange exchange) {
        page(exchange);
        String user = exchange.getProperty("consoleUser", String.class);
        @SuppressWarnings("unchecked")
        Map<String, String> form = exchange.getProperty("consoleForm", Map.class);
        String problem = null;
        if (user == null) {
            problem = "sign in first";
        } else if (!Boolean.TRUE.equals(exchange.getProperty("consoleOperator"))) {
            problem = "only an operator may do this; " + user + " may look, not act";
        } else if (!sameToken(form.get("csrf"), exchange.getProperty("consoleCsrf", String.class))) {
            problem = "the form is out of date or did not come from this console (its CSRF token does not match); reload the page and try again";
        }
        Object orderId = msg(exchange).getHeader("orderId");
        if (orderId != null) {
            Long id = StrictId.parse(orderId.toString());
            exchange.setProperty("tevoOrderId", id);
            if (id == null && problem == null) {
                problem = "'" + LogSafe.text(orderId.toString()) + "' is not an order id";
            }
        }
        exchange.setProperty("consoleAllowed", problem == null);
        exchange.setProperty("consoleProblem", problem);
        if (problem != null) {
            LOG.warnf("console: %s refused for %s: %s", LogSafe.text(msg(exchange).getHeader(Exchange.HTTP_PATH, String.class)),
                    user == null ? "nobody signed in" : LogSafe.quote(user, 64), problem);
        }
    }

    /** The order id of the path (digits only): sets tevoOrderId, or consoleProblem when it is not one. */
    public void orderId(Exchange exchange) {
        Object orderId = msg(exchange).getHeader("orderId");
        Long id = orderId == null ? null : StrictId.parse(orderId.toString());
        exchange.setProperty("tevoOrderId", id);
        if (id == null) {
            exchange.setProperty("consoleProblem", "'" + LogSafe.text(String.valueOf(orderId)) + "' is not an order id");
        }
    }

    private static Message msg(Exchange exchange) {
        return exchange.getMessage();
    }

    private static SecurityIdentity identity(Message msg) {
        Object user = msg.getHeader(USER_HEADER);
        return user instanceof QuarkusHttpUser q ? q.getSecurityIdentity() : null;
    }

    /** The posted form's fields (application/x-www-form-urlencoded), or none. */
    static Map<String, String> form(Message msg) {
        Map<String, String> form = new LinkedHashMap<>();
        String type = msg.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return form;
        }
        String body = msg.getBody(String.class);
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String field : new String[] { "csrf", "reason" }) {
            if (!form.containsKey(field) && msg.getHeader(field) instanceof String s) {
                form.put(field, s);
            }
        }
        return form;
    }

    /**
     * Sign-out (POST /console/sign-out with the page's CSRF token): ends the session on every desk. Returns true when
     * it was ended; false (and consoleProblem) for a post without the session's token, or nobody signed in.
     */
    public boolean signOut(Exchange exchange) {
        page(exchange);
        SecurityIdentity identity = identity(exchange.getMessage());
        @SuppressWarnings("unchecked")
        Map<String, String> form = exchange.getProperty("consoleForm", Map.class);
        if (identity == null || identity.isAnonymous()) {
            exchange.setProperty("consoleProblem", "nobody is signed in");
            return false;
        }
        if (!sameToken(form.get("csrf"), csrf(identity))) {
            exchange.setProperty("consoleProblem", "the sign-out did not come from this console (its CSRF token does not match); reload the page and try again");
            return false;
        }
        sessions.end(identity.getAttribute(ConsoleSessions.SESSION));
        LOG.infof("console: %s signed out", LogSafe.quote(identity.getAttribute(ConsoleSessions.USER), 64));
        return true;
    }

    /** The session's CSRF token (every session has its own; it ends with the session). */
    private static String csrf(SecurityIdentity identity) {
        Object t = identity.getAttribute(ConsoleSessions.CSRF);
        return t instanceof String s ? s : "";
    }

    private static boolean sameToken(String given, String expected) {
        return given != null && expected != null && !expected.isEmpty() && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
