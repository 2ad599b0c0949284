package io.tevoroutes.desk.rules;

import static io.tevoroutes.desk.support.SeedOrders.item;
import static io.tevoroutes.desk.support.SeedOrders.json;
import static io.tevoroutes.desk.support.SeedOrders.order;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.decision.DecisionPolicy;
import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.inventory.InventoryColumns;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;

/**
 * routes/decision-rules.camel.yaml on its own (no desk booted): each rule on TEvo's seed order, changed the way a real
 * sale differs, and every field a rule may read. The rules' Java (facts, findings) is the desk's own.
 */
class DecisionRulesTest extends RulesFileTest {

    static final InventoryColumns.Header HEADER = InventoryColumns.Header.of(List.of("\uFEFFTicketID", "Quantity", "Price", "ETicket", "Cost", "Zone"));

    final Map<String, Integer> reserved = new HashMap<>();

    @Override
    protected int reserved(String ticketId) {
        return reserved.getOrDefault(ticketId, 0);
    }

    static TevoOrder parse(ObjectNode order) {
        return OrderParser.with(new ObjectMapper()).order(json(order));
    }

    /** A row of the broker's CSV export, extra columns included. */
    static InventoryRecord row(String ticketId, int quantity, String price, boolean eticket) {
        return new InventoryRecord(ticketId, quantity, new BigDecimal(price), eticket).withColumns(new InventoryColumns(HEADER,
                new Object[] { ticketId, String.valueOf(quantity), price, String.valueOf(eticket), "180.50", "Lower Level" }));
    }

    List<Problem> orderRules(TevoOrder order) {
        Exchange e = send("direct:order-rules", x -> x.setProperty("tevoOrder", order));
        assertThat(e.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<Problem> found = e.getProperty(DecisionPolicy.ORDER_FINDINGS, List.class);
        return found;
    }

    Exchange itemRules(TevoOrder order, InventoryRecord stock) {
        return send("direct:item-rules", x -> {
            x.setProperty("tevoOrder", order);
            x.setProperty("order", order.getFields());
            x.setProperty("tevoItem", order.getItems().get(0));
            x.getMessage().setBody(stock);
        });
    }

    List<Problem> itemProblems(TevoOrder order, InventoryRecord stock) {
        Exchange e = itemRules(order, stock);
        assertThat(e.getException()).isNull();
        return e.getMessage().getBody(ItemVerdict.class).problems();
    }

    static List<String> codes(List<Problem> problems) {
        return problems.stream().map(Problem::code).toList();
    }

    @Test
    void theSeedOrderWithEnoughTicketsBreaksNoRule() {
        TevoOrder order = parse(order(6300, "191497", 2, "242.0"));
        assertThat(orderRules(order)).isEmpty();
        Exchange e = itemRules(order, row("191497", 2, "200.00", true));
        assertThat(e.getMessage().getBody(ItemVerdict.class).fillable()).isTrue();
    }

    @Test
    void tevosOwnRulesOnTheOrder() {
        ObjectNode offer = order(6301, "191497", 2, "242.0").put("type", "Offer");
        assertThat(orderRules(parse(offer))).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("NOT_A_SALE");
            assertThat(p.policy()).isEqualTo("ignore");
        });

        ObjectNode spec = order(6302, "191497", 2, "242.0").put("spec", true);
        assertThat(codes(orderRules(parse(spec)))).containsExactly("SPECULATIVE");

        ObjectNode client = order(6303, "191497", 2, "242.0");
        client.putObject("buyer").put("type", "Client").put("id", 3447);
        client.putNull("fraud_check_status");
        assertThat(orderRules(parse(client))).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("FRAUD_NOT_APPROVED");
            assertThat(p.rejectReason()).isEqualTo("Fraudulent Order");
            assertThat(p.advice()).contains("fraud check");
        });
        client.put("fraud_check_status", "approved");
        assertThat(orderRules(parse(client))).isEmpty();
    }

    @Test
    void theInventoryRulesOnEachItem() {
        TevoOrder two = parse(order(6310, "191497", 2, "242.0"));
        assertThat(itemProblems(two, null)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("UNKNOWN_TICKET");
            assertThat(p.detail()).isEqualTo("TicketID 191497 is not in the inventory");
        });
        assertThat(itemProblems(two, row("191497", 1, "200.00", true))).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("SHORT");
            assertThat(p.detail()).isEqualTo("TicketID 191497 short by 1: 2 sold, 1 available of 1 in inventory with 0 reserved by orders the desk accepted");
        });
        reserved.put("191497", 3);
        assertThat(itemProblems(two, row("191497", 4, "200.00", true))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("short by 1").contains("3 reserved"));
        reserved.clear();
        assertThat(itemProblems(parse(order(6311, "191497", 2, "150.0")), row("191497", 4, "200.00", true))).singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("PRICE_BELOW_FLOOR");
                    assertThat(p.rejectReason()).isEqualTo("Tickets Priced Incorrectly");
                    assertThat(p.detail()).contains("sold at 150.0 per ticket, inventory price 200.00");
                });
        assertThat(codes(itemProblems(two, row("191497", 4, "200.00", false)))).containsExactly("NO_ETICKETS");
        ObjectNode paper = order(6312, "191497", 2, "242.0");
        item(paper).put("eticket_delivery", false);
        assertThat(itemProblems(parse(paper), row("191497", 4, "200.00", false))).isEmpty();
    }

    @Test
    void anItemTheDeskCannotReadIsHeldBeforeAnyRuleIsAsked() {
        ObjectNode noId = order(6320, " ", 2, "242.0");
        assertThat(codes(itemProblems(parse(noId), null))).containsExactly("NO_TICKET_ID");
        ObjectNode noPrice = order(6321, "191497", 2, "242.0");
        item(noPrice).putNull("price");
        assertThat(codes(itemProblems(parse(noPrice), row("191497", 4, "200.00", true)))).containsExactly("MALFORMED");
        assertThat(codes(itemProblems(parse(order(6322, "191497", 2, "242.0")),
                InventoryRecord.unusable("191497", "line 3 of the inventory file: not a number")))).containsExactly("INVENTORY_ROW");
    }

    /** Every field the README and the rules file name, read by a simple predicate on the seed order's facts. */
    @Test
    void everyDocumentedFieldIsReadableFromAPredicate() {
        ObjectNode seed = order(6330, "191497", 2, "242.0");
        seed.putObject("buyer").put("type", "Client").put("id", 12345);
        seed.put("fraud_check_status", "approved").put("instructions", "Leave at will call");
        seed.putArray("shipments").addObject().put("type", "Eticket");
        TevoOrder order = parse(seed);
        reserved.put("191497", 1);
        Exchange facts = itemRules(order, row("191497", 4, "200.00", true));
        Map<String, Object> expressions = new java.util.LinkedHashMap<>();
        expressions.put("${exchangeProperty.order[id]}", "6330");
        expressions.put("${exchangeProperty.order[oid]}", "R6330");
        expressions.put("${exchangeProperty.order[state]}", "pending");
        expressions.put("${exchangeProperty.order[type]}", "Order");
        expressions.put("${exchangeProperty.order[spec]}", false);
        expressions.put("${exchangeProperty.order[total]}", "561.6");
        expressions.put("${exchangeProperty.order[buyer.type]}", "Client");
        expressions.put("${exchangeProperty.order[buyer.id]}", 12345L);
        expressions.put("${exchangeProperty.order[fraud_check_status]}", "approved");
        expressions.put("${exchangeProperty.order[instructions]}", "Leave at will call");
        expressions.put("${exchangeProperty.order[created_at]}", "2012-09-15T22:05:57Z");
        expressions.put("${exchangeProperty.order[payments.0.type]}", "credit_card");
        expressions.put("${exchangeProperty.order[payments.0.amount]}", "561.6");
        expressions.put("${exchangeProperty.order[shipments.0.type]}", "Eticket");
        expressions.put("${exchangeProperty.order[shipping_address.region]}", "NJ");
        expressions.put("${exchangeProperty.order[client.name]}", "CheapTickets");
        expressions.put("${exchangeProperty.order[items.0.ticket_group.event.name]}", "Baltimore Ravens at Philadelphia Eagles (Home Opener)");
        expressions.put("${exchangeProperty.item[price]}", "242.0");
        expressions.put("${exchangeProperty.item[quantity]}", 2L);
        expressions.put("${exchangeProperty.item[eticket_delivery]}", true);
        expressions.put("${exchangeProperty.item[order_item_id]}", 63302L);
        expressions.put("${exchangeProperty.item[ticket_group.remote_id]}", "191497");
        expressions.put("${exchangeProperty.item[ticket_group.section]}", "120");
        expressions.put("${exchangeProperty.item[ticket_group.row]}", "28");
        expressions.put("${exchangeProperty.item[ticket_group.seats.1]}", 21L);
        expressions.put("${exchangeProperty.item[ticket_group.event.name]}", "Baltimore Ravens at Philadelphia Eagles (Home Opener)");
        expressions.put("${exchangeProperty.item[ticket_group.event.occurs_at]}", "2012-09-16T13:00:00Z");
        expressions.put("${exchangeProperty.item[ticket_group.event.venue.name]}", "Lincoln Financial Field");
        expressions.put("${exchangeProperty.item[ticket_group.event.venue.address.locality]}", "Philadelphia");
        expressions.put("${exchangeProperty.ticketId}", "191497");
        expressions.put("${exchangeProperty.quantity}", 2);
        expressions.put("${exchangeProperty.price}", new BigDecimal("242.0"));
        expressions.put("${exchangeProperty.stock[TicketID]}", "191497");
        expressions.put("${exchangeProperty.stock[Cost]}", "180.50");
        expressions.put("${exchangeProperty.stock[zone]}", "Lower Level");
        expressions.put("${exchangeProperty.onHand}", 4);
        expressions.put("${exchangeProperty.floorPrice}", new BigDecimal("200.00"));
        expressions.put("${exchangeProperty.etickets}", true);
        expressions.put("${exchangeProperty.reserved}", 1);
        expressions.put("${exchangeProperty.available}", 3);
        expressions.put("${exchangeProperty.shortBy}", 0);
        List<String> wrong = new ArrayList<>();
        expressions.forEach((expression, expected) -> {
            Object value = context.resolveLanguage("simple").createExpression(expression).evaluate(facts, Object.class);
            if (!expected.equals(value)) {
                wrong.add(expression + " = " + value + " (" + (value == null ? "null" : value.getClass().getSimpleName()) + "), not " + expected);
            }
        });
        assertThat(wrong).isEmpty();
        // and as predicates, the way a rule compares them: numbers by value, whatever TEvo sent them as
        for (String predicate : List.of("${exchangeProperty.order[total]} > 500", "${exchangeProperty.order[total]} < 5000",
                "${exchangeProperty.order[buyer.id]} == 12345", "${exchangeProperty.item[price]} > ${exchangeProperty.floorPrice}",
                "${exchangeProperty.stock[Cost]} < ${exchangeProperty.item[price]}", "${exchangeProperty.item[ticket_group.event.name]} contains 'Eagles'",
                "${exchangeProperty.item[ticket_group.seats].size} == 2", "${exchangeProperty.order[buyer.type]} in 'Client,Office'")) {
            assertThat(context.resolveLanguage("simple").createPredicate(predicate).matches(facts)).as(predicate).isTrue();
        }
        assertThat(context.resolveLanguage("simple").createPredicate("${exchangeProperty.order[total]} > 5000").matches(facts)).isFalse();
    }

    @Test
    void aNullFieldOnTheWayReadsAsNullNotAsAnError() {
        ObjectNode seed = order(6340, "191497", 2, "242.0");
        seed.putNull("buyer");
        Exchange facts = itemRules(parse(seed), row("191497", 4, "200.00", true));
        assertThat(context.resolveLanguage("simple").createPredicate("${exchangeProperty.order[buyer.id]} == 12345").matches(facts)).isFalse();
        assertThat(context.resolveLanguage("simple").createPredicate("${exchangeProperty.order[buyer.id]} == null").matches(facts)).isTrue();
        // as the rules file says: ordering comparisons with a null are false, != with a null is true
        Exchange unknown = itemRules(parse(seed), null);
        for (String predicate : List.of("${exchangeProperty.shortBy} > 0", "${exchangeProperty.shortBy} >= 0", "${exchangeProperty.shortBy} < 1",
                "${exchangeProperty.shortBy} <= 1", "${exchangeProperty.price} < ${exchangeProperty.floorPrice}")) {
            assertThat(context.resolveLanguage("simple").createPredicate(predicate).matches(unknown)).as(predicate).isFalse();
        }
        assertThat(context.resolveLanguage("simple").createPredicate("${exchangeProperty.order[buyer.type]} != 'Office'").matches(facts)).isTrue();
    }

    @Test
    void theShippedRulesPassTheStartCheck() {
        assertThat(RuleCheck.of(DeskRules.of(context), context, null).problems()).isEmpty();
        assertThat(DeskRules.of(context).rules(DeskRules.Scope.ORDER)).extracting(DeskRules.Rule::name)
                .containsExactly("not-a-sale", "speculative", "fraud-not-approved");
        assertThat(DeskRules.of(context).rules(DeskRules.Scope.ITEM)).extracting(DeskRules.Rule::name)
                .containsExactly("unknown-ticket", "short", "price-below-floor", "no-etickets");
    }

    /** The policies are application.properties settings, as before the rules moved to YAML. */
    @Nested
    class WithRejectPolicies extends RulesFileTest {

        @Override
        protected Map<String, String> properties() {
            return Map.of("tevo.policy.short", "reject", "tevo.rules.speculative", "evaluate");
        }


        @Test
        void aRuleTakesItsPolicyFromTheSetting() {
            DeskRules rules = DeskRules.of(context);
            assertThat(rules.rule("short").policy()).isEqualTo("reject");
            assertThat(rules.rule("speculative").off()).isTrue();
            assertThat(rules.rule("unknown-ticket").policy()).isEqualTo("hold");
        }
    }

    /** A copy of the rules file with rules an integrator might get wrong. */
    @Nested
    class WithWrongRules extends RulesFileTest {

        @Override
        protected String moreRules() {
            return """

                        - templatedRoute:
                            routeTemplateRef: order-rule
                            parameters:
                              - {name: name, value: big-typo}
                              - {name: when, value: "${exchangeProperty.order[totl]} > 5000"}
                              - {name: reason, value: large order}
                              - {name: advice, value: Call the buyer.}
                        - templatedRoute:
                            routeTemplateRef: order-rule
                            parameters:
                              - {name: name, value: bad-syntax}
                              - {name: when, value: "${exchangeProperty.order[total] > 5000"}
                              - {name: reason, value: large order}
                              - {name: advice, value: Call the buyer.}
                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: wrong-property}
                              - {name: when, value: "${exchangeProperty.tevoStock} == null"}
                              - {name: reason, value: x}
                              - {name: advice, value: y}
                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: bad-policy}
                              - {name: when, value: "${exchangeProperty.shortBy} > 5"}
                              - {name: reason, value: x}
                              - {name: advice, value: y}
                              - {name: policy, value: rejct}
                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: bad-reason}
                              - {name: when, value: "${exchangeProperty.shortBy} > 5"}
                              - {name: reason, value: x}
                              - {name: advice, value: y}
                              - {name: policy, value: reject}
                              - {name: rejectReason, value: Sold Out}
                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: no-advice}
                              - {name: when, value: "${exchangeProperty.shortBy} > 5"}
                              - {name: reason, value: x}
                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: by-cost}
                              - {name: when, value: "${exchangeProperty.stock[Cost]} > ${exchangeProperty.price}"}
                              - {name: reason, value: sold under cost}
                              - {name: advice, value: Check the cost.}
                        """;
        }


        @Override
        protected boolean start() {
            return false; // bad-syntax would stop the start: the desk's check runs before it, so does this test
        }

        @Test
        void eachWrongRuleIsNamedWithWhatIsWrong() {
            List<String> problems = RuleCheck.of(DeskRules.of(context), context, null).problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule big-typo").contains("the order has no field 'totl'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule bad-syntax").contains("cannot be evaluated"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule wrong-property").contains("it reads tevoStock"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule bad-policy").contains("policy 'rejct'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule bad-reason").contains("rejectReason 'Sold Out'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule no-advice").contains("advice is empty"));
            assertThat(problems).noneSatisfy(p -> assertThat(p).startsWith("rule by-cost"));
            assertThat(problems).noneSatisfy(p -> assertThat(p).startsWith("rule unknown-ticket"));
            // a field TEvo sends that the sample order lacks is named in tevo.rules.more-fields
            assertThat(RuleCheck.of(DeskRules.of(context), context, "totl").problems()).noneSatisfy(p -> assertThat(p).startsWith("rule big-typo"));
        }
    }

    /** A rule over a column the broker's inventory export does not have. */
    @Nested
    class WithARuleOverACostColumn extends RulesFileTest {

        @Override
        protected String moreRules() {
            return """

                        - templatedRoute:
                            routeTemplateRef: item-rule
                            parameters:
                              - {name: name, value: by-cost}
                              - {name: when, value: "${exchangeProperty.stock[Cost]} > ${exchangeProperty.price}"}
                              - {name: reason, value: sold under cost}
                              - {name: advice, value: Check the cost.}
                        """;
        }


        @Test
        void aColumnTheInventoryDoesNotHaveFailsTheRuleNamingItNeverReadsAsEmpty() {
            InventoryRecord noCost = new InventoryRecord("191497", 4, new BigDecimal("200.00"), true).withColumns(new InventoryColumns(
                    InventoryColumns.Header.of(List.of("TicketID", "Quantity", "Price", "ETicket")), new Object[] { "191497", "4", "200.00", "true" }));
            TevoOrder order = parse(order(6350, "191497", 2, "242.0"));
            Exchange e = send("direct:item-rules", x -> {
                x.setProperty("order", order.getFields());
                x.setProperty("tevoItem", order.getItems().get(0));
                x.getMessage().setBody(noCost);
            });
            assertThat(e.getException()).isInstanceOf(RuleFailedException.class)
                    .hasMessageContaining("rule by-cost").hasMessageContaining("the inventory has no column 'Cost'");
        }
    }
}
