package io.tevoroutes.desk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The buy side in TEvo's shapes: the broker's purchase orders (the seed's order as a PurchaseOrder, several KB, with
 * its seller and order group) and an event's listings (Listings / Show), and the stubs that serve them.
 */
public final class BuySide {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The office that rejects the purchases in these tests, and the broker's own. */
    public static final long REJECTING_SELLER = 555;
    public static final long OWN_OFFICE = 777;

    private BuySide() {
    }

    /** A purchase order of 2 tickets in section 101 row 10 at 100.00 each, rejected by REJECTING_SELLER. */
    public static ObjectNode rejectedPurchase(long id, long groupId, long eventId, Duration eventIn) {
        ObjectNode o = SeedOrders.order(id, "PO-" + id, 2, "100.00");
        o.put("type", "PurchaseOrder");
        o.put("state", "rejected");
        o.put("order_group_id", groupId);
        ((ObjectNode) o.get("seller")).put("id", String.valueOf(REJECTING_SELLER));
        ObjectNode group = (ObjectNode) SeedOrders.item(o).get("ticket_group");
        group.put("section", "101");
        group.put("row", "10");
        ObjectNode event = (ObjectNode) group.get("event");
        event.put("id", String.valueOf(eventId));
        event.put("occurs_at", Instant.now().plus(eventIn).truncatedTo(ChronoUnit.SECONDS).toString());
        return o;
    }

    /** A listing: its id, available quantity, section, row, format, wholesale price; splits [2,4]; a signature. */
    public static ObjectNode listing(long id, int available, String section, String row, String format, String cost) {
        ObjectNode l = MAPPER.createObjectNode();
        l.put("id", id);
        l.put("available_quantity", available);
        ArrayNode splits = l.putArray("splits");
        splits.add(2).add(4);
        l.put("wholesale_price", cost);
        // money as TEvo writes it, two decimals (a double's 121.19999999999999 is refused by model/Numbers)
        l.put("retail_price", new java.math.BigDecimal(cost).multiply(new java.math.BigDecimal("1.2"))
                .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        l.put("section", section);
        l.put("row", row);
        l.put("format", format);
        l.put("in_hand", false);
        l.put("automated", true);
        l.putObject("office").put("id", 900 + id % 50).put("name", "Office " + id);
        l.put("signature", "sig-" + id);
        return l;
    }

    /** GET /v9/listings?event_id=..&quantity=2&type=event answers these listings (as TEvo: {"listings":[...]}). */
    public static void listings(long eventId, ObjectNode... listings) {
        String body = "{\"total_entries\":" + listings.length + ",\"listings\":["
                + Arrays.stream(listings).map(ObjectNode::toString).collect(Collectors.joining(",")) + "]}";
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/listings")).withQueryParam("event_id", equalTo(String.valueOf(eventId)))
                .withQueryParam("type", equalTo("event"))).willReturn(json(200, body)));
    }

    /** The purchase orders listed in one state (rejected, pending_substitution): all on page 1, later pages empty. */
    public static void purchases(String state, ObjectNode... orders) {
        paged("state", state, orders);
    }

    /** The purchase orders of one order group (no state filter). */
    public static void group(long groupId, ObjectNode... orders) {
        paged("order_group_id", String.valueOf(groupId), orders);
    }

    private static void paged(String filter, String value, ObjectNode... orders) {
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("type", equalTo("PurchaseOrder"))
                .withQueryParam(filter, equalTo(value))).atPriority(5).willReturn(json(200, page(2))));
        tevo().stubFor(signed(get(urlPathEqualTo("/v9/orders")).withQueryParam("type", equalTo("PurchaseOrder"))
                .withQueryParam(filter, equalTo(value)).withQueryParam("page", equalTo("1"))).atPriority(1)
                .willReturn(json(200, page(1, orders))));
    }

    public static String page(int page, ObjectNode... orders) {
        return TestOrders.page(page, 2, Arrays.stream(orders).map(ObjectNode::toString).toArray(String[]::new));
    }

    /** The substitute TEvo creates: a pending purchase order in the group, linked to the rejected one. */
    public static ObjectNode substitute(long id, long groupId, long rejectedId) {
        ObjectNode o = SeedOrders.order(id, "SUB-" + id, 2, "104.00");
        o.put("type", "PurchaseOrder");
        o.put("state", "pending");
        o.put("order_group_id", groupId);
        o.put("substitute_order_link_id", rejectedId);
        return o;
    }

    /** POST /v9/orders for the listing answers with this. */
    public static void createAnswers(long listingId, ResponseDefinitionBuilder answer) {
        tevo().stubFor(signed(post(urlPathEqualTo("/v9/orders")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.orders[0].shipped_items[0].items[0].ticket_group_id", equalTo(String.valueOf(listingId))))
                .willReturn(answer));
    }

    public static String ordersAnswer(ObjectNode order) {
        return "{\"orders\":[" + order + "]}";
    }
}
