package io.tevoroutes.desk.observe;

import java.net.URI;
import java.util.regex.Pattern;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One client span per attempt of a TEvo call (routes/tevo-api.camel.yaml, through TevoClient), named by method and
 * path template ({@code POST /v9/orders/{id}/accept}), with the URL, the answer's status, the attempt number and
 * whether it is retried. Never the token, the signature or any body (an e-ticket delivery's PDFs): the span is built
 * from the method, the path and the query only. Camel's own span of the HTTP endpoint is left out
 * (quarkus.camel.opentelemetry2.exclude-patterns), as it cannot be a client span. With tracing off, a no-op.
 */
@ApplicationScoped
public class TevoCallSpans {

    private static final Pattern ID_SEGMENT = Pattern.compile("/\\d+(?=/|$)");

    @Inject
    OpenTelemetry openTelemetry;

    private Tracer tracer;

    @PostConstruct
    void init() {
        tracer = openTelemetry.getTracer("io.tevoroutes.desk.tevo-api");
    }

    /** Starts the span of one attempt; {@code path} is the full path (e.g. /v9/orders/42/accept). */
    public Span start(String baseUrl, String method, String path, String sortedQuery, int attempt) {
        String template = ID_SEGMENT.matcher(path).replaceAll("/{id}");
        URI base = URI.create(baseUrl);
        var builder = tracer.spanBuilder(method + " " + template).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("url.template", template)
                .setAttribute("url.path", path)
                .setAttribute("peer.service", "tevo")
                .setAttribute("tevo.attempt", attempt);
        if (base.getHost() != null) {
            builder.setAttribute("server.address", base.getHost());
            int port = base.getPort() > 0 ? base.getPort() : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
            builder.setAttribute("server.port", port);
            builder.setAttribute("url.full", base.getScheme() + "://" + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "")
                    + path + (sortedQuery == null || sortedQuery.isEmpty() ? "" : "?" + sortedQuery));
        }
        return builder.startSpan();
    }

    /** Ends it: the status TEvo answered (0: no answer), the connection failure if any, whether it is retried. */
    public void end(Span span, int status, Exception failure, boolean retry) {
        if (span == null) {
            return;
        }
        if (status > 0) {
            span.setAttribute("http.response.status_code", status);
        }
        span.setAttribute("tevo.retried", retry);
        if (failure != null) {
            span.setAttribute("error.type", failure.getClass().getName());
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        } else if (status >= 400 || status == 0) {
            span.setAttribute("error.type", String.valueOf(status));
            span.setStatus(StatusCode.ERROR, "HTTP " + status);
        }
        span.end();
    }
}
