package io.tevoroutes.desk.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tevoroutes.desk.support.SecretForms;

/**
 * The span cleaner on its own, through a real OpenTelemetry SDK: a span written the way the instrumentations write
 * them (URLs with secrets in their query, an exception whose message echoes a secret, a link, a status, a resource)
 * reaches an exporter behind {@link SafeTraceExport}'s processor without any secret in any form.
 */
class SafeSpansTest {

    static final String WEBHOOK = "test-webhook-secret";
    static final String TOKEN = "test-token-7f3e9a";
    final SafeSpans safe = new SafeSpans(List.of(WEBHOOK, TOKEN, "short"));

    @Test
    void secretNamedParametersAreMaskedWhateverTheirValue() {
        assertThat(safe.clean("secret=anything-at-all&x=1")).isEqualTo("secret=(hidden)&x=1");
        assertThat(safe.clean("http://desk/tevo/webhooks?x=1&secret=wrong&signature=abc&api_key=k&order=2"))
                .isEqualTo("http://desk/tevo/webhooks?x=1&secret=(hidden)&signature=(hidden)&api_key=(hidden)&order=2");
        assertThat(safe.clean("/tevo/webhooks?Password=(p)")).isEqualTo("/tevo/webhooks?Password=(hidden)");
        assertThat(safe.clean("platform-http:///tevo/webhooks?httpMethodRestrict=POST")).isEqualTo("platform-http:///tevo/webhooks?httpMethodRestrict=POST");
        assertThat(safe.clean("order_group_id=1718811&page=2")).isEqualTo("order_group_id=1718811&page=2");
    }

    @Test
    void knownSecretsAreHiddenInEveryForm() {
        for (var form : SecretForms.of(TOKEN).entrySet()) {
            String text = "x " + new String(form.getValue(), java.nio.charset.StandardCharsets.UTF_8) + " y";
            assertThat(safe.clean(text)).as(form.getKey()).doesNotContain(new String(form.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        }
        String base64 = java.util.Base64.getEncoder().encodeToString(("Basic user:" + TOKEN + " and more").getBytes());
        assertThat(SecretForms.foundIn(safe.clean(base64).getBytes(), List.of(TOKEN))).as("in the middle of a base64 value").isEmpty();
        assertThat(safe.clean("a short word")).as("a value under 6 characters would hide ordinary words").isEqualTo("a short word");
    }

    @Test
    void aSpanReachesTheExporterWithoutSecretsAnywhere() {
        List<SpanData> exported = new CopyOnWriteArrayList<>();
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(java.util.Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("deployment.note"), "token " + TOKEN)))
                .addSpanProcessor(new SafeTraceExport.CleaningProcessor(SimpleSpanProcessor.create(collect), safe)).build()) {
            Tracer tracer = provider.get("test");
            Span other = tracer.spanBuilder("other").startSpan();
            other.end();
            Span span = tracer.spanBuilder("POST /tevo/webhooks?secret=" + WEBHOOK)
                    .addLink(other.getSpanContext(), Attributes.of(AttributeKey.stringKey("why"), "url.full=/x?token=" + TOKEN))
                    .startSpan();
            span.setAttribute("url.query", "secret=wrong-secret-Zq93");
            span.setAttribute("url.full", "http://desk/tevo/webhooks?secret=" + WEBHOOK);
            span.setAttribute("http.url", "http://desk/tevo/webhooks?secret=%28Odd-9k%29");
            span.setAttribute("http.target", "/tevo/webhooks?token=Vq7x-tok");
            span.setAttribute("http.request.header.x-webhook-secret", "whatever");
            span.setAttribute(AttributeKey.stringArrayKey("http.request.header.x-forwarded"), List.of("via " + TOKEN));
            span.setAttribute("http.response.status_code", 401L);
            span.addEvent("log", Attributes.of(AttributeKey.stringKey("message"), "poll failed: " + WEBHOOK));
            span.recordException(new IllegalStateException("TEvo answered HTTP 500: {\"token\":\"" + TOKEN + "\"}"));
            span.setStatus(StatusCode.ERROR, "upstream /tevo/webhooks?secret=" + WEBHOOK);
            span.end();
        }

        SpanData s = exported.stream().filter(d -> d.getName().startsWith("POST")).findFirst().orElseThrow();
        String all = s.getName() + s.getAttributes() + s.getEvents() + s.getLinks() + s.getStatus() + s.getResource();
        assertThat(all).doesNotContain(WEBHOOK).doesNotContain(TOKEN).doesNotContain("wrong-secret-Zq93").doesNotContain("whatever")
                .doesNotContain("Vq7x-tok").doesNotContain("Odd-9k");
        assertThat(s.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("secret=(hidden)");
        assertThat(s.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo("http://desk/tevo/webhooks?secret=(hidden)");
        assertThat(s.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(401L);
        assertThat(s.getEvents()).extracting(e -> e.getName()).containsExactly("log", "exception");
        assertThat(s.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo("java.lang.IllegalStateException");
        assertThat(s.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.stacktrace"))).contains("SafeSpansTest");
        assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(s.getLinks()).hasSize(1);
        assertThat(s.getResource().getAttributes().get(AttributeKey.stringKey("deployment.note"))).isEqualTo("token (hidden)");
    }
}
