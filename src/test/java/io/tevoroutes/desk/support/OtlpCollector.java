package io.tevoroutes.desk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * An OpenTelemetry collector's OTLP port (WireMock answering 200 to every export), so the packaged desk's real OTLP
 * exporter runs as in production and what it sends can be read back byte for byte (OTLP protobuf keeps strings as
 * they are). It takes OTLP/HTTP (http/protobuf, POST /v1/traces) and OTLP/gRPC (HTTP/2 without TLS, which WireMock's
 * server speaks: POST /opentelemetry.proto.collector.trace.v1.TraceService/Export, answered grpc-status 0).
 */
public final class OtlpCollector implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public OtlpCollector() {
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        server.stubFor(any(anyUrl()).withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.matching("application/grpc.*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/grpc").withHeader("grpc-status", "0")));
    }

    /** What QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT is set to. */
    public String endpoint() {
        return "http://localhost:" + server.port();
    }

    public List<LoggedRequest> exports() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()));
    }

    /** Every export's body, as the desk sent it. */
    public List<byte[]> bodies() {
        return exports().stream().map(LoggedRequest::getBody).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
