package io.tevoroutes.desk.observe;

import java.util.Collection;
import java.util.List;

import org.eclipse.microprofile.config.Config;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.All;
import io.quarkus.opentelemetry.runtime.AutoConfiguredOpenTelemetrySdkBuilderCustomizer;
import io.quarkus.opentelemetry.runtime.config.build.OTelBuildConfig;
import io.quarkus.opentelemetry.runtime.exporter.otlp.tracing.RemoveableLateBoundSpanProcessor;
import io.tevoroutes.desk.config.SafeLogFilter;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * No secret leaves the desk in a trace: every finished span is cleaned ({@link SafeSpans}) on its way to the
 * exporters, after every instrumentation (Quarkus' HTTP server spans, Camel's opentelemetry2 spans, the TEvo client
 * spans, exception events) has written it and before the OTLP exporter encodes it. With tracing off (no OTLP endpoint,
 * {@link io.tevoroutes.desk.config.TracingSwitch}) the SDK is never built and this does nothing.
 * <p>
 * Where it hooks in, and why there: Quarkus 3.27 builds its OTLP exporter (gRPC or http/protobuf, with its endpoint,
 * headers, TLS, compression and proxy settings) inside a span processor of its own (a synthetic LateBoundSpanProcessor
 * bean wrapping a BatchSpanProcessor), and turns that exporter off as soon as the application has a SpanExporter bean
 * of its own: a delegating SpanExporter bean would silence the OTLP export it meant to clean, and rebuilding the OTLP
 * exporter here would lose Quarkus' configuration of it. Quarkus hands its span processors to the SDK in one bean,
 * {@code AutoConfiguredOpenTelemetrySdkBuilderCustomizer.TracerProviderCustomizer}: application.properties excludes
 * that bean ({@code quarkus.arc.exclude-types}) and this one registers the same processors (and the same IdGenerator)
 * instead, each one that sees finished spans wrapped so that it gets the span cleaned: its {@code toSpanData()} is the
 * cleaned {@link SpanData}, which is what Quarkus' BatchSpanProcessor hands to the OTLP exporter. SpanExporter beans
 * (the "cdi" exporter; the tests' in-memory one) are wrapped too, by the SDK's exporter customizer. An in-place
 * alternative (rewriting attributes while a span ends) cannot reach its events: an exception's message and stack
 * trace would still be exported. Should a Quarkus upgrade bring the excluded bean back, the start fails (below) rather
 * than export every span twice, once uncleaned. Plain CDI and SDK interfaces: nothing reflective, native-image ready.
 */
@Singleton
public class SafeTraceExport implements AutoConfiguredOpenTelemetrySdkBuilderCustomizer {

    @Inject
    OTelBuildConfig buildConfig;

    @Inject
    @All
    List<IdGenerator> idGenerators;

    @Inject
    @All
    List<SpanProcessor> spanProcessors;

    @Inject
    Instance<SpanExporter> spanExporters;

    @Inject
    @Any
    Instance<AutoConfiguredOpenTelemetrySdkBuilderCustomizer> customizers;

    @Inject
    Config config;

    @Override
    public void customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        for (Instance.Handle<AutoConfiguredOpenTelemetrySdkBuilderCustomizer> c : customizers.handles()) {
            if (c.getBean().getBeanClass() == AutoConfiguredOpenTelemetrySdkBuilderCustomizer.TracerProviderCustomizer.class) {
                throw new IllegalStateException("Quarkus' TracerProviderCustomizer is not excluded (quarkus.arc.exclude-types): "
                        + "its span processors would export every span uncleaned next to SafeTraceExport's");
            }
        }
        SafeSpans safe = new SafeSpans(SafeLogFilter.secretValues(config));
        builder.addTracerProviderCustomizer((tracerProvider, properties) -> {
            if (buildConfig.traces().enabled().orElse(Boolean.TRUE)) {
                idGenerators.stream().findFirst().ifPresent(tracerProvider::setIdGenerator);
                spanProcessors.stream().filter(p -> !(p instanceof RemoveableLateBoundSpanProcessor))
                        .forEach(p -> tracerProvider.addSpanProcessor(p.isEndRequired() ? new CleaningProcessor(p, safe) : p));
            }
            return tracerProvider;
        });
        if (!spanExporters.isUnsatisfied()) {
            builder.addSpanExporterCustomizer((exporter, properties) -> new CleaningExporter(exporter, safe));
        }
    }

    /** A span processor that gets every finished span cleaned; started spans reach it as they are. */
    static final class CleaningProcessor implements SpanProcessor {

        private final SpanProcessor delegate;
        private final SafeSpans safe;

        CleaningProcessor(SpanProcessor delegate, SafeSpans safe) {
            this.delegate = delegate;
            this.safe = safe;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            delegate.onStart(parentContext, span);
        }

        @Override
        public boolean isStartRequired() {
            return delegate.isStartRequired();
        }

        @Override
        public void onEnd(ReadableSpan span) {
            delegate.onEnd(new CleanedSpan(span, safe));
        }

        @Override
        public boolean isEndRequired() {
            return delegate.isEndRequired();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public CompletableResultCode forceFlush() {
            return delegate.forceFlush();
        }
    }

    /** A finished span as a processor may read it: its name, attributes and SpanData cleaned. */
    static final class CleanedSpan implements ReadableSpan {

        private final ReadableSpan span;
        private final SafeSpans safe;

        CleanedSpan(ReadableSpan span, SafeSpans safe) {
            this.span = span;
            this.safe = safe;
        }

        @Override
        public SpanData toSpanData() {
            return safe.clean(span.toSpanData());
        }

        @Override
        public String getName() {
            return safe.clean(span.getName());
        }

        @Override
        public <T> T getAttribute(AttributeKey<T> key) {
            T value = span.getAttribute(key);
            return value == null ? null : safe.clean(Attributes.of(key, value)).get(key);
        }

        @Override
        public Attributes getAttributes() {
            return safe.clean(span.getAttributes());
        }

        @Override
        public SpanContext getSpanContext() {
            return span.getSpanContext();
        }

        @Override
        public SpanContext getParentSpanContext() {
            return span.getParentSpanContext();
        }

        @Override
        @SuppressWarnings("deprecation")
        public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return span.getInstrumentationLibraryInfo();
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return span.getInstrumentationScopeInfo();
        }

        @Override
        public boolean hasEnded() {
            return span.hasEnded();
        }

        @Override
        public long getLatencyNanos() {
            return span.getLatencyNanos();
        }

        @Override
        public SpanKind getKind() {
            return span.getKind();
        }
    }

    /** A span exporter that is handed every span cleaned. */
    static final class CleaningExporter implements SpanExporter {

        private final SpanExporter delegate;
        private final SafeSpans safe;

        CleaningExporter(SpanExporter delegate, SafeSpans safe) {
            this.delegate = delegate;
            this.safe = safe;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans.stream().map(safe::clean).toList());
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
