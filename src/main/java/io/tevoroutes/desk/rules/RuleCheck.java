package io.tevoroutes.desk.rules;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.decision.DecisionPolicy;
import io.tevoroutes.desk.model.JsonFields;
import io.tevoroutes.desk.rules.DeskRules.Rule;
import io.tevoroutes.desk.rules.DeskRules.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every decision rule is checked once the routes are loaded and before any of them starts: a name, a reason, advice
 * where a person is emailed, a known policy and reject reason, a {@code when} and {@code detail} that parse, name only
 * the properties the rules can read and only fields TEvo's orders have (those of {@code rules/sample-order.json}, TEvo's
 * order in the shape of its documentation, and {@code tevo.rules.more-fields}), and evaluate on that sample order. A
 * wrong rule stops the start in one line, naming it (StartCheckAfterRoutes).
 */
@ApplicationScoped
public class RuleCheck {

    /** TEvo's reject endpoint takes exactly these. */
    public static final Set<String> TEVO_REJECT_REASONS = Set.of("Tickets No Longer Available", "Tickets Priced Incorrectly",
            "Duplicate Order", "Fraudulent Order", "Test Order", "Other");
    private static final Set<String> POLICIES = Set.of("hold", "reject", "ignore", "off");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern FIELD = Pattern.compile("exchangeProperty\\.(order|item)\\[([^\\]]*)\\]");
    private static final Pattern PROPERTY = Pattern.compile("exchangeProperty\\.([A-Za-z_][A-Za-z0-9_]*)");

    @Inject
    DeskRules rules;

    @Inject
    CamelContext camel;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "tevo.rules.more-fields")
    Optional<String> moreFields;

    /** Outside the desk (a route test): the check of these rules. */
    public static RuleCheck of(DeskRules rules, CamelContext camel, String moreFields) {
        RuleCheck check = new RuleCheck();
        check.rules = rules;
        check.camel = camel;
        check.mapper = new ObjectMapper();
        check.moreFields = Optional.ofNullable(moreFields);
        return check;
    }

    /** The rules in one line for the log: "order not-a-sale=ignore, ...; item unknown-ticket=hold, ...". */
    public String summary() {
        return "order " + names(Scope.ORDER) + "; item " + names(Scope.ITEM);
    }

    private String names(Scope scope) {
        List<String> out = new ArrayList<>();
        rules.rules(scope).forEach(r -> out.add(r.name() + "=" + r.policy()));
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    /** What is wrong with the rules, one entry per problem, each naming its rule; empty when all are fine. */
    public List<String> problems() {
        List<String> wrong = new ArrayList<>();
        JsonNode sample = sampleOrder();
        JsonFields order = new JsonFields(sample);
        JsonFields item = new JsonFields(sample.get("items").get(0));
        Set<String> orderFields = new HashSet<>(order.paths());
        Set<String> itemFields = new HashSet<>(item.paths());
        for (String extra : moreFields.orElse("").split(",")) {
            String f = extra.trim();
            if (!f.isEmpty()) {
                orderFields.add(JsonFields.shape(f));
                if (f.startsWith("items.0.")) {
                    itemFields.add(f.substring("items.0.".length()));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Scope scope : Scope.values()) {
            for (Rule rule : rules.rules(scope)) {
                List<String> own = new ArrayList<>();
                check(rule, own, scope == Scope.ORDER ? RuleFacts.ORDER_FACTS : RuleFacts.ITEM_FACTS, orderFields, itemFields);
                if (!rule.name().isEmpty() && !seen.add(rule.name())) {
                    own.add("another rule has the same name");
                }
                if (own.isEmpty() && !rule.off()) {
                    evaluate(rule, order, item, own);
                }
                own.forEach(p -> wrong.add(rule.describe() + ": " + p));
            }
        }
        return wrong;
    }

    private void check(Rule rule, List<String> own, List<String> facts, Set<String> orderFields, Set<String> itemFields) {
        if (!NAME.matcher(rule.name()).matches()) {
            own.add("name '" + rule.name() + "' is not lower-case letters, digits and dashes");
        }
        if (blank(rule.when())) {
            own.add("when is empty (a simple predicate, true when the " + (rule.scope() == Scope.ORDER ? "order" : "item") + " breaks the rule)");
        }
        if (blank(rule.reason())) {
            own.add("reason is empty");
        }
        if (!POLICIES.contains(rule.policy())) {
            own.add("policy '" + rule.policy() + "' is not one of hold, reject, ignore, off");
        } else if (("hold".equals(rule.policy()) || "reject".equals(rule.policy())) && blank(rule.advice())) {
            own.add("advice is empty (the person emailed needs to know what to do)");
        }
        if (rule.rejectReason() == null || !TEVO_REJECT_REASONS.contains(rule.rejectReason())) {
            own.add("rejectReason '" + rule.rejectReason() + "' is not one TEvo takes (" + String.join(", ", new java.util.TreeSet<>(TEVO_REJECT_REASONS)) + ")");
        }
        String text = (rule.when() == null ? "" : rule.when()) + " " + (rule.detail() == null ? "" : rule.detail());
        Set<String> unknownProps = new LinkedHashSet<>();
        Matcher p = PROPERTY.matcher(text);
        while (p.find()) {
            if (!facts.contains(p.group(1))) {
                unknownProps.add(p.group(1));
            }
        }
        if (!unknownProps.isEmpty()) {
            own.add("it reads " + String.join(", ", unknownProps) + ", not a property rules can read (" + String.join(", ", facts) + ")");
        }
        Matcher f = FIELD.matcher(text);
        while (f.find()) {
            boolean isOrder = "order".equals(f.group(1));
            String path = JsonFields.shape(f.group(2));
            if (!(isOrder ? orderFields : itemFields).contains(path)) {
                own.add("the " + f.group(1) + " has no field '" + f.group(2) + "' (TEvo's field names, dotted: "
                        + (isOrder ? "buyer.id, items.0.price" : "ticket_group.section") + "; a field TEvo sends that the desk does not"
                        + " know yet: tevo.rules.more-fields)");
            }
        }
    }

    /** The rule on TEvo's sample order (every fact set), as it will run: it must not fail. */
    private void evaluate(Rule rule, JsonFields order, JsonFields item, List<String> own) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(RuleFacts.ORDER, order);
        exchange.setProperty(DecisionPolicy.ORDER_FINDINGS, new ArrayList<>());
        if (rule.scope() == Scope.ITEM) {
            exchange.setProperty(RuleFacts.ITEM, item);
            exchange.setProperty("ticketId", "191497");
            exchange.setProperty("quantity", 2);
            exchange.setProperty("price", new BigDecimal("242.0"));
            exchange.setProperty("stock", new AnyColumn());
            exchange.setProperty("onHand", 4);
            exchange.setProperty("floorPrice", new BigDecimal("200.00"));
            exchange.setProperty("etickets", true);
            exchange.setProperty("reserved", 0);
            exchange.setProperty("available", 4);
            exchange.setProperty("shortBy", 0);
        }
        try {
            Predicate when = camel.resolveLanguage("simple").createPredicate(rule.when());
            when.init(camel);
            when.matches(exchange);
        } catch (RuntimeException e) {
            own.add("when '" + rule.when() + "' " + failure(e));
            return;
        }
        if (!blank(rule.detail())) {
            try {
                Expression detail = camel.resolveLanguage("simple").createExpression(rule.detail());
                detail.init(camel);
                detail.evaluate(exchange, String.class);
            } catch (RuntimeException e) {
                own.add("detail " + failure(e));
            }
        }
    }

    private static String failure(RuntimeException e) {
        return "cannot be evaluated: " + DeskRules.rootMessage(e);
    }

    private JsonNode sampleOrder() {
        try (InputStream in = RuleCheck.class.getResourceAsStream("/rules/sample-order.json")) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("rules/sample-order.json is missing from the build", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** An inventory row with every column a rule may name (the real columns are known only when a row is read). */
    private static final class AnyColumn extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            return "1";
        }

        @Override
        public boolean containsKey(Object key) {
            return true;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }

}
