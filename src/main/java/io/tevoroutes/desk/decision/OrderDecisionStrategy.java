package io.tevoroutes.desk.decision;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Gathers the verdicts of an order's items (the split in routes/evaluate-order.camel.yaml) into one list, so that the
 * decision is taken once for the whole order. A failed item fails the order: nothing is accepted on partial knowledge.
 */
@ApplicationScoped
@Named("orderDecisionStrategy")
public class OrderDecisionStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        @SuppressWarnings("unchecked")
        List<ItemVerdict> verdicts = oldExchange == null ? new ArrayList<>()
                : oldExchange.getProperty(VERDICTS, List.class);
        if (newExchange.getException() != null) {
            result.setException(newExchange.getException());
        } else if (newExchange.getMessage().getBody() instanceof ItemVerdict verdict) {
            verdicts.add(verdict);
        }
        result.setProperty(VERDICTS, verdicts);
        result.getMessage().setBody(verdicts);
        return result;
    }

    private static final String VERDICTS = "tevoItemVerdicts";
}
