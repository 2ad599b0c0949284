package io.tevoroutes.desk.substitution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.tevoroutes.desk.model.JsonFields;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The candidates for one rejected purchase: every listing of the event, each run through the listing rules of
 * routes/substitution-rules.camel.yaml (routes made from the template {@code listing-rule}, route group
 * {@code listing-rules}, in order; the first rule whose predicate holds excludes the listing), then ranked: closeness to
 * the rejected seats (same section first, then a section of the same or a better tier of the section map, then the
 * row nearest the original), then the cost per ticket, then the listing id.
 */
@ApplicationScoped
public class CandidateSearch {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.substitutions");

    /** The route group and endpoint prefix of the listing rules. */
    static final String GROUP = "listing-rules";
    static final String PREFIX = "direct:listing-rule-";
    /** Set by a listing rule's route when its predicate holds: the rule's name. */
    static final String EXCLUDED_BY = "listingExcludedBy";
    /**
     * Not a rule of the YAML: the desk's own check before the rules, that every price, quantity and id of a listing is a
     * number it reads (Numbers, StrictId).
     */
    static final String UNREADABLE = "unreadable-number";
    static final String UNREADABLE_REASON = "a price, quantity or id is not a number the desk reads (too long, too large, too"
            + " many decimals, negative, or not written with digits)";

    /** Formats a buyer gets without shipping: what can reach a client at short notice. */
    static final Set<String> ELECTRONIC = Set.of("eticket", "tm_mobile", "flash_seats", "guest_list", "mobile");

    @Inject
    CamelContext camel;
    @Inject
    ProducerTemplate producer;

    @ConfigProperty(name = "substitution.section-map")
    Optional<String> sectionMap;

    private volatile SectionTiers tiers;

    /** What was sold to the broker and rejected: the item to replace. */
    public record Wanted(int quantity, BigDecimal paid, String section, String row, Instant eventAt, Long rejectingSeller,
            Long ownOffice) {
    }

    /** One listing that passed every rule, with the facts it was ranked on. */
    public record Candidate(Listing listing, BigDecimal cost, BigDecimal increase, BigDecimal increasePercent, boolean sameSection,
            Integer sectionTier, Integer rowDelta) {
    }

    /**
     * The outcome: candidates ranked best first, how many listings each rule excluded (by rule name), and each rule's
     * reason (by name).
     */
    public record Result(List<Candidate> candidates, int listings, Map<String, Integer> excluded, Map<String, String> reasons) {
    }

    public Result search(Wanted wanted, List<Listing> listings) {
        Map<String, String> rules = rules();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        rules.keySet().forEach(r -> endpoints.put(r, camel.getEndpoint(PREFIX + r)));
        SectionTiers map = sectionTiers();
        Integer originalTier = map.tier(wanted.section());
        Map<String, Integer> excluded = new LinkedHashMap<>();
        List<Candidate> passed = new ArrayList<>();
        String firstUnreadable = null;
        for (Listing l : listings) {
            if (l.unreadable() != null) {
                // a number the desk does not read (Numbers, StrictId): never ranked, never bought, never computed on
                excluded.merge(UNREADABLE, 1, Integer::sum);
                firstUnreadable = firstUnreadable != null ? firstUnreadable : "listing " + l.id() + ": " + l.unreadable();
                continue;
            }
            Exchange x = new DefaultExchange(camel);
            Candidate c = facts(wanted, l, map, originalTier, x);
            String by = null;
            for (Map.Entry<String, Endpoint> rule : endpoints.entrySet()) {
                producer.send(rule.getValue(), x);
                if (x.getException() != null) {
                    Exception e = x.getException();
                    throw new IllegalStateException("listing rule " + rule.getKey() + " (routes/substitution-rules.camel.yaml) could not be"
                            + " evaluated: " + LogSafe.text(e.getMessage()), e);
                }
                by = x.getProperty(EXCLUDED_BY, String.class);
                if (by != null) {
                    break;
                }
            }
            if (by == null) {
                passed.add(c);
            } else {
                excluded.merge(by, 1, Integer::sum);
            }
        }
        passed.sort(RANKING);
        if (firstUnreadable != null) {
            LOG.warnf("%d listing(s) left out: a price, quantity or id TEvo sent is not a number the desk reads (the first: %s)",
                    excluded.get(UNREADABLE), LogSafe.text(firstUnreadable));
            rules = new LinkedHashMap<>(rules);
            rules.put(UNREADABLE, UNREADABLE_REASON);
        }
        return new Result(List.copyOf(passed), listings.size(), excluded, rules);
    }

    /** Closeness first (same section, then tier, then rows away), then cost, then id (a stable order). */
    static final Comparator<Candidate> RANKING = Comparator.<Candidate>comparingInt(c -> c.sameSection() ? 0 : 1)
            .thenComparing(c -> c.sectionTier() == null ? Integer.MAX_VALUE : c.sectionTier())
            .thenComparingInt(c -> c.rowDelta() == null ? Integer.MAX_VALUE : Math.abs(c.rowDelta()) * 2 + (c.rowDelta() > 0 ? 1 : 0))
            .thenComparing(c -> c.cost() == null ? BigDecimal.valueOf(Long.MAX_VALUE) : c.cost())
            .thenComparing(c -> c.listing().id() == null ? Long.MAX_VALUE : c.listing().id());

    /** The facts a listing rule reads, as exchange properties (routes/substitution-rules.camel.yaml lists them). */
    static Candidate facts(Wanted w, Listing l, SectionTiers map, Integer originalTier, Exchange x) {
        x.setProperty("listing", new JsonFields(l.json()));
        x.setProperty("wanted", w.quantity());
        x.setProperty("available", l.availableQuantity());
        x.setProperty("splits", l.splits());
        boolean splitAllowed = l.availableQuantity() != null && l.availableQuantity() >= w.quantity()
                && (l.splits().isEmpty() ? true : l.splits().contains(w.quantity()));
        x.setProperty("splitAllowed", splitAllowed);
        BigDecimal cost = l.wholesalePrice();
        x.setProperty("cost", cost);
        x.setProperty("paid", w.paid());
        BigDecimal increase = cost == null || w.paid() == null ? null : cost.subtract(w.paid());
        BigDecimal percent = increase == null || w.paid().signum() <= 0 ? null
                : increase.multiply(BigDecimal.valueOf(100)).divide(w.paid(), 2, RoundingMode.HALF_UP);
        x.setProperty("increase", increase);
        x.setProperty("increasePercent", percent);
        boolean sameSection = same(w.section(), l.section());
        Integer tier = map.tier(l.section());
        x.setProperty("sameSection", sameSection);
        x.setProperty("sectionTier", tier);
        x.setProperty("originalTier", originalTier);
        x.setProperty("sectionAsGood", tier != null && originalTier != null && tier <= originalTier);
        Integer rowDelta = sameSection ? rowDelta(w.row(), l.row()) : null;
        x.setProperty("rowDelta", rowDelta);
        x.setProperty("sameOrBetterRow", sameSection && (same(w.row(), l.row()) || rowDelta != null && rowDelta <= 0));
        String format = l.format() == null ? null : l.format().toLowerCase(Locale.ROOT);
        x.setProperty("format", l.format());
        x.setProperty("inHand", l.inHand());
        x.setProperty("electronic", format != null && ELECTRONIC.contains(format));
        x.setProperty("hoursToEvent", w.eventAt() == null ? null : Duration.between(Instant.now(), w.eventAt()).toHours());
        x.setProperty("office", l.officeId());
        x.setProperty("ownOffice", l.officeId() != null && l.officeId().equals(w.ownOffice()));
        x.setProperty("rejectingSeller", l.officeId() != null && l.officeId().equals(w.rejectingSeller()));
        return new Candidate(l, cost, increase, percent, sameSection, tier, rowDelta);
    }

    static boolean same(String a, String b) {
        return a != null && b != null && a.strip().equalsIgnoreCase(b.strip());
    }

    /**
     * How many rows behind the original the listing's row is (negative: nearer the field), for rows of one kind: both
     * numbers (12, 14), or both letters (A, C; AA after Z). Null when they cannot be compared (GA, 12 against B).
     */
    static Integer rowDelta(String original, String candidate) {
        if (original == null || candidate == null) {
            return null;
        }
        String a = original.strip().toUpperCase(Locale.ROOT);
        String b = candidate.strip().toUpperCase(Locale.ROOT);
        if (a.matches("\\d{1,6}") && b.matches("\\d{1,6}")) {
            return Integer.parseInt(b) - Integer.parseInt(a);
        }
        if (a.matches("[A-Z]{1,3}") && b.matches("[A-Z]{1,3}")) {
            return letters(b) - letters(a);
        }
        return null;
    }

    private static int letters(String s) {
        int n = 0;
        for (char c : s.toCharArray()) {
            n = n * 26 + (c - 'A' + 1);
        }
        return n;
    }

    /** The listing rules that are on, name to reason, in the order their routes are defined (placeholders resolved). */
    Map<String, String> rules() {
        Map<String, String> names = new LinkedHashMap<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition rd : model.getRouteDefinitions()) {
            if (!GROUP.equals(rd.getGroup())) {
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>();
            if (rd.getTemplateDefaultParameters() != null) {
                params.putAll(rd.getTemplateDefaultParameters());
            }
            if (rd.getTemplateParameters() != null) {
                params.putAll(rd.getTemplateParameters());
            }
            Object policy = params.get("policy");
            String p = policy == null ? "exclude" : camel.resolvePropertyPlaceholders(policy.toString()).strip().toLowerCase(Locale.ROOT);
            if ("off".equals(p)) {
                continue;
            }
            Object reason = params.get("reason");
            names.put(camel.resolvePropertyPlaceholders(String.valueOf(params.get("name"))).strip(),
                    reason == null ? "" : camel.resolvePropertyPlaceholders(reason.toString()).strip());
        }
        return names;
    }

    /** The section map (substitution.section-map), read again when the file changes; empty when not set or unreadable. */
    SectionTiers sectionTiers() {
        if (sectionMap.isEmpty() || sectionMap.get().isBlank()) {
            return SectionTiers.NONE;
        }
        Path file = Path.of(sectionMap.get().strip());
        SectionTiers t = tiers;
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (t == null || t.modified() != modified || !t.file().equals(file)) {
                t = SectionTiers.read(file, modified);
                tiers = t;
            }
            return t;
        } catch (java.io.IOException e) {
            LOG.warnf("the section map %s cannot be read (%s): only the same section counts as good as the original", file,
                    LogSafe.text(e.getMessage()));
            return SectionTiers.NONE;
        }
    }
}
