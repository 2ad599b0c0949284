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
        server = new WireMockServer(options().dynamicPort().extensions(new TevoSignatureMatcher(), new Chaos()));
        server.start();
        resetToUnauthorized();
        return Map.of("tevo.api.base-url", "http://localhost:" + server.port());
    }

    /** Forget every stub; anything not stubbed afterwards answers TEvo's 401. No chaos. */
    public static void resetToUnauthorized() {
        Chaos.rate = 0;
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Your signature is incorrect. Please check your API secret.\"}")));
    }

    /**
     * Fault injection: while {@link #rate} is above 0, that share of all calls (drawn from a seeded random, so a run
     * can be repeated) is answered 503 or 429 instead, half of them with Retry-After: 0, the way a busy TEvo
     * answers: the call is not applied.
     */
    public static final class Chaos implements com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2 {

        public static volatile double rate;
        private static final java.util.Random RANDOM = new java.util.Random(20261123);
        private static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

        public static int injected() {
            return INJECTED.get();
        }

        @Override
        public com.github.tomakehurst.wiremock.http.ResponseDefinition transform(com.github.tomakehurst.wiremock.stubbing.ServeEvent event) {
            boolean fault;
            boolean limit;
            boolean retryAfter;
            synchronized (RANDOM) {
                fault = rate > 0 && RANDOM.nextDouble() < rate;
                limit = RANDOM.nextBoolean();
                retryAfter = RANDOM.nextBoolean();
            }
            if (!fault) {
                return event.getResponseDefinition();
            }
            INJECTED.incrementAndGet();
            var response = aResponse().withStatus(limit ? 429 : 503).withHeader("Content-Type", "application/json")
                    .withBody(limit ? "{\"error\":\"Too Many Requests\"}" : "{\"error\":\"Service Unavailable\"}");
            if (retryAfter) {
                response.withHeader("Retry-After", "0");
            }
            return response.build();
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "chaos";
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
