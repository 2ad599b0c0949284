package io.tevoroutes.desk.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.config.DeskConfig;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.model.OrderParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The TEvo requests the routes make, as input for routes/tevo-api.camel.yaml. Paging follows TEvo's recipe,
 * {@code GET /v9/orders?state=pending&type=Order}, until a short page (total_entries may be null and the largest
 * per_page is not documented).
 */
@ApplicationScoped
@Named("tevoRequests")
public class TevoRequests {

    private static final Logger LOG = Logger.getLogger(TevoRequests.class);

    public static final String PAGE = "tevoPage";
    public static final String MORE = "tevoMorePages";
    public static final String GROUP = "tevoOrderGroupId";
    public static final String SEEN = "tevoOrdersSeen";
    public static final String COLLECTED = "tevoListedOrders";
    /**
     * Which list: pending (the orders to decide, default), needs-eticket (accepted, e-tickets not delivered) or purchases
     * (the broker's purchase orders, type=PurchaseOrder).
     */
    public static final String LISTING = "tevoListing";
    /** For the listing purchases: the purchase orders' state (null: every state, with tevoOrderGroupId). */
    public static final String PURCHASE_STATE = "tevoPurchaseState";
    public static final String ORDER_ID = "tevoOrderId";
    public static final String DECISION = "tevoDecision";

    @Inject
    DeskConfig config;
    @Inject
    OrderParser parser;
    @Inject
    ObjectMapper mapper;
    @Inject
    TevoReachability reachability;

    public void startPaging(Exchange exchange) {
        exchange.setProperty(PAGE, 1);
        exchange.setProperty(MORE, true);
        exchange.setProperty(SEEN, 0);
        exchange.setProperty(COLLECTED, new java.util.ArrayList<String>());
    }

    /** GET /v9/orders for the current page. */
    public void pageQuery(Exchange exchange) {
        Map<String, Object> query = new LinkedHashMap<>();
        String listing = exchange.getProperty(LISTING, String.class);
        if ("needs-eticket".equals(listing)) {
            query.put("needs_eticket", "true");
        } else if ("purchases".equals(listing)) {
            // the broker's purchase orders in one state (PURCHASE_STATE: rejected, pending_substitution); with
            // tevoOrderGroupId and no state: every purchase order of one order group
            String state = exchange.getProperty(PURCHASE_STATE, String.class);
            if (state != null) {
                query.put("state", state);
            }
        } else {
            query.put("state", "pending");
            config.poll().directBuyerType().filter(s -> !s.isBlank()).ifPresent(t -> query.put("direct_buyer_type", t));
        }
        query.put("type", "purchases".equals(listing) ? "PurchaseOrder" : "Order");
        Object group = exchange.getProperty(GROUP);
        if (group != null) {
            query.put("order_group_id", group);
        }
        query.put("page", exchange.getProperty(PAGE, 1, Integer.class));
        query.put("per_page", config.poll().perPage());
        request(exchange, "GET", "/orders", query, null);
    }

    /**
     * Read one page into the collected orders; a full page means there may be more. Orders are queued only after
     * the last page: accepting them shrinks TEvo's pending list, which would shift later pages while paging.
     */
    @SuppressWarnings("unchecked")
    public void readPage(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        int pageNo = exchange.getProperty(PAGE, 1, Integer.class);
        OrderParser.OrderPage page;
        try {
            page = parser.page(body, config.poll().perPage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = "page " + pageNo + " of GET /v9/orders is not a list of orders ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); it starts: " + excerpt(body);
            reachability.unreadable(why);
            throw new TevoApiException(200, why, null);
        }
        reachability.readable();
        exchange.getProperty(COLLECTED, java.util.List.class).addAll(page.orders());
        exchange.getMessage().setBody(null);
        exchange.setProperty(MORE, page.full() && pageNo < config.poll().maxPages());
        if (page.full() && pageNo >= config.poll().maxPages()) {
            LOG.warnf("GET /v9/orders still had full pages after %d pages (tevo.poll.max-pages): the rest is read at the next"
                    + " poll; raise tevo.poll.max-pages if this repeats", pageNo);
        }
        exchange.setProperty(PAGE, pageNo + 1);
        exchange.setProperty(SEEN, exchange.getProperty(SEEN, 0, Integer.class) + page.orders().size());
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(nothing)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }

    /** GET /v9/orders/:id for the order in exchange property tevoOrderId. */
    public void showOrder(Exchange exchange) {
        request(exchange, "GET", "/orders/" + orderId(exchange), null, null);
    }

    /** POST /v9/orders/:id/accept {"reviewer_id":N}. */
    public void accept(Exchange exchange) {
        ObjectNode body = mapper.createObjectNode();
        body.put("reviewer_id", config.reviewerId().orElseThrow(
                () -> new IllegalStateException("tevo.reviewer-id (TEVO_REVIEWER_ID) is not set")));
        request(exchange, "POST", "/orders/" + orderId(exchange) + "/accept", null, body.toString());
    }

    /** POST /v9/orders/:id/reject {"reason": one of TEvo's reasons, "reviewer_id": N, "rejection_notes": ...}. */
    public void reject(Exchange exchange) {
        OrderDecision decision = exchange.getProperty(DECISION, OrderDecision.class);
        ObjectNode body = mapper.createObjectNode();
        body.put("reason", decision.getRejectReason());
        config.reviewerId().ifPresent(id -> body.put("reviewer_id", id));
        String notes = decision.getRejectionNotes();
        body.put("rejection_notes", notes.length() > 500 ? notes.substring(0, 500) : notes);
        request(exchange, "POST", "/orders/" + orderId(exchange) + "/reject", null, body.toString());
    }

    private static Long orderId(Exchange exchange) {
        Long id = exchange.getProperty(ORDER_ID, Long.class);
        if (id == null) {
            throw new IllegalStateException("no order id on the exchange");
        }
        return id;
    }

    private static void request(Exchange exchange, String method, String path, Map<String, Object> query, String body) {
        exchange.setProperty(TevoClient.METHOD, method);
        exchange.setProperty(TevoClient.PATH, path);
        if (query == null) {
            exchange.removeProperty(TevoClient.QUERY);
        } else {
            exchange.setProperty(TevoClient.QUERY, query);
        }
        exchange.getMessage().setBody(body == null ? "" : body); // "": no body (null could bring back a file body)
    }
}
