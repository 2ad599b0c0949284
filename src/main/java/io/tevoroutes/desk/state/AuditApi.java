package io.tevoroutes.desk.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The decision audit for support staff, as JSON: GET /audit/orders/{orderId}, or GET /audit/decisions?from=&to=
 * (ISO instants like 2026-11-23T10:00:00Z, or dates; default the last 24 hours; at most limit, 500 unless told,
 * 5000 at most). With audit.token set, callers send "Authorization: Bearer <token>".
 */
@ApplicationScoped
@Named("auditApi")
public class AuditApi {

    static final int MAX_LIMIT = 5000;

    @ConfigProperty(name = "audit.token")
    Optional<String> token;

    @Inject
    OrderLedger ledger;
    @Inject
    Reservations reservations;
    @Inject
    DecisionAudit audit;

    @Inject
    ObjectMapper json;

    public boolean authorized(Exchange exchange) {
        String expected = token.filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            return true;
        }
        String given = exchange.getMessage().getHeader("Authorization", String.class);
        return given != null && MessageDigest.isEqual(("Bearer " + expected).getBytes(StandardCharsets.UTF_8),
                given.trim().getBytes(StandardCharsets.UTF_8));
    }

    private final io.tevoroutes.desk.webhook.RateLimitedLog refusedLog = new io.tevoroutes.desk.webhook.RateLimitedLog(
            java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC());

    /**
     * The audit call's token checked (a step of its own): sets exchange property auditAuthorized. A refused call is
     * logged at most once a minute with the count of the others, whoever hammers the endpoint.
     */
    public void checkToken(Exchange exchange) {
        boolean ok = authorized(exchange);
        exchange.setProperty("auditAuthorized", ok);
        if (!ok) {
            String line = refusedLog.occurred("audit request refused: missing or wrong token");
            if (line != null) {
                org.jboss.logging.Logger.getLogger("io.tevoroutes.audit").warn(line);
            }
        }
    }

    /** The answer for /audit/orders/{orderId}. */
    public String order(Exchange exchange) throws JsonProcessingException {
        Message msg = exchange.getMessage();
        String raw = msg.getHeader("orderId", String.class);
        Long orderId = io.tevoroutes.desk.model.StrictId.parse(raw == null ? "" : raw.trim());
        if (orderId == null) {
            return error(exchange, "orderId must be a TEvo order id (a number), not '"
                    + io.tevoroutes.desk.model.LogSafe.quote(raw, 40) + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("orderId", orderId);
        out.put("status", ledger.status(orderId));
        out.put("reservedTickets", reservations.reservedFor(orderId));
        out.put("decisions", view(audit.decisions(orderId)));
        return ok(exchange, out);
    }

    /** The answer for /audit/decisions?from=&to=&limit=. */
    public String range(Exchange exchange) throws JsonProcessingException {
        Message msg = exchange.getMessage();
        Instant to;
        Instant from;
        int limit;
        try {
            to = instant(msg.getHeader("to", String.class), Instant.now());
            from = instant(msg.getHeader("from", String.class), to.minus(Duration.ofDays(1)));
            String l = msg.getHeader("limit", String.class);
            limit = l == null || l.isBlank() ? 500 : Integer.parseInt(l.trim());
        } catch (DateTimeParseException | NumberFormatException e) {
            return error(exchange, "from and to must be ISO instants (2026-11-23T10:00:00Z) or dates (2026-11-23), limit a number: "
                    + e.getMessage());
        }
        if (!from.isBefore(to) || limit < 1 || limit > MAX_LIMIT) {
            return error(exchange, "from must be before to, and limit between 1 and " + MAX_LIMIT);
        }
        List<DecisionAudit.AuditEntry> found = audit.decisionsBetween(from, to, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("count", found.size());
        out.put("truncated", found.size() == limit);
        out.put("decisions", view(found));
        return ok(exchange, out);
    }

    private static Instant instant(String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String v = value.trim();
        return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    }

    private static List<Map<String, Object>> view(List<DecisionAudit.AuditEntry> entries) {
        return entries.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orderId", e.orderId());
            m.put("decision", e.decision());
            m.put("reasons", e.reasons() == null || e.reasons().isBlank() ? List.of() : List.of(e.reasons().split(",")));
            m.put("detail", e.detail());
            m.put("dryRun", e.dryRun());
            m.put("decidedAt", e.decidedAt().toString());
            // a person who took it in the console; absent: the desk itself
            if (e.decidedBy() != null) {
                m.put("decidedBy", e.decidedBy());
            }
            return m;
        }).toList();
    }

    private String ok(Exchange exchange, Object body) throws JsonProcessingException {
        respond(exchange, 200);
        return json.writeValueAsString(body);
    }

    private String error(Exchange exchange, String message) throws JsonProcessingException {
        respond(exchange, 400);
        return json.writeValueAsString(Map.of("error", message));
    }

    private static void respond(Exchange exchange, int status) {
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
