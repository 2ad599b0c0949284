package io.tevoroutes.desk.eticket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import io.tevoroutes.desk.state.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Ticket-group PDFs ({@code <TicketID>.pdf}, one ticket per page), kept under etickets.work-dir/groups and used for
 * every sale of the group: each accepted order item gets just the pages of its seats.
 */
@ApplicationScoped
@Named("eticketLibrary")
public class EticketLibrary {

    @Inject
    OrderParser parser;
    @Inject
    Deliveries deliveries;

    @ConfigProperty(name = "etickets.work-dir", defaultValue = "data/etickets")
    Path workDir;

    /** Keep a dropped group PDF (checked first) for this and every later sale of the group. */
    public void store(Exchange exchange) throws IOException {
        Path pdf = exchange.getProperty("eticketPath", Path.class);
        String ticketId = exchange.getProperty("eticketTicketId", String.class);
        List<java.util.Set<String>> seats = TicketPdfs.seatsByPage(pdf);
        if (seats.stream().allMatch(java.util.Set::isEmpty)) {
            throw new EticketException("no page of " + ticketId + ".pdf shows a seat number (\"Seat 21\"), so the desk cannot"
                    + " cut it to the seats sold");
        }
        Path groups = Files.createDirectories(workDir.resolve("groups"));
        Path target = groups.resolve(ticketId + ".pdf");
        Path tmp = groups.resolve("." + ticketId + ".pdf.part");
        Files.copy(pdf, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        TicketPdfs.sameSeatsAs(target, seats);
        exchange.setProperty("eticketPages", seats.size());
    }

    /** The e-ticket items of an accepted order that a kept group PDF can serve and that are not delivered yet. */
    public List<GroupDelivery> plan(Exchange exchange) {
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        List<GroupDelivery> plan = new ArrayList<>();
        // only the desk's own sales (type Order), as for an accept: never a purchase order of the broker's
        if (order.stateKind() != TevoOrder.StateKind.ACCEPTED || order.type != null && !"Order".equals(order.type)) {
            return plan;
        }
        for (TevoOrder.Item item : order.getItems()) {
            String remoteId = item.getRemoteId();
            if (!item.needsEtickets() || item.hasEtickets() || remoteId == null || item.id == null
                    || !Files.isRegularFile(library(remoteId))) {
                continue;
            }
            String status = deliveries.status(order.id, item.id);
            // never by itself after FAILED (TEvo may have taken it; a person was told), RETRY only when due
            boolean due = status == null || "RETRY".equals(status) && !deliveries.waitingForRetry(order.id, item.id);
            // started long ago and never finished (the desk was stopped mid-call), and TEvo still lacks the e-tickets
            boolean unfinished = "DELIVERING".equals(status) && deliveries.unfinished(order.id, item.id);
            if (due || unfinished) {
                List<String> seats = item.ticketGroup.seats == null ? List.of() : item.ticketGroup.seats;
                plan.add(new GroupDelivery(order.id, item.id, item.orderItemId, remoteId, List.copyOf(seats), item.quantityOrZero(),
                        unfinished));
            }
        }
        return plan;
    }

    /** Cut the group PDF to the item's seats, as the file to deliver. */
    public void prepare(Exchange exchange) throws IOException {
        GroupDelivery d = exchange.getMessage().getBody(GroupDelivery.class);
        exchange.setProperty("tevoOrderId", d.orderId());
        exchange.setProperty("eticketItemId", d.itemId());
        exchange.setProperty("eticketOrderItemId", d.orderItemId());
        exchange.setProperty("eticketFile", d.ticketId() + ".pdf");
        if (d.unfinished()) {
            throw new EticketException("a delivery of this item was started earlier and never finished (the desk was stopped"
                    + " mid-call); TEvo still lists the order as needing e-tickets, but may be processing it. Nothing is sent"
                    + " again by itself");
        }
        if (d.seats().size() != d.quantity()) {
            throw new EticketException("item " + d.itemId() + " of order " + d.orderId() + " lists " + d.seats().size()
                    + " seat(s) " + d.seats() + " for " + d.quantity() + " ticket(s): the desk cannot tell which pages to send");
        }
        Files.createDirectories(workDir);
        Path cut = Files.createTempFile(workDir, "cut-" + d.orderId() + "-" + d.itemId() + "-", ".pdf");
        exchange.setProperty("eticketCopy", cut);
        exchange.setProperty("eticketPath", cut);
        List<Integer> pages = TicketPdfs.cut(library(d.ticketId()), d.seats(), cut);
        exchange.setProperty("eticketPages", pages.size());
        exchange.setProperty("eticketPagesUsed", pages);
    }

    private Path library(String ticketId) {
        return workDir.resolve("groups").resolve(ticketId + ".pdf");
    }

    /** One order item to serve from a kept group PDF. */
    @RegisterForReflection
    public record GroupDelivery(long orderId, long itemId, Long orderItemId, String ticketId, List<String> seats, int quantity,
            boolean unfinished) {
    }
}
