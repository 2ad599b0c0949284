package io.tevoroutes.desk.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import com.fasterxml.jackson.databind.ObjectMapper;

import io.tevoroutes.desk.decision.ItemVerdict;
import io.tevoroutes.desk.decision.OrderDecision;
import io.tevoroutes.desk.decision.Problem;
import io.tevoroutes.desk.decision.Reason;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;

/**
 * Every email the desk sends is checked once the routes are loaded, before any of them starts: its template is in the
 * templates folder, parses, and renders with the variables its route sets (sample values: {@link #samples()}). A wrong
 * template stops the start in one line naming it (StartCheckAfterRoutes). emails/README.md documents the same variables; a test keeps the two
 * in step.
 */
public final class EmailCheck {

    private EmailCheck() {
    }

    /** What is wrong with the desk's templates, one entry per template; empty when all render. */
    public static List<String> problems(EmailTemplates templates) {
        List<String> wrong = new ArrayList<>();
        samples().forEach((name, data) -> {
            try {
                templates.render(name, data);
            } catch (RuntimeException e) {
                wrong.add("email template " + templates.directory().resolve(name + ".txt") + ": " + EmailTemplates.why(e));
            }
        });
        return wrong;
    }

    /**
     * Each of the desk's templates with the variables its route always sets, sample values (a variable set only in
     * some cases is left out: the template must read it as {@code {x??}} or {@code {x ?: 'default'}}).
     */
    public static Map<String, Map<String, Object>> samples() {
        Map<String, Map<String, Object>> s = new LinkedHashMap<>();
        s.put("order-held", Map.of("decision", decision(OrderDecision.Outcome.HOLD).getEmail()));
        s.put("order-rejected", Map.of("decision", decision(OrderDecision.Outcome.REJECT).getEmail()));
        s.put("inventory-file", Map.of("inventoryProblem", "line 3 of the inventory file: not a number", "inventoryCheckPeriod", "30s"));
        s.put("inventory-down", outage(Map.of()));
        s.put("tevo-unreachable", outage(Map.of("tevoBaseUrl", "https://api.ticketevolution.com")));
        s.put("tevo-refused", outage(Map.of("tevoBaseUrl", "https://api.ticketevolution.com")));
        s.put("tevo-unreadable", outage(Map.of("tevoBaseUrl", "https://api.ticketevolution.com")));
        s.put("state-store-down", outage(Map.of()));
        s.put("inbox-unreadable", outage(Map.of("inboxName", "sftp://tevo@sftp.broker.example:22/drop", "inboxMaxBackoff", "PT5M")));
        s.put("eticket-refused", Map.of("eticketFile", "11730-11961.pdf", "eticketProblem", "the PDF has 3 pages, the item 2 tickets"));
        // eticketMayBeApplied is set only after a failed send: the template must do without it
        s.put("eticket-group-problem", Map.of("tevoOrderId", 11730L, "eticketItemId", 11961L, "eticketFile", "group-16637811.pdf",
                "eticketProblem", "seats 20, 21 are not in the file"));
        s.put("shipping", Map.of("shipping", shipping()));
        s.put("substitution", Map.of("substitutionOrderId", 228812L, "substitutionOutcome", "PROPOSED", "substitutionDetail",
                "purchase order 228812: 2 x section 120 row 28 of Ravens at Eagles (2026-12-20T18:00:00Z), paid 190.10 per ticket"));
        return s;
    }

    private static Map<String, Object> outage(Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>(more);
        m.put("outageSince", Instant.parse("2026-11-22T10:00:00Z"));
        m.put("outageProblem", "Connection refused");
        m.put("outageFailures", 3);
        return m;
    }

    private static OrderDecision decision(OrderDecision.Outcome outcome) {
        TevoOrder order = OrderParser.with(new ObjectMapper()).order(sampleOrder());
        TevoOrder.Item item = order.getItems().get(0);
        Problem shortBy = new Problem("SHORT", "short", "TicketID 191497 short by 1", "Check the quantity on hand.", "hold",
                "Tickets No Longer Available");
        List<Problem> orderProblems = outcome == OrderDecision.Outcome.HOLD
                ? List.of(Problem.of(Reason.ACCEPT_FAILED, "TEvo answered 500 (order state: pending)")) : List.of();
        return new OrderDecision(order, List.of(new ItemVerdict(item, null, List.of(shortBy))), orderProblems, outcome);
    }

    private static Map<String, Object> shipping() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", 11961L);
        item.put("quantity", 2);
        item.put("ticketId", "191497");
        item.put("hasGroup", true);
        item.put("section", "120");
        item.put("row", "28");
        item.put("seats", "20, 21");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", 11730L);
        m.put("oid", "R0A-1B2-C3D");
        m.put("items", List.of(item));
        m.put("event", "Baltimore Ravens at Philadelphia Eagles (Home Opener)");
        m.put("delivery", "FedEx");
        m.put("shipTo", "CheapTickets, 123 Merry Lane, Jersey City, NJ, 07030, US");
        m.put("instructions", "Leave at will call");
        return m;
    }

    private static String sampleOrder() {
        try (InputStream in = EmailCheck.class.getResourceAsStream("/rules/sample-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
