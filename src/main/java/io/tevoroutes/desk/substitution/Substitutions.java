package io.tevoroutes.desk.substitution;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.api.TevoClient;
import io.tevoroutes.desk.model.EventTimes;
import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.Numbers;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Claims;
import io.tevoroutes.desk.state.SubstitutionBudget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The buy side's steps for routes/substitutions.camel.yaml: read a rejected purchase order, ask TEvo for the event's
 * listings, rank the candidates (CandidateSearch and the listing rules), build the create call of a substitute, read
 * its answer, and find a substitute already in the order group. Reads and builds only; the writes are
 * SubstitutionLedger's and the claims'.
 */
@ApplicationScoped
@Named("substitutions")
public class Substitutions {

    public static final String ORDER_ID = "substitutionOrderId";

    @Inject
    ObjectMapper mapper;
    @Inject
    CandidateSearch search;
    @Inject
    Claims claims;

    @ConfigProperty(name = "substitution.own-office-id")
    Optional<Long> ownOffice;
    @ConfigProperty(name = "substitution.min-hours-before-event", defaultValue = "3")
    int minHoursBeforeEvent;
    @ConfigProperty(name = "substitution.auto.max-increase-percent", defaultValue = "5")
    BigDecimal autoMaxIncreasePercent;
    @ConfigProperty(name = "substitution.auto.max-increase", defaultValue = "10.00")
    BigDecimal autoMaxIncrease;
    @ConfigProperty(name = "substitution.auto.max-tries", defaultValue = "3")
    int autoMaxTries;
    /** Absolute caps of mode auto (the start check makes both amounts above 0 when mode is auto: never unlimited). */
    @ConfigProperty(name = "substitution.auto.max-purchase")
    Optional<String> autoMaxPurchase;
    @ConfigProperty(name = "substitution.auto.daily-budget")
    Optional<String> autoDailyBudget;
    @ConfigProperty(name = "substitution.auto.budget-zone", defaultValue = "UTC")
    String budgetZone;
    @Inject
    SubstitutionBudget budget;

    /**
     * Body: one purchase order as TEvo lists it (JSON). Sets substitutionOrderId, substitutionGroupId, substitutionWanted
     * (what to replace), substitutionEventId, substitutionItemCount, substitutionEventPassed, substitutionEventTooClose,
     * substitutionUnreadable (why the item's quantity or price is refused by Numbers; null when both are read) and
     * substitutionDetail (a
     * line for people and the audit); substitutionOrderId is null when the order cannot be read or is not a purchase.
     */
    public void read(Exchange exchange) {
        exchange.setProperty(ORDER_ID, null);
        JsonNode po;
        try {
            po = Numbers.tree(mapper, exchange.getMessage().getBody(String.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return;
        }
        if (po == null || !po.isObject()) {
            return;
        }
        String type = Listing.text(po.get("type"));
        Long id = Listing.number(po.get("id"));
        if (id == null || type != null && !"purchaseorder".equals(type.toLowerCase(Locale.ROOT))) {
            return;
        }
        Long group = Listing.number(po.get("order_group_id"));
        if (group == null && po.path("order_group").isObject()) {
            group = Listing.number(po.path("order_group").get("id"));
        }
        JsonNode items = po.path("items");
        JsonNode item = items.isArray() && items.size() > 0 ? items.get(0) : null;
        JsonNode tg = item == null ? null : item.path("ticket_group");
        JsonNode event = tg == null ? null : tg.path("event");
        // the rejected item's quantity and price, read by Numbers: one it refuses is for a person (substitutionUnreadable)
        List<String> refused = new ArrayList<>();
        Integer quantity = null;
        BigDecimal paid = null;
        try {
            quantity = item == null ? null : Numbers.quantity(item.get("quantity"));
        } catch (Numbers.Refused e) {
            refused.add("its quantity " + e.getMessage());
        }
        try {
            paid = item == null ? null : Numbers.money(item.get("price"));
        } catch (Numbers.Refused e) {
            refused.add("its price " + e.getMessage());
        }
        String occursAt = event == null ? null : Listing.text(event.get("occurs_at"));
        Instant eventAt = EventTimes.instant(occursAt);
        Long seller = po.path("seller").isObject() ? Listing.number(po.path("seller").get("id")) : null;
        CandidateSearch.Wanted wanted = new CandidateSearch.Wanted(quantity == null ? 0 : quantity.intValue(), paid,
                tg == null ? null : Listing.text(tg.get("section")), tg == null ? null : Listing.text(tg.get("row")), eventAt, seller,
                ownOffice.orElse(null));
        exchange.setProperty(ORDER_ID, id);
        exchange.setProperty("substitutionUnreadable", refused.isEmpty() ? null
                : String.join(" and ", refused) + ": not a number the desk reads, so it buys nothing for this purchase");
        exchange.setProperty("substitutionGroupId", group);
        exchange.setProperty("substitutionWanted", wanted);
        exchange.setProperty("substitutionEventId", event == null ? null : Listing.number(event.get("id")));
        exchange.setProperty("substitutionItemCount", items.isArray() ? items.size() : 0);
        exchange.setProperty("substitutionEventPassed", eventAt != null && eventAt.isBefore(Instant.now()));
        exchange.setProperty("substitutionEventTooClose",
                eventAt != null && Duration.between(Instant.now(), eventAt).toMinutes() < minHoursBeforeEvent * 60L);
        String eventName = event == null ? null : Listing.text(event.get("name"));
        exchange.setProperty("substitutionDetail", "purchase order " + id + ": " + wanted.quantity() + " x section "
                + LogSafe.text(wanted.section()) + " row " + LogSafe.text(wanted.row()) + " of " + LogSafe.text(eventName)
                + (occursAt == null ? "" : " (" + LogSafe.quote(occursAt, 40) + ")") + ", paid " + (paid == null ? "?" : paid.toPlainString())
                + " per ticket" + (seller == null ? "" : ", rejected by office " + seller) + ", state " + LogSafe.text(po.path("state").asText()));
    }

    /** The rejected purchase's claim (several desks on one database): taken by one desk at a time. A write. */
    public boolean claim(@ExchangeProperty(ORDER_ID) Long orderId) {
        return claims.claim(key(orderId));
    }

    public void release(@ExchangeProperty(ORDER_ID) Long orderId) {
        if (orderId != null) {
            claims.release(key(orderId));
        }
    }

    static String key(Long orderId) {
        return "substitution:" + orderId;
    }

    /** GET /v9/listings?event_id=..&quantity=..&type=event: every listing of the event in one answer (no paging). */
    public void listingsRequest(@ExchangeProperty("substitutionEventId") Long eventId,
            @ExchangeProperty("substitutionWanted") CandidateSearch.Wanted wanted, Exchange exchange) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("event_id", eventId);
        query.put("quantity", wanted.quantity());
        query.put("type", "event");
        exchange.setProperty(TevoClient.METHOD, "GET");
        exchange.setProperty(TevoClient.PATH, "/listings");
        exchange.setProperty(TevoClient.QUERY, query);
        exchange.getMessage().setBody("");
    }

    /**
     * Body: the listings answer. Sets substitutionCandidates (ranked, best first), substitutionTop (the best three, for
     * the email) and substitutionSearch (what was searched and why listings were left out, for the email).
     */
    public void candidates(@ExchangeProperty("substitutionWanted") CandidateSearch.Wanted wanted, Exchange exchange) throws JsonProcessingException {
        List<Listing> listings = Listing.all(Numbers.tree(mapper, exchange.getMessage().getBody(String.class)));
        CandidateSearch.Result result = search.search(wanted, listings);
        exchange.setProperty("substitutionCandidates", result.candidates());
        exchange.setProperty("substitutionCandidateCount", result.candidates().size());
        exchange.setProperty("substitutionTop", result.candidates().stream().limit(3).map(Substitutions::describe).toList());
        Map<String, Object> searched = new LinkedHashMap<>();
        searched.put("listings", result.listings());
        searched.put("passed", result.candidates().size());
        List<String> excluded = new ArrayList<>();
        result.excluded().forEach((rule, n) -> {
            String reason = result.reasons().get(rule);
            excluded.add(n + " left out by " + rule + (reason == null || reason.isBlank() ? "" : ": " + reason));
        });
        searched.put("excluded", excluded);
        exchange.setProperty("substitutionSearch", searched);
        exchange.getMessage().setBody(null);
    }

    /**
     * For mode auto: the candidates within the stricter limits (substitution.auto.*: the increase over what the rejected
     * purchase cost, and substitution.auto.max-purchase for the whole substitute, price x quantity), at most
     * substitution.auto.max-tries, best first (exchange property substitutionChoices); substitutionTry starts at 0;
     * substitutionAuto true (the daily budget applies); substitutionNotBought says why, should nothing be bought.
     */
    public void autoChoices(@ExchangeProperty("substitutionCandidates") List<CandidateSearch.Candidate> candidates,
            @ExchangeProperty("substitutionWanted") CandidateSearch.Wanted wanted, Exchange exchange) {
        BigDecimal maxPurchase = amount("substitution.auto.max-purchase", autoMaxPurchase);
        List<CandidateSearch.Candidate> withinIncrease = candidates.stream()
                .filter(c -> c.increase() != null && c.increase().compareTo(autoMaxIncrease) <= 0)
                .filter(c -> c.increasePercent() != null && c.increasePercent().compareTo(autoMaxIncreasePercent) <= 0).toList();
        List<CandidateSearch.Candidate> choices = withinIncrease.stream()
                .filter(c -> total(c, wanted).compareTo(maxPurchase) <= 0)
                .limit(Math.max(0, autoMaxTries)).toList();
        exchange.setProperty("substitutionChoices", choices);
        exchange.setProperty("substitutionTry", 0);
        exchange.setProperty("substitutionAuto", true);
        exchange.setProperty("substitutionNotBought", choices.isEmpty() && !withinIncrease.isEmpty()
                ? "the best candidate within the increase limits costs " + total(withinIncrease.get(0), wanted).toPlainString()
                        + " in all, more than substitution.auto.max-purchase (" + maxPurchase.toPlainString() + ")"
                : "no candidate within substitution.auto limits, or TEvo refused each one tried");
    }

    /** What a substitute costs in all: the listing's cost per ticket times the quantity (both bounded by Numbers). */
    static BigDecimal total(CandidateSearch.Candidate c, CandidateSearch.Wanted wanted) {
        return c.cost().multiply(BigDecimal.valueOf(wanted.quantity()));
    }

    /**
     * Mode auto, before the create of substitutionChoice: its total reserved on today's budget (substitution.auto.
     * daily-budget, shared by every desk on the state store; the day in substitution.auto.budget-zone). True when it
     * fits (substitutionBudgetDay and substitutionReserved set, for a release), or when the choice is a person's (the
     * console: no budget); false when the day's budget cannot pay it (substitutionNotBought says so). A write.
     */
    public boolean reserve(@ExchangeProperty("substitutionChoice") CandidateSearch.Candidate c,
            @ExchangeProperty("substitutionWanted") CandidateSearch.Wanted wanted, @ExchangeProperty("substitutionAuto") Boolean auto,
            Exchange exchange) {
        exchange.removeProperty("substitutionReserved");
        if (!Boolean.TRUE.equals(auto)) {
            return true;
        }
        BigDecimal daily = amount("substitution.auto.daily-budget", autoDailyBudget);
        String day = java.time.LocalDate.now(java.time.ZoneId.of(budgetZone.strip())).toString();
        BigDecimal total = total(c, wanted);
        if (!budget.reserve(day, total, daily)) {
            exchange.setProperty("substitutionNotBought", "listing " + c.listing().id() + " costs " + total.toPlainString()
                    + " in all, and the day's budget (substitution.auto.daily-budget " + daily.toPlainString() + ", " + day + " "
                    + budgetZone.strip() + ") has " + shown(daily.subtract(budget.spent(day)).max(BigDecimal.ZERO))
                    + " left: a person decides");
            return false;
        }
        exchange.setProperty("substitutionBudgetDay", day);
        exchange.setProperty("substitutionReserved", total);
        return true;
    }

    /** An amount for people: at least two decimals, no trailing zeros beyond them (the budget column keeps six). */
    private static String shown(BigDecimal v) {
        return v.setScale(Math.max(2, v.stripTrailingZeros().scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    /** Gives the reservation of the current choice back: TEvo certainly did not create it (a 422, or nothing sent). */
    public void unreserve(@ExchangeProperty("substitutionBudgetDay") String day, @ExchangeProperty("substitutionReserved") BigDecimal reserved,
            Exchange exchange) {
        if (day != null && reserved != null) {
            budget.release(day, reserved);
            exchange.removeProperty("substitutionReserved");
        }
    }

    /** A cap of mode auto: an amount above 0 (the start check refuses any other value when mode is auto). */
    private static BigDecimal amount(String key, Optional<String> value) {
        BigDecimal v = value.filter(t -> !t.isBlank()).map(t -> Numbers.money(t.strip())).orElse(null);
        if (v == null || v.signum() <= 0) {
            throw new IllegalStateException(key + " is not an amount above 0: mode auto buys nothing without it");
        }
        return v;
    }

    /**
     * The next choice to buy: sets substitutionListingId, substitutionChoice and substitutionDetail, and returns true; false
     * when every choice was tried.
     */
    public boolean next(@ExchangeProperty("substitutionChoices") List<CandidateSearch.Candidate> choices,
            @ExchangeProperty("substitutionTry") Integer tried, Exchange exchange) {
        int i = tried == null ? 0 : tried;
        if (choices == null || i >= choices.size()) {
            return false;
        }
        CandidateSearch.Candidate c = choices.get(i);
        exchange.setProperty("substitutionTry", i + 1);
        exchange.setProperty("substitutionListingId", c.listing().id());
        exchange.setProperty("substitutionChoice", c);
        exchange.setProperty("substitutionDetail", "buying listing " + describe(c).get("line"));
        return true;
    }

    /**
     * A person's choice in the console (substitutionChosenListing, from the path): the candidate with that listing id, if it still passes the
     * rules now, as the only choice to buy (substitutionChoices; substitutionTry 0). False when it does not.
     */
    public boolean chosen(@ExchangeProperty("substitutionCandidates") List<CandidateSearch.Candidate> candidates,
            @ExchangeProperty("substitutionChosenListing") String listingId, Exchange exchange) {
        Long id = listingId == null ? null : io.tevoroutes.desk.model.StrictId.parse(listingId);
        List<CandidateSearch.Candidate> choice = candidates == null || id == null ? List.of()
                : candidates.stream().filter(c -> id.equals(c.listing().id())).limit(1).toList();
        exchange.setProperty("substitutionChoices", choice);
        exchange.setProperty("substitutionTry", 0);
        exchange.setProperty("substitutionAuto", false);
        exchange.setProperty("substitutionNotBought", "TEvo refused the listing chosen");
        return !choice.isEmpty();
    }

    /**
     * POST /v9/orders: the substitute, in TEvo's shape (seed 003): one item, the listing as ticket_group_id, its wholesale
     * price, the quantity of the rejected item, ticket_group_signature when the listing has one, and
     * substitute_order_link_id = the rejected purchase order.
     */
    public void createRequest(@ExchangeProperty(ORDER_ID) Long orderId, @ExchangeProperty("substitutionChoice") CandidateSearch.Candidate c,
            @ExchangeProperty("substitutionWanted") CandidateSearch.Wanted wanted, Exchange exchange) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode order = body.putArray("orders").addObject();
        ObjectNode item = order.putArray("shipped_items").addObject().putArray("items").addObject();
        item.put("price", c.cost());
        item.put("quantity", wanted.quantity());
        item.put("ticket_group_id", c.listing().id());
        if (c.listing().signature() != null) {
            item.put("ticket_group_signature", c.listing().signature());
        }
        order.put("substitute_order_link_id", orderId);
        exchange.setProperty(TevoClient.METHOD, "POST");
        exchange.setProperty(TevoClient.PATH, "/orders");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody(body.toString());
    }

    /** Body: TEvo's answer to the create (the order created, or {"orders":[...]}). Sets substitutionNewOrderId. */
    public void createdOrder(Exchange exchange) throws JsonProcessingException {
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        JsonNode order = answer == null ? null : answer.has("orders") && answer.get("orders").isArray() && answer.get("orders").size() > 0
                ? answer.get("orders").get(0) : answer;
        exchange.setProperty("substitutionNewOrderId", order == null ? null : Listing.number(order.get("id")));
    }

    /**
     * The order group re-read (exchange property tevoListedOrders: its purchase orders as JSON): a substitute already made
     * for the rejected one (linked to it, or any other purchase of the group not rejected, canceled or waiting for a
     * substitution). Returns its id, or null.
     */
    public Long existing(@ExchangeProperty(ORDER_ID) Long orderId, @ExchangeProperty("tevoListedOrders") List<String> orders) {
        Long linked = null;
        Long other = null;
        for (String json : orders == null ? List.<String>of() : orders) {
            JsonNode o;
            try {
                o = mapper.readTree(json);
            } catch (JsonProcessingException e) {
                continue;
            }
            Long id = Listing.number(o.get("id"));
            if (id == null || id.equals(orderId)) {
                continue;
            }
            TevoOrder.StateKind kind = TevoOrder.StateKind.of(Listing.text(o.get("state")));
            if (kind == TevoOrder.StateKind.ENDED || kind == TevoOrder.StateKind.REJECTED) {
                continue;
            }
            if (orderId.equals(Listing.number(o.get("substitute_order_link_id")))) {
                linked = id;
            } else if (other == null) {
                other = id;
            }
        }
        return linked != null ? linked : other;
    }

    /** A candidate for people: its seats, format, cost and what it adds to the rejected purchase. */
    static Map<String, Object> describe(CandidateSearch.Candidate c) {
        Listing l = c.listing();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("section", LogSafe.text(l.section()));
        m.put("row", LogSafe.text(l.row()));
        m.put("available", l.availableQuantity());
        m.put("format", LogSafe.text(l.format()) + (l.inHand() ? ", in hand" : ""));
        m.put("cost", c.cost() == null ? "?" : c.cost().toPlainString());
        m.put("increase", c.increase() == null ? "?" : (c.increase().signum() >= 0 ? "+" : "") + c.increase().toPlainString()
                + (c.increasePercent() == null ? "" : " (" + c.increasePercent().toPlainString() + " %)"));
        m.put("line", l.id() + ": section " + m.get("section") + " row " + m.get("row") + ", " + m.get("format") + ", " + m.get("cost")
                + " per ticket (" + m.get("increase") + ")");
        return m;
    }
}
