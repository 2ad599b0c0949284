package io.tevoroutes.desk.config;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Traces are exported only when an OTLP endpoint is configured: with quarkus.otel.exporter.otlp.endpoint or
 * quarkus.otel.exporter.otlp.traces.endpoint set (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT), the OpenTelemetry SDK is on;
 * without one it is off (quarkus.otel.sdk.disabled=true), so no span is made, nothing is sent to a collector that is
 * not there, and Camel gets no tracer at all. An explicit quarkus.otel.sdk.disabled still wins (this source's ordinal
 * is below application.properties and environment variables).
 */
public class TracingSwitch implements ConfigSourceFactory {

    static final List<String> ENDPOINTS = List.of(
            "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpoint = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingSwitch::isSet);
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.otel.sdk.disabled", String.valueOf(!endpoint)),
                "tevo-routes tracing switch", 150));
    }

    /** Set by someone: not Quarkus' own default (http://localhost:4317, from a defaults source of negative ordinal). */
    static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank() && value.getConfigSourceOrdinal() > 0;
    }
}
