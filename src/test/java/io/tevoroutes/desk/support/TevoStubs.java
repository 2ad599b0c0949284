package io.tevoroutes.desk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** Signed TEvo stubs: every stub here only matches a correctly signed request. */
public final class TevoStubs {

    private TevoStubs() {
    }

    public static WireMockServer tevo() {
        return TevoApiResource.server();
    }

    public static MappingBuilder signed(MappingBuilder mapping) {
        return mapping.andMatching(TevoSignatureMatcher.NAME,
                Parameters.from(java.util.Map.of("token", TevoApiResource.TOKEN, "secret", TevoApiResource.SECRET)));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The pending-orders list, paged by per_page (2 in tests), as TEvo answers {@code state=pending&type=Order}. */
    public static void pendingOrders(String... orders) {
        listed("state", "pending", orders);
    }

    /** Accepted orders whose e-tickets are not delivered, as TEvo answers {@code needs_eticket=true&type=Order}. */
    public static void ordersNeedingEtickets(String... orders) {
        listed("needs_eticket", "true", orders);
    }

    private static void listed(String filter, String value, String... orders) {
        int perPage = 2;
        List<String> all = new ArrayList<>(Arrays.asList(orders));
        int pages = all.size() / perPage + 1; // page until a short page
        for (int p = 1; p <= pages; p++) {
            List<String> slice = all.subList(Math.min(all.size(), (p - 1) * perPage), Math.min(all.size(), p * perPage));
            tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam(filter, equalTo(value))
                    .withQueryParam("type", equalTo("Order")).withQueryParam("per_page", equalTo(String.valueOf(perPage)))
                    .withQueryParam("page", equalTo(String.valueOf(p))))
                    .willReturn(json(200, TestOrders.page(p, perPage, slice.toArray(String[]::new)))));
        }
    }

    /**
     * A stateful TEvo for one pending order: listed and shown pending until an accept arrives. The first accept is
     * applied (from then on the order is shown accepted, no longer listed, and a further accept gets TEvo's 422) but
     * answered with {@code answer}: a 500, a reset connection, an answer that comes too late.
     */
    public static void acceptAppliedButAnswered(long orderId, String pendingOrder, ResponseDefinitionBuilder answer) {
        String scenario = "order-" + orderId;
        String accepted = TestOrders.withState(pendingOrder, "accepted");
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending")))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, TestOrders.page(1, 2, pendingOrder))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("state", equalTo("pending")))
                .inScenario(scenario).whenScenarioStateIs("accepted").willReturn(json(200, TestOrders.page(1, 2))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + orderId))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, pendingOrder)));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + orderId))).inScenario(scenario)
                .whenScenarioStateIs("accepted").willReturn(json(200, accepted)));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/accept"))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(answer).willSetStateTo("accepted"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/accept"))).inScenario(scenario)
                .whenScenarioStateIs("accepted").willReturn(json(422, "{\"errors\":{\"state\":[\"is not pending\"]}}")));
    }

    /**
     * A stateful TEvo for one accepted order awaiting its e-tickets: the first deliver_etickets is applied (from then on
     * the order shows its items' e-tickets available, and another delivery gets a 422) but answered with {@code answer}.
     */
    public static void deliveryAppliedButAnswered(long orderId, String acceptedOrder, ResponseDefinitionBuilder answer) {
        String scenario = "delivery-" + orderId;
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + orderId))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, acceptedOrder)));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + orderId))).inScenario(scenario)
                .whenScenarioStateIs("delivered").willReturn(json(200, TestOrders.withEticketsAvailable(acceptedOrder))));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/deliver_etickets"))).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(answer).willSetStateTo("delivered"));
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/deliver_etickets"))).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs("delivered").willReturn(json(422, "{\"errors\":{\"etickets\":[\"already delivered\"]}}")));
    }

    public static void show(long orderId, String orderJson) {
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders/" + orderId))).willReturn(json(200, orderJson)));
    }

    public static void acceptAnswers(long orderId, ResponseDefinitionBuilder response) {
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/accept"))).willReturn(response));
    }

    public static void rejectAnswers(long orderId, ResponseDefinitionBuilder response) {
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders/" + orderId + "/reject"))).willReturn(response));
    }

    /** How many POSTs reached this path (accepts, deliveries, completions TEvo received). */
    public static int posts(String path) {
        return tevo().findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    public static RequestPatternBuilder acceptOf(long orderId) {
        return postRequestedFor(urlPathEqualTo("/v9/orders/" + orderId + "/accept"));
    }

    public static RequestPatternBuilder acceptOf(long orderId, long reviewerId) {
        return acceptOf(orderId).withRequestBody(equalToJson("{\"reviewer_id\":" + reviewerId + "}"));
    }

    public static RequestPatternBuilder rejectOf(long orderId) {
        return postRequestedFor(urlPathEqualTo("/v9/orders/" + orderId + "/reject"));
    }
}
