package io.tevoroutes.desk.observe;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;
import io.tevoroutes.desk.eticket.EticketFiles;
import io.tevoroutes.desk.state.OrderTraces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The route policy {@code orderTraceOfFile} (routes/eticket-inbox.camel.yaml): an item's PDF
 * ({@code <order_id>-<item_id>.pdf}) whose order the desk accepted while traces were exported is delivered in that
 * order's trace, however much later it is dropped: the kept traceparent ({@link OrderTraces}) is set on the file's
 * message before the route's span begins, so the span takes it as its parent. Any other file (a group PDF, an order
 * the desk did not accept, tracing off) starts a trace of its own.
 */
@ApplicationScoped
@Named("orderTraceOfFile")
@Unremovable
public class OrderTraceOfFile extends RoutePolicySupport {

    private static final Logger LOG = Logger.getLogger(OrderTraceOfFile.class);

    @Inject
    OrderTraces traces;

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (!traces.on()) {
            return;
        }
        Long orderId = EticketFiles.orderOfItemFile(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        if (orderId == null) {
            return;
        }
        try {
            String parent = traces.traceParentOf(orderId);
            if (parent != null) {
                exchange.getMessage().setHeader("traceparent", parent);
                LOG.debugf("the PDF of order %d goes on in the trace it was accepted in (%s)", orderId, parent);
            }
        } catch (RuntimeException e) {
            // the state store cannot answer: the delivery is traced on its own (and fails or waits as it would anyway)
            LOG.debugf("the trace of order %d cannot be read (%s): its PDF is traced on its own", orderId, e.getMessage());
        }
    }
}
