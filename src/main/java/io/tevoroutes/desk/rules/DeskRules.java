package io.tevoroutes.desk.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import io.tevoroutes.desk.decision.DecisionPolicy;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The decision rules of routes/decision-rules.camel.yaml: every route made from the route template {@code order-rule}
 * (route group {@code order-rules}) or {@code item-rule} (group {@code item-rules}), in the order the routes were
 * defined. Runs them in turn on the exchange being decided; a rule whose predicate holds calls {@link #broken}, which
 * records it as a {@link Problem} with the rule's reason, advice and policy (its template parameters).
 */
@ApplicationScoped
@Named("deskRules")
public class DeskRules {

    public enum Scope {
        ORDER("order-rules", "order-rule-", DecisionPolicy.ORDER_FINDINGS),
        ITEM("item-rules", "item-rule-", DecisionPolicy.ITEM_FINDINGS);

        final String group;
        final String prefix;
        final String findings;

        Scope(String group, String prefix, String findings) {
            this.group = group;
            this.prefix = prefix;
            this.findings = findings;
        }

    }

    /** One rule, its template parameters with the property placeholders resolved. */
    public record Rule(Scope scope, String name, String when, String reason, String detail, String advice, String policy,
            String rejectReason, String routeId, String source) {

        /** What the audit and the email key record: the name in upper case, dashes as underscores. */
        public String code() {
            return name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        public String endpoint() {
            return "direct:" + scope.prefix + name;
        }

        public boolean off() {
            return "off".equals(policy);
        }

        /** "rule short (item-rule-short, routes/decision-rules.camel.yaml:200)", for errors. */
        public String describe() {
            return "rule " + name + " (" + routeId + (source == null ? "" : ", " + source) + ")";
        }
    }

    /** Exchange properties a rule's route sets before it calls {@link #broken}. */
    public static final String RULE_NAME = "ruleName";
    public static final String RULE_DETAIL = "ruleDetail";

    @Inject
    CamelContext camel;

    /** Outside the desk (a route test): the rules of this Camel context. */
    public static DeskRules of(CamelContext camel) {
        DeskRules rules = new DeskRules();
        rules.camel = camel;
        return rules;
    }

    private volatile ProducerTemplate producer;
    private volatile Snapshot snapshot;

    /** The rules as the routes define them now, by scope and by name, and each rule's endpoint once resolved. */
    private record Snapshot(List<RouteDefinition> from, Map<Scope, List<Rule>> rules, Map<String, Rule> byName,
            Map<String, Endpoint> endpoints) {

        Endpoint endpoint(CamelContext camel, Rule rule) {
            return endpoints.computeIfAbsent(rule.name(), n -> camel.getEndpoint(rule.endpoint()));
        }
    }

    /** The rules of one scope, in order. Read from the routes as they are now (a route file reloaded in dev mode too). */
    public List<Rule> rules(Scope scope) {
        return current().rules().get(scope);
    }

    public Rule rule(String name) {
        return name == null ? null : current().byName().get(name);
    }

    public void runOrderRules(Exchange exchange) {
        run(Scope.ORDER, exchange);
    }

    public void runItemRules(Exchange exchange) {
        run(Scope.ITEM, exchange);
    }

    private void run(Scope scope, Exchange exchange) {
        if (exchange.getProperty(scope.findings) == null) {
            exchange.setProperty(scope.findings, new ArrayList<Problem>());
        }
        Snapshot rules = current();
        for (Rule rule : rules.rules().get(scope)) {
            if (rule.off()) {
                continue;
            }
            producer().send(rules.endpoint(camel, rule), exchange);
            exchange.removeProperty(RULE_NAME);
            exchange.removeProperty(RULE_DETAIL);
            Exception e = exchange.getException();
            if (e != null) {
                exchange.setException(null);
                throw new RuleFailedException(rule.describe() + " could not be evaluated: " + rootMessage(e), e);
            }
        }
    }

    /** Called by a rule's route when its predicate holds: the rule is broken; recorded with its reason and policy. */
    public void broken(@ExchangeProperty(RULE_NAME) String name, @ExchangeProperty(RULE_DETAIL) String detail, Exchange exchange) {
        Rule rule = rule(name);
        if (rule == null) {
            throw new IllegalStateException("no rule named " + LogSafe.text(name) + " in routes/ (a rule route sets ruleName to its name)");
        }
        @SuppressWarnings("unchecked")
        List<Problem> findings = exchange.getProperty(rule.scope().findings, List.class);
        if (findings == null) {
            findings = new ArrayList<>();
            exchange.setProperty(rule.scope().findings, findings);
        }
        String text = detail == null || detail.isBlank() ? null : LogSafe.text(detail.replaceAll("\\s+", " ").trim());
        findings.add(new Problem(rule.code(), rule.reason(), text, rule.advice(), rule.policy(), rule.rejectReason()));
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    private Snapshot current() {
        List<RouteDefinition> defs = new ArrayList<>();
        for (RouteDefinition rd : model().getRouteDefinitions()) {
            if (Scope.ORDER.group.equals(rd.getGroup()) || Scope.ITEM.group.equals(rd.getGroup())) {
                defs.add(rd);
            }
        }
        Snapshot s = snapshot;
        if (s != null && sameRoutes(s.from(), defs)) {
            return s;
        }
        Map<Scope, List<Rule>> rules = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            rules.put(scope, new ArrayList<>());
        }
        for (RouteDefinition rd : defs) {
            Scope scope = Scope.ORDER.group.equals(rd.getGroup()) ? Scope.ORDER : Scope.ITEM;
            rules.get(scope).add(read(scope, rd));
        }
        rules.replaceAll((k, v) -> List.copyOf(v));
        Map<String, Rule> byName = new LinkedHashMap<>();
        rules.values().forEach(list -> list.forEach(r -> byName.putIfAbsent(r.name(), r)));
        s = new Snapshot(defs, Map.copyOf(rules), byName, new java.util.concurrent.ConcurrentHashMap<>());
        snapshot = s;
        return s;
    }

    private Rule read(Scope scope, RouteDefinition rd) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (rd.getTemplateDefaultParameters() != null) {
            params.putAll(rd.getTemplateDefaultParameters());
        }
        if (rd.getTemplateParameters() != null) {
            params.putAll(rd.getTemplateParameters());
        }
        String name = text(params, "name");
        String policy = text(params, "policy");
        policy = policy == null ? "hold" : policy.trim().toLowerCase(Locale.ROOT);
        if ("evaluate".equals(policy)) {
            policy = "off"; // tevo.rules.*=evaluate: the order is evaluated as any other, the rule not checked
        }
        return new Rule(scope, name == null ? "" : name.trim(), text(params, "when"), text(params, "reason"), text(params, "detail"),
                text(params, "advice"), policy, text(params, "rejectReason"), rd.getRouteId() != null ? rd.getRouteId() : scope.prefix + name,
                rd.getLocation() == null ? null : rd.getLocation() + (rd.getLineNumber() > 0 ? ":" + rd.getLineNumber() : ""));
    }

    private String text(Map<String, Object> params, String key) {
        Object v = params.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        return s.contains("{{") ? camel.resolvePropertyPlaceholders(s) : s;
    }

    private static boolean sameRoutes(List<RouteDefinition> a, List<RouteDefinition> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return LogSafe.text(m.lines().findFirst().orElse(m));
    }
}
