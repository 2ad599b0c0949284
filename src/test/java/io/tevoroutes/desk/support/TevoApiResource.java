package io.tevoroutes.desk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The TEvo API for tests: WireMock on a free port, checking every request's signature. Stubs are made with
 * {@link TevoStubs}; a request that no signed stub matches gets TEvo's 401.
 */
public class TevoApiResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-token-7f3e9a";
    public static final String SECRET = "test-secret-Qx81bZpLw0";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().extensions(new TevoSignatureMatcher()));
        server.start();
        resetToUnauthorized();
        return Map.of("tevo.api.base-url", "http://localhost:" + server.port());
    }

    /** Forget every stub; anything not stubbed afterwards answers TEvo's 401. */
    public static void resetToUnauthorized() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Your signature is incorrect. Please check your API secret.\"}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
