package io.tevoroutes.desk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * An OpenTelemetry collector's OTLP/HTTP port (WireMock answering 200 to every export), so the packaged desk's real
 * OTLP exporter runs as in production and what it sends can be read back byte for byte (OTLP protobuf keeps strings
 * as they are).
 */
public final class OtlpCollector implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public OtlpCollector() {
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    /** What QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT is set to. */
    public String endpoint() {
        return "http://localhost:" + server.port();
    }

    public List<LoggedRequest> exports() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()));
    }

    @Override
    public void close() {
        server.stop();
    }
}
