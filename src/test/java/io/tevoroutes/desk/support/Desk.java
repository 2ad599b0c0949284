package io.tevoroutes.desk.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.tevoroutes.desk.state.Claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/** Drives the running desk from tests: one poll at a time, then wait until every queued order is done. */
@ApplicationScoped
public class Desk {

    @Inject
    CamelContext camel;
    @Inject
    ProducerTemplate producer;
    @Inject
    Claims claims;

    /** One poll, as the timer does it, and wait until every order it found is decided. */
    public void poll() {
        producer.sendBody("direct:poll", null);
        awaitIdle();
    }

    /** The periodic re-check of accepted orders still holding reserved tickets, now. */
    public void checkReservations() {
        producer.sendBody("direct:reservation-check", null);
    }

    /** The periodic e-ticket sweep (accepted orders served from kept group PDFs), now. */
    public void sweepEtickets() {
        producer.sendBody("direct:eticket-sweep", null);
    }

    /** The periodic send of emails the SMTP server did not take, now. */
    public void sendOutbox() {
        producer.sendBody("direct:notify-outbox", null);
    }

    public void awaitIdle() {
        SedaEndpoint queue = camel.getEndpoint("seda:evaluate-order", SedaEndpoint.class);
        SedaEndpoint emails = camel.getEndpoint("seda:notify-send", SedaEndpoint.class);
        SedaEndpoint rereads = camel.getEndpoint("seda:webhook-reread", SedaEndpoint.class);
        // idle must hold for a while: a queued order (or email) is briefly neither in its queue nor in flight while the
        // consumer takes it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).during(Duration.ofMillis(200))
                .until(() -> queue.getQueue().isEmpty() && emails.getQueue().isEmpty() && rereads.getQueue().isEmpty() && claims.inFlight() == 0
                        && camel.getInflightRepository().size() == 0);
    }

    /** Emails received so far about one order. */
    public static List<MimeMessage> emailsAbout(long orderId) {
        return Arrays.stream(MailResource.greenMail().getReceivedMessages())
                .filter(m -> subject(m).contains("order " + orderId + " ")).toList();
    }

    /** Emails received so far whose subject contains the text. */
    public static List<MimeMessage> emailsWithSubject(String part) {
        return Arrays.stream(MailResource.greenMail().getReceivedMessages()).filter(m -> subject(m).contains(part)).toList();
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String body(MimeMessage m) {
        return GreenMailUtil.getBody(m);
    }

    /** The text as a person reads it (transfer encoding undone: no soft line breaks in the middle of a value). */
    public static String text(MimeMessage m) {
        try {
            Object content = m.getContent();
            return content instanceof String s ? s : GreenMailUtil.getBody(m);
        } catch (java.io.IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
