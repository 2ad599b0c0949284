package io.tevoroutes.desk.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.config.DeskConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * TEvo webhooks: form-encoded {@code order_group_id, recipient, event_type, body}. The caller proves itself with the
 * shared secret ({@code tevo.webhook.secret}) in the {@code X-Webhook-Secret} header or a {@code secret} query
 * parameter of the URL registered with TEvo. The body is never trusted: the order is re-read with a signed GET.
 */
@ApplicationScoped
@Named("webhookGuard")
public class WebhookGuard {

    private static final Logger LOG = Logger.getLogger(WebhookGuard.class);

    @Inject
    DeskConfig config;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    private final RateLimitedLog refusedLog = new RateLimitedLog(java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC());

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /**
     * Constant-time comparison with the configured secret; no secret configured refuses every call. A refused call is
     * counted (tevo_webhook_refused_total) and logged at most once a minute, whoever hammers the endpoint.
     */
    public boolean authorized(Exchange exchange) {
        String expected = config.webhook().secret().filter(s -> !s.isBlank()).orElse(null);
        Message msg = exchange.getMessage();
        String given = msg.getHeader("X-Webhook-Secret", String.class);
        if (given == null) {
            given = msg.getHeader("secret", String.class);
        }
        boolean ok = expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            registry.counter("tevo.webhook.refused").increment();
            String line = refusedLog.occurred("webhook refused: " + (given == null ? "no secret" : "wrong secret") + " from "
                    + msg.getHeader("CamelVertxPlatformHttpRemoteAddress", msg.getHeader("X-Forwarded-For", "an unknown address", String.class), String.class)
                    + (expected == null ? " (tevo.webhook.secret is not set: every call is refused)" : ""));
            if (line != null) {
                LOG.warn(line);
            }
        }
        return ok;
    }

    /** TEvo posts application/x-www-form-urlencoded; anything else is refused (415) with a clear message. */
    public boolean isForm(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * Read the form into exchange properties {@code webhookEventType}, {@code webhookRecipient},
     * {@code tevoOrderGroupId}, {@code webhookOrderId}; returns whether the desk acts on this event.
     */
    public boolean relevant(Exchange exchange) {
        Message msg = exchange.getMessage();
        Map<String, String> form = new HashMap<>();
        String body = msg.getBody(String.class);
        if (body != null && body.contains("=")) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String field : new String[] { "event_type", "recipient", "order_group_id", "body" }) {
            if (!form.containsKey(field) && msg.getHeader(field) != null) {
                form.put(field, msg.getHeader(field, String.class));
            }
        }
        String eventType = form.get("event_type");
        String recipient = form.get("recipient");
        exchange.setProperty("webhookEventType", eventType);
        exchange.setProperty("webhookRecipient", recipient);
        exchange.setProperty("tevoOrderGroupId", digits(form.get("order_group_id")));
        Long orderId = exchange.getProperty("tevoOrderGroupId") == null ? orderIdFrom(form.get("body")) : null;
        exchange.setProperty("webhookOrderId", orderId);
        exchange.setProperty("tevoOrderId", orderId);
        boolean acted = "seller".equals(recipient) && eventType != null && config.webhook().eventTypes().contains(eventType);
        boolean identified = exchange.getProperty("tevoOrderGroupId") != null || exchange.getProperty("webhookOrderId") != null;
        if (acted && !identified) {
            // an event the desk acts on, without anything to re-read: the poster sends malformed webhooks
            exchange.setProperty("webhookProblem", "missing order_group_id (and no order id in body)");
            LOG.warnf("webhook %s refused: it has no order_group_id and no order id in its body", eventType);
            return false;
        }
        if (!acted) {
            LOG.debugf("webhook ignored: recipient=%s event_type=%s", recipient, eventType);
        }
        return acted;
    }

    private enum Reread {
        /** Queued, not started: a webhook for the group is merged into it. */
        QUEUED,
        /** Being re-read: a webhook for the group asks for one more re-read when it ends. */
        RUNNING,
        /** Being re-read, and webhooks came meanwhile: one more re-read follows (further ones are merged into it). */
        RUNNING_AGAIN
    }

    /** The order groups (or orders) queued or being re-read for webhooks. */
    private final Map<String, Reread> rereads = new HashMap<>();

    /**
     * A webhook the desk acts on: sets exchange property webhookQueued, true when its re-read is to be queued now, false
     * when one for the same order group (or order) is queued or running already: that one reads what this webhook
     * announced too, or runs once more after it ends. TEvo posting 1,000 times for one group makes a handful of signed
     * GETs, not 1,000, and never two at once for one group.
     */
    public void queueReread(Exchange exchange) {
        String key = rereadKey(exchange);
        boolean queued;
        synchronized (rereads) {
            Reread now = rereads.get(key);
            queued = now == null;
            if (now == null) {
                rereads.put(key, Reread.QUEUED);
            } else if (now == Reread.RUNNING) {
                rereads.put(key, Reread.RUNNING_AGAIN);
            }
        }
        exchange.setProperty("webhookQueued", queued);
        if (!queued) {
            registry.counter("tevo.webhook.merged").increment();
        }
    }

    /** A re-read starts: webhooks for the group from now on ask for one more. */
    public void rereadStarted(Exchange exchange) {
        synchronized (rereads) {
            rereads.put(rereadKey(exchange), Reread.RUNNING);
        }
        exchange.setProperty("webhookRerun", false);
    }

    /** A re-read ended: sets webhookRerun, true when webhooks for the group came while it ran. */
    public void rereadEnded(Exchange exchange) {
        String key = rereadKey(exchange);
        boolean again;
        synchronized (rereads) {
            again = rereads.get(key) == Reread.RUNNING_AGAIN;
            if (again) {
                rereads.put(key, Reread.RUNNING);
            } else {
                rereads.remove(key);
            }
        }
        exchange.setProperty("webhookRerun", again);
    }

    private static String rereadKey(Exchange exchange) {
        Object group = exchange.getProperty("tevoOrderGroupId");
        return group != null ? "group:" + group : "order:" + exchange.getProperty("tevoOrderId");
    }

    /**
     * Only the order's own id is taken from the body (its top-level "id", read strictly), to re-read the order; nothing
     * else in it is used. The body is an order JSON of several KB whose first "id" is often an item's.
     */
    private Long orderIdFrom(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(json);
            if (node != null && node.has("orders") && node.get("orders").isArray() && node.get("orders").size() == 1) {
                node = node.get("orders").get(0);
            }
            return node == null || !node.isObject() ? null : io.tevoroutes.desk.model.StrictId.of(node.get("id"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static Long digits(String s) {
        return io.tevoroutes.desk.model.StrictId.parse(s == null ? null : s.trim());
    }
}
