package io.tevoroutes.desk.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * An in-memory span exporter: Quarkus hands every finished span to each SpanExporter bean (the "cdi" exporter), next
 * to the OTLP exporter the desk is configured with. Tests read what the desk traced here.
 */
@Singleton
@Unremovable
public class CollectedSpans implements SpanExporter {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        return CompletableResultCode.ofSuccess();
    }

    public List<SpanData> all() {
        return new ArrayList<>(spans);
    }

    public List<SpanData> matching(Predicate<SpanData> which) {
        return spans.stream().filter(which).toList();
    }

    public void clear() {
        spans.clear();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
