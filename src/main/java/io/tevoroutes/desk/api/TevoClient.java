package io.tevoroutes.desk.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.tevoroutes.desk.config.DeskConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Java half of routes/tevo-api.camel.yaml: signs each attempt exactly as it is sent, decides whether a failed attempt is
 * retried and after how long, and turns the final answer into a body or a {@link TevoApiException}. The token and the
 * secret live only in the two request headers of one attempt and are removed as soon as the call returns.
 *
 * <p>
 * Exchange properties in: {@code tevoMethod}, {@code tevoPath} (below /v9, e.g. /orders/1/accept), {@code tevoQuery}
 * (a map, optional); the message body is the JSON to send (String) or empty.
 */
@ApplicationScoped
@Named("tevoClient")
public class TevoClient {

    private static final Logger LOG = Logger.getLogger(TevoClient.class);
    public static final String METHOD = "tevoMethod";
    public static final String PATH = "tevoPath";
    public static final String QUERY = "tevoQuery";
    private static final String REQUEST_BODY = "tevoRequestBody";
    private static final String ATTEMPT = "tevoAttempt";
    private static final String RETRY = "tevoRetry";
    private static final String DELAY = "tevoDelayMs";
    private static final String FAILURE = "tevoFailure";

    @Inject
    DeskConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;
    @Inject
    TevoReachability reachability;
    @Inject
    io.tevoroutes.desk.observe.TevoCallSpans spans;
    private static final String SPAN = "tevoCallSpan";

    /**
     * Start one call: keep the body to send (as bytes, signed and sent as they are), reset the attempts, and carry the
     * call on a fresh message (a file consumer's message would bring its file back as the body when it is emptied).
     */
    public void begin(Exchange exchange) {
        Message msg = exchange.getMessage();
        Object body = msg.getBody();
        exchange.setProperty(REQUEST_BODY, body == null ? new byte[0]
                : body instanceof byte[] b ? b : msg.getBody(String.class).getBytes(StandardCharsets.UTF_8));
        exchange.setMessage(new org.apache.camel.support.DefaultMessage(exchange));
        exchange.setProperty(ATTEMPT, 0);
        exchange.setProperty(RETRY, true);
        exchange.removeProperty(FAILURE);
    }

    /** Prepare one attempt: the request exactly as signed. */
    public void sign(Exchange exchange) {
        Message msg = exchange.getMessage();
        byte[] body = exchange.getProperty(REQUEST_BODY, byte[].class);
        String method = exchange.getProperty(METHOD, "GET", String.class).toUpperCase(java.util.Locale.ROOT);
        String path = TevoSignature.basePath(config.api().baseUrl()) + "/v9" + exchange.getProperty(PATH, String.class);
        @SuppressWarnings("unchecked")
        Map<String, ?> query = exchange.getProperty(QUERY, Map.class);
        String sortedQuery = TevoSignature.sortedQuery(query);
        boolean hasBody = body.length > 0;
        String signature = TevoSignature.sign(config.api().secret().orElse(""), method, TevoSignature.host(config.api().baseUrl()),
                path, hasBody ? body : sortedQuery.getBytes(StandardCharsets.UTF_8));

        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_METHOD, method);
        msg.setHeader(Exchange.HTTP_PATH, path.substring(TevoSignature.basePath(config.api().baseUrl()).length()));
        if (!sortedQuery.isEmpty()) {
            msg.setHeader(Exchange.HTTP_QUERY, sortedQuery);
        }
        msg.setHeader("Accept", "application/json");
        if (hasBody) {
            msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        msg.setHeader("X-Token", config.api().token().orElse(""));
        msg.setHeader("X-Signature", signature);
        msg.setBody(hasBody ? body : null);
        int attempt = exchange.getProperty(ATTEMPT, 0, Integer.class) + 1;
        exchange.setProperty(ATTEMPT, attempt);
        exchange.removeProperty(FAILURE);
        exchange.setProperty(SPAN, spans.start(config.api().baseUrl(), method, path, sortedQuery, attempt));
    }

    /** The call threw (connection refused, reset, timed out): remember why, for {@link #afterAttempt}. */
    public void connectionFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setProperty(FAILURE, e);
        exchange.getMessage().setBody(null);
    }

    /** Strip the credentials and decide: done, or retry after a delay. */
    public void afterAttempt(Exchange exchange) {
        Message msg = exchange.getMessage();
        msg.removeHeader("X-Token");
        msg.removeHeader("X-Signature");
        int attempt = exchange.getProperty(ATTEMPT, 1, Integer.class);
        Exception failure = exchange.getProperty(FAILURE, Exception.class);
        int status = failure != null ? 0 : msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        boolean retryable = TevoClientPolicy.isRetryable(status, failure, exchange.getProperty(METHOD, "GET", String.class));
        boolean retry = retryable && attempt < config.api().retry().maxAttempts();
        exchange.setProperty(RETRY, retry);
        spans.end(exchange.getProperty(SPAN, io.opentelemetry.api.trace.Span.class), status, failure, retry);
        exchange.removeProperty(SPAN);
        if (status >= 200 && status < 300) {
            return;
        }
        registry.counter("tevo.api.errors", "status", String.valueOf(status)).increment();
        if (retry) {
            long delay = new TevoClientPolicy(config.api().retry().initialDelay().toMillis(), config.api().retry().maxDelay().toMillis())
                    .delayMillis(attempt, msg.getHeader("Retry-After", String.class));
            exchange.setProperty(DELAY, delay);
            LOG.warnf("TEvo %s %s: %s; retry %d of %d in %d ms", exchange.getProperty(METHOD), exchange.getProperty(PATH),
                    failure != null ? describe(failure) : "HTTP " + status, attempt, config.api().retry().maxAttempts() - 1, delay);
        }
    }

    /** After the last attempt: the response body, or a clear exception. */
    public String result(Exchange exchange) {
        Message msg = exchange.getMessage();
        Exception failure = exchange.getProperty(FAILURE, Exception.class);
        String what = exchange.getProperty(METHOD) + " /v9" + exchange.getProperty(PATH);
        int attempts = exchange.getProperty(ATTEMPT, 1, Integer.class);
        exchange.removeProperty(REQUEST_BODY);
        if (failure != null) {
            reachability.failed("no connection: " + describe(failure));
            boolean neverSent = failure instanceof java.net.ConnectException || failure instanceof java.net.UnknownHostException;
            throw new TevoApiException(0, neverSent, "TEvo could not be reached for " + what + " after " + attempts + " attempt(s): "
                    + describe(failure), failure);
        }
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = msg.getBody(String.class);
        if (status == 502 || status == 503 || status == 504) {
            reachability.failed("HTTP " + status + " to " + what + " after " + attempts + " attempt(s)");
        } else {
            reachability.answered();
        }
        if (status == 401) {
            reachability.refused("HTTP 401 to " + what + (errorText(body).isEmpty() ? "" : ": " + errorText(body)));
        } else if (status >= 200 && status < 300) {
            reachability.accepted();
        }
        if (status >= 200 && status < 300) {
            return body == null ? "" : body;
        }
        String detail = errorText(body);
        String hint = status == 401
                ? " - TEvo refused the signature or token: check tevo.api.token and tevo.api.secret (TEVO_API_TOKEN, TEVO_API_SECRET)"
                : "";
        throw new TevoApiException(status, status == 429 || status == 503, "TEvo answered HTTP " + status + " to " + what
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + (detail.isEmpty() ? "" : ": " + detail) + hint, null);
    }

    /** TEvo's error bodies: {"error": ...}, {"message": ..., "error": ...}, {"errors": {...}} or ["Class", "message"]. */
    /**
     * TEvo's error, as the desk repeats it (in exceptions, logs, emails and traces): with secrets hidden, as the log
     * filter hides them (an error may echo a URL with the webhook secret, or a header), and control characters escaped.
     */
    String errorText(String body) {
        return SAFE.clean(rawErrorText(body));
    }

    private static final io.tevoroutes.desk.config.SafeLogFilter SAFE = new io.tevoroutes.desk.config.SafeLogFilter();

    String rawErrorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node.isArray()) {
                StringBuilder b = new StringBuilder();
                node.forEach(n -> b.append(b.length() == 0 ? "" : ": ").append(n.isValueNode() ? n.asText() : n.toString()));
                return b.toString();
            }
            if (node.isObject()) {
                for (String field : new String[] { "message", "error", "errors" }) {
                    if (node.hasNonNull(field)) {
                        JsonNode v = node.get(field);
                        return v.isValueNode() ? v.asText() : v.toString();
                    }
                }
            }
            return abbreviate(body);
        } catch (IOException e) {
            return abbreviate(body);
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
