package io.tevoroutes.desk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.tevoroutes.desk.email.MailFiles;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * routes/mail-sink.camel.yaml, dev mode's mail server: an email written as a whole message that a mail client opens,
 * read back here as one (From, To, Subject with non-ASCII text, Date, the body).
 */
class MailSinkRouteTest extends RouteFileTest {

    final Path folder = Path.of("target/test-mail-sink-" + UUID.randomUUID());

    @Override
    protected List<String> routeFiles() {
        return List.of("mail-sink.camel.yaml");
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("notify.mail.sink-folder", folder.toString());
    }

    @Override
    protected void beans(org.apache.camel.spi.Registry registry) {
        registry.bind("mailFiles", new MailFiles());
    }

    @Test
    void anEmailIsWrittenAsAWholeMessage() throws Exception {
        String text = "Order 6400 needs a person: short.\nTicketID 191497 short by 1 — check the quantity on hand.\n";
        send("direct:mail-sink", e -> {
            e.getMessage().setHeader("From", "tevo-routes@broker.example");
            e.getMessage().setHeader("To", "desk@broker.example, anna@broker.example");
            e.getMessage().setHeader("Subject", "TEvo order 6400 needs a person: short — Café");
            e.getMessage().setBody(text);
            e.setProperty("emailTemplate", "order-held");
            e.setProperty("tevoOrderId", 6400L);
        });

        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith("-order-held-6400.eml"));
        try (InputStream in = Files.newInputStream(files.get(0))) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(m.getFrom()).containsExactly(new InternetAddress("tevo-routes@broker.example"));
            assertThat(m.getRecipients(jakarta.mail.Message.RecipientType.TO)).containsExactly(new InternetAddress("desk@broker.example"),
                    new InternetAddress("anna@broker.example"));
            assertThat(m.getSubject()).isEqualTo("TEvo order 6400 needs a person: short — Café");
            assertThat(m.getSentDate()).isNotNull();
            assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
            assertThat(m.getContent().toString().replace("\r\n", "\n")).isEqualTo(text);
        }
    }
}
