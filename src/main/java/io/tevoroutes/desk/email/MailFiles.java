package io.tevoroutes.desk.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import org.apache.camel.Body;
import org.apache.camel.Header;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * An email as an SMTP server would have received it (RFC 822: From, To, Subject, Date, MIME headers and the body), for
 * the mail sink of dev mode (routes/mail-sink.camel.yaml): a file a mail client opens.
 */
@ApplicationScoped
@Named("mailFiles")
@RegisterForReflection
public class MailFiles {

    /** The whole message, from the headers the mail route sets and the email's text. */
    public byte[] message(@Header("From") String from, @Header("To") String to, @Header("Subject") String subject, @Body String text)
            throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        if (from != null && !from.isBlank()) {
            m.setFrom(new InternetAddress(from, false));
        }
        if (to != null && !to.isBlank()) {
            m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to, false));
        }
        m.setSubject(subject == null ? "" : subject, StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setText(text == null ? "" : text, StandardCharsets.UTF_8.name());
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }
}
