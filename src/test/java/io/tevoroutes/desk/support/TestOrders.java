package io.tevoroutes.desk.support;

import java.util.Arrays;
import java.util.stream.Collectors;

/** TEvo order JSON in the shape of the seeds (ids and money as strings, like older payloads). */
public final class TestOrders {

    private TestOrders() {
    }

    public static String item(long id, String remoteId, int quantity, String price, boolean eticket) {
        return """
                {"id":"%d","order_item_id":%d,"price":"%s","quantity":%d,"eticket_delivery":%s,
                 "ticket_group":{"id":"%d","remote_id":"%s","section":"101","row":"A","seats":[1,2],"quantity":%d,
                   "event":{"id":"304581","name":"Ravens at Eagles","occurs_at":"2026-12-20T18:00:00Z",
                            "venue":{"id":"2542","name":"Lincoln Financial Field"}}}}"""
                .formatted(id, id + 50000, price, quantity, eticket, id + 9000, remoteId, quantity);
    }

    /** An e-ticket item of a ticket group with the given seats (one ticket per seat). */
    public static String itemWithSeats(long id, String remoteId, String price, int... seats) {
        String seatList = java.util.Arrays.stream(seats).mapToObj(String::valueOf).collect(Collectors.joining(","));
        return item(id, remoteId, seats.length, price, true).replace("\"seats\":[1,2]", "\"seats\":[" + seatList + "]");
    }

    public static String order(long id, String... items) {
        return orderWith(id, "", items);
    }

    /** extra: more JSON members, e.g. {@code "spec":true,}. */
    public static String orderWith(long id, String extra, String... items) {
        return """
                {"id":"%d","oid":"R%d","state":"pending","type":"Order",%s"buyer":{"type":"Office","id":6},
                 "created_at":"2026-11-22T10:00:00Z","items":[%s]}"""
                .formatted(id, id, extra, Arrays.stream(items).collect(Collectors.joining(",")));
    }

    /** The order as TEvo shows it once it holds the e-tickets of its items (eticket_available). */
    public static String withEticketsAvailable(String orderJson) {
        return orderJson.replace("\"eticket_delivery\":true", "\"eticket_delivery\":true,\"eticket_available\":true");
    }

    public static String withState(String orderJson, String state) {
        return orderJson.replace("\"state\":\"pending\"", "\"state\":\"" + state + "\"");
    }

    public static String page(int page, int perPage, String... orders) {
        return "{\"current_page\":%d,\"per_page\":%d,\"total_entries\":null,\"orders\":[%s]}".formatted(page, perPage,
                String.join(",", orders));
    }
}
