package io.tevoroutes.desk.eticket;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tevoroutes.desk.api.TevoClient;
import io.tevoroutes.desk.model.LogSafe;
import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.model.TevoOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Java half of routes/eticket-delivery.camel.yaml: what a dropped file is, whether its order and item can take it, and
 * the deliver_etickets request. Exchange properties out: eticketKind (ITEM, GROUP, UNKNOWN), tevoOrderId,
 * eticketItemId, eticketPages, eticketAction (DELIVER, WAIT, REFUSE), eticketProblem.
 */
@ApplicationScoped
@Named("eticketFiles")
public class EticketFiles {

    /** {@code <order_id>-<item_id>.pdf}, item_id = items[].id. */
    private static final Pattern ITEM_FILE = Pattern.compile("(\\d{1,18})-(\\d{1,18})\\.pdf", Pattern.CASE_INSENSITIVE);
    /** {@code <TicketID>.pdf}: the inventory's TicketID = ticket_group.remote_id. */
    private static final Pattern GROUP_FILE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]{0,99})\\.pdf", Pattern.CASE_INSENSITIVE);

    @Inject
    OrderParser parser;
    @Inject
    InboxExceptionHandler inboxLog;

    @ConfigProperty(name = "etickets.max-file-size", defaultValue = "20000000")
    long maxFileSize;

    @ConfigProperty(name = "etickets.work-dir", defaultValue = "data/etickets")
    Path workDir;

    /**
     * What a dropped file is, from its name and kind. Sets eticketFile (the name as it may be shown: control characters
     * escaped, capped), eticketMoveName (where the inbox moves it: see {@link #moveName}), eticketName (the name as
     * dropped) and eticketKind. A symbolic
     * link (local or SFTP) is refused whatever its name: the desk only delivers files dropped into the inbox itself, never
     * what a link points to.
     */
    /** The order an item's PDF is named after ({@code <order_id>-<item_id>.pdf}), or null. */
    public static Long orderOfItemFile(String name) {
        Matcher item = ITEM_FILE.matcher(name == null ? "" : name);
        return item.matches() ? Long.valueOf(item.group(1)) : null;
    }

    public void classify(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty("eticketFile", LogSafe.quote(name, 150));
        exchange.setProperty("eticketMoveName", moveName(name, java.time.LocalDateTime.now()));
        // its name as dropped (the headers are gone by the time the desk has asked TEvo about it)
        exchange.setProperty("eticketName", name);
        String notRegular = notRegularFile(exchange);
        Matcher item = ITEM_FILE.matcher(name == null ? "" : name);
        Matcher group = GROUP_FILE.matcher(name == null ? "" : name);
        if (notRegular != null) {
            exchange.setProperty("eticketKind", "UNKNOWN");
            exchange.setProperty("eticketProblem", "'" + LogSafe.quote(name, 150) + "' is " + notRegular + ": the desk delivers"
                    + " only files dropped into the inbox itself (copy the PDF in instead of linking it)");
        } else if (item.matches()) {
            exchange.setProperty("eticketKind", "ITEM");
            exchange.setProperty("tevoOrderId", Long.valueOf(item.group(1)));
            exchange.setProperty("eticketItemId", Long.valueOf(item.group(2)));
        } else if (group.matches()) {
            exchange.setProperty("eticketKind", "GROUP");
            exchange.setProperty("eticketTicketId", group.group(1));
        } else {
            exchange.setProperty("eticketKind", "UNKNOWN");
            exchange.setProperty("eticketProblem", "the file name '" + LogSafe.quote(name, 150) + "' is not <order_id>-<item_id>.pdf"
                    + " (item_id = the item's id in TEvo) nor <TicketID>.pdf" + (name != null && name.contains("..") ? "; it contains '..'" : ""));
        }
    }

    private static final java.time.format.DateTimeFormatter MOVED = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** The longest file name written to .done/ or .error/, in UTF-8 bytes (file systems take 255). */
    static final int MAX_MOVED_NAME_BYTES = 200;

    /**
     * The name a file gets in .done/ or .error/: the time, a random part (two files of one name moved in the same
     * millisecond, by this desk or another, never overwrite each other, nor an older file) and the dropped name, with
     * control characters, '/' and '\\' replaced by '_' and cut to fit {@link #MAX_MOVED_NAME_BYTES} (its extension kept).
     */
    static String moveName(String name, java.time.LocalDateTime now) {
        StringBuilder safe = new StringBuilder();
        String n = name == null || name.isEmpty() ? "unnamed" : name;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            safe.append(c < 0x20 || c == 0x7f || c == '/' || c == '\\' ? '_' : c);
        }
        String prefix = MOVED.format(now) + "-" + String.format("%08x", RANDOM.nextInt()) + "-";
        String body = safe.toString();
        int budget = MAX_MOVED_NAME_BYTES - prefix.length();
        if (body.getBytes(StandardCharsets.UTF_8).length > budget) {
            int dot = body.lastIndexOf('.');
            String ext = dot > 0 && body.length() - dot <= 10 ? body.substring(dot) : "";
            String stem = body.substring(0, body.length() - ext.length());
            while (!stem.isEmpty() && (stem + "~" + ext).getBytes(StandardCharsets.UTF_8).length > budget) {
                stem = stem.substring(0, stem.length() - 1);
                if (!stem.isEmpty() && Character.isHighSurrogate(stem.charAt(stem.length() - 1))) {
                    stem = stem.substring(0, stem.length() - 1);
                }
            }
            body = stem + "~" + ext;
        }
        return prefix + body;
    }

    /** Null for a regular file; else what it is ("a symbolic link", ...), locally or on the SFTP server. */
    static String notRegularFile(Exchange exchange) {
        Object file = exchange.getProperty(org.apache.camel.component.file.FileComponent.FILE_EXCHANGE_FILE);
        if (!(file instanceof org.apache.camel.component.file.GenericFile<?> generic)) {
            return null;
        }
        Object inner = generic.getFile();
        if (inner instanceof File local) {
            Path path = local.toPath();
            if (Files.isSymbolicLink(path)) {
                return "a symbolic link";
            }
            return Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? null : "not a regular file";
        }
        if (inner instanceof org.apache.camel.component.file.remote.SftpRemoteFile<?> remote
                && remote.getRemoteFile() instanceof com.jcraft.jsch.ChannelSftp.LsEntry entry) {
            if (entry.getAttrs().isLink()) {
                return "a symbolic link on the SFTP server";
            }
            return entry.getAttrs().isReg() ? null : "not a regular file on the SFTP server";
        }
        return null;
    }

    /** The dropped file as a local file, checked: a real PDF, not encrypted, at least one page, under the size limit. */
    public void checkPdf(Exchange exchange) throws IOException {
        Path pdf = localCopy(exchange);
        exchange.setProperty("eticketPages", TicketPdfs.check(pdf, maxFileSize));
    }

    /**
     * Decide from the re-read order whether the item can take this PDF now. Exchange property eticketAction: DELIVER,
     * WAIT (the order is still pending), HAS_ETICKETS (TEvo holds the item's e-tickets already: nothing is sent) or
     * REFUSE (with eticketProblem; eticketQuiet when nobody needs to act: the order was canceled, expired, rejected).
     */
    public void checkOrder(Exchange exchange) {
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        Long itemId = exchange.getProperty("eticketItemId", Long.class);
        int pages = exchange.getProperty("eticketPages", 0, Integer.class);
        TevoOrder.Item item = itemOf(order, itemId);
        String state = order.state == null ? "unknown" : order.state.toLowerCase(Locale.ROOT);
        TevoOrder.StateKind kind = order.stateKind();
        String problem = null;
        String action = "DELIVER";
        boolean quiet = false;
        if (order.parseError != null) {
            problem = "the order cannot be read: " + order.parseError;
        } else if (order.type != null && !"Order".equals(order.type)) {
            // the broker's own purchases (PurchaseOrder) and anything else are not the seller's to deliver, as they are not
            // the desk's to accept
            problem = "order " + order.id + " is of type '" + LogSafe.quote(order.type, 40) + "', not a sale (Order): the desk"
                    + " delivers e-tickets only for the orders it sells";
        } else if (item == null) {
            boolean usedOrderItemId = order.getItems().stream().anyMatch(i -> itemId.equals(i.orderItemId));
            problem = "order " + order.id + " has no item " + itemId
                    + (usedOrderItemId ? " (that is an order_item_id; name the file with the item's id)" : "");
        } else if (kind == TevoOrder.StateKind.PENDING) {
            action = "WAIT";
        } else if (kind == TevoOrder.StateKind.ENDED || kind == TevoOrder.StateKind.REJECTED) {
            problem = "order " + order.id + " is " + state + ": nothing is delivered";
            quiet = true;
        } else if (kind != TevoOrder.StateKind.ACCEPTED) {
            problem = "order " + order.id + " is " + state + ", a state the desk does not deliver in: look at the order in TEvo";
        } else if (!item.needsEtickets()) {
            problem = "item " + itemId + " is not delivered as e-tickets (eticket_delivery=false)";
        } else if (item.hasEtickets()) {
            action = "HAS_ETICKETS";
        } else if (pages != item.quantityOrZero()) {
            problem = "the PDF has " + pages + " page(s), item " + itemId + " has " + item.quantityOrZero()
                    + " ticket(s): it must hold all and only the item's tickets";
        }
        if (problem != null) {
            action = "REFUSE";
            exchange.setProperty("eticketProblem", problem);
        }
        if (item != null) {
            exchange.setProperty("eticketOrderItemId", item.orderItemId);
        }
        exchange.setProperty("eticketAction", action);
        exchange.setProperty("eticketQuiet", quiet);
        exchange.setProperty("eticketOrderState", state);
    }

    /**
     * After a delivery TEvo may have applied (a 500, a reset connection, no answer in time), the order re-read (body)
     * says what happened. Exchange property eticketSettled: DELIVERED (TEvo shows the item's e-tickets), ENDED (the order
     * was canceled, expired or rejected meanwhile: nobody needs to act, so eticketQuiet, with eticketProblem saying why)
     * or NOT_SHOWN (TEvo does not show them).
     */
    public void settleFromOrder(Exchange exchange) {
        TevoOrder order = parser.order(exchange.getMessage().getBody(String.class));
        TevoOrder.Item item = itemOf(order, exchange.getProperty("eticketItemId", Long.class));
        TevoOrder.StateKind kind = order.stateKind();
        String state = order.state == null ? "unknown" : order.state;
        String settled = item != null && item.hasEtickets() ? "DELIVERED"
                : kind == TevoOrder.StateKind.ENDED || kind == TevoOrder.StateKind.REJECTED ? "ENDED" : "NOT_SHOWN";
        if ("ENDED".equals(settled)) {
            exchange.setProperty("eticketQuiet", true);
            exchange.setProperty("eticketProblem", "order " + exchange.getProperty("tevoOrderId") + " is " + state
                    + " now: nothing is delivered");
        }
        exchange.setProperty("eticketSettled", settled);
        exchange.setProperty("eticketOrderState", state);
    }

    private static TevoOrder.Item itemOf(TevoOrder order, Long itemId) {
        return order.getItems().stream().filter(i -> itemId.equals(i.id)).findFirst().orElse(null);
    }

    /**
     * TEvo could not be read for a dropped file (busy, unreachable, a wrong credential): nothing is wrong with the file,
     * so it waits in the inbox and is looked at again at the next poll (logged once). Only a 404 is the file's fault:
     * it names an order TEvo does not have; then exchange property eticketProblem says so and the file is refused.
     */
    public void tevoTrouble(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof io.tevoroutes.desk.api.TevoApiException api ? api.getStatus() : -1;
        if (status == 404) {
            exchange.setProperty("eticketProblem", "TEvo has no order " + exchange.getProperty("tevoOrderId")
                    + " (HTTP 404): check the order id in the file name");
            return;
        }
        throw waiting(exchange, exchange.getProperty("eticketFile") + " waits in its inbox: TEvo cannot be read now ("
                + (status == 0 ? "unreachable" : "HTTP " + status) + "); it is tried again at every poll of the inbox");
    }

    /** The file stays in its inbox (the exchange fails, the consumer rolls back); why is logged once. */
    private EticketWaiting waiting(Exchange exchange, String message) {
        inboxLog.waiting(message);
        inboxLog.waitingFile(exchange.getProperty("eticketName", String.class), message);
        return new EticketWaiting(message);
    }

    /** The state store cannot be reached: the file waits in its inbox; nothing is sent that could not be recorded. */
    public void stateStoreDown(Exchange exchange) {
        throw waiting(exchange, exchange.getProperty("eticketFile") + " waits in its inbox: the desk's state store cannot be reached");
    }

    /** A file the route will look at again later. */
    public void waitForAcceptance(Exchange exchange) {
        throw waiting(exchange, "order " + exchange.getProperty("tevoOrderId") + " is not accepted yet: "
                + exchange.getProperty("eticketFile") + " waits in its inbox");
    }

    /** Another delivery of the same item is in progress (its group PDF, another desk): the file waits in its inbox. */
    public void waitWhileBusy(Exchange exchange) {
        throw waiting(exchange, "item " + exchange.getProperty("eticketItemId") + " of order " + exchange.getProperty("tevoOrderId")
                + " is being delivered right now (from its group PDF, or by another desk): " + exchange.getProperty("eticketFile")
                + " waits in its inbox");
    }

    /** A delivery TEvo could not take now: the file stays in the inbox until its next scheduled try. */
    public void waitForRetry(Exchange exchange) {
        throw new EticketWaiting(exchange.getProperty("eticketFile") + ": TEvo could not take it ("
                + exchange.getProperty("eticketProblem") + "); it stays in the inbox, next try after "
                + exchange.getProperty("eticketRetryAt", "its scheduled time", String.class));
    }

    /**
     * POST /v9/orders/:id/deliver_etickets {"etickets":[{"item_id":order_item_id,"eticket":"base64"}]}: the file is
     * encoded straight into one array of the body's exact size, which is then signed and sent as it is (no other copy
     * of the file is made).
     */
    public void deliverRequest(Exchange exchange) throws IOException {
        Path pdf = exchange.getProperty("eticketPath", Path.class);
        long orderItemId = exchange.getProperty("eticketOrderItemId", Long.class);
        byte[] head = ("{\"etickets\":[{\"item_id\":" + orderItemId + ",\"eticket\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.US_ASCII);
        exchange.setProperty(TevoClient.METHOD, "POST");
        exchange.setProperty(TevoClient.PATH, "/orders/" + exchange.getProperty("tevoOrderId") + "/deliver_etickets");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody(Base64Body.encode(pdf, head, tail));
    }

    /**
     * POST /v9/orders/:id/items/:item_id/add_etickets {"files":["base64"]}: the whole PDF as one file; item_id is the
     * item's id (items[].id), not its order_item_id.
     */
    public void addRequest(Exchange exchange) throws IOException {
        Path pdf = exchange.getProperty("eticketPath", Path.class);
        exchange.setProperty(TevoClient.METHOD, "POST");
        exchange.setProperty(TevoClient.PATH, itemPath(exchange) + "/add_etickets");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody(Base64Body.encode(pdf, "{\"files\":[\"".getBytes(StandardCharsets.US_ASCII),
                "\"]}".getBytes(StandardCharsets.US_ASCII)));
    }

    /** POST /v9/orders/:id/items/:item_id/finalize_etickets {"keep_pages":[1..N]}: every page of the added PDF. */
    public void finalizeRequest(Exchange exchange) {
        int pages = exchange.getProperty("eticketPages", Integer.class);
        StringBuilder keep = new StringBuilder("{\"keep_pages\":[");
        for (int p = 1; p <= pages; p++) {
            keep.append(p == 1 ? "" : ",").append(p);
        }
        exchange.setProperty(TevoClient.METHOD, "POST");
        exchange.setProperty(TevoClient.PATH, itemPath(exchange) + "/finalize_etickets");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody(keep.append("]}").toString());
    }

    /** GET /v9/orders/:id/items/:item_id/remove_etickets: reset pages an earlier, unfinished try may have added. */
    public void removeRequest(Exchange exchange) {
        exchange.setProperty(TevoClient.METHOD, "GET");
        exchange.setProperty(TevoClient.PATH, itemPath(exchange) + "/remove_etickets");
        exchange.removeProperty(TevoClient.QUERY);
        exchange.getMessage().setBody("");
    }

    private static String itemPath(Exchange exchange) {
        return "/orders/" + exchange.getProperty("tevoOrderId") + "/items/" + exchange.getProperty("eticketItemId");
    }

    /** Remove the desk's working copy of the dropped file (never the dropped file itself). */
    public void cleanUp(Exchange exchange) throws IOException {
        Path copy = exchange.getProperty("eticketCopy", Path.class);
        if (copy != null) {
            Files.deleteIfExists(copy);
        }
    }

    private Path localCopy(Exchange exchange) throws IOException {
        File local = exchange.getMessage().getBody(File.class);
        if (local != null && local.isFile()) {
            exchange.setProperty("eticketPath", local.toPath());
            return local.toPath();
        }
        Files.createDirectories(workDir);
        Path copy = Files.createTempFile(workDir, "eticket-", ".pdf");
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("cannot read the dropped file", e);
        }
        exchange.setProperty("eticketPath", copy);
        exchange.setProperty("eticketCopy", copy);
        return copy;
    }
}
