package io.tevoroutes.desk.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The desk's emails, as text templates in a folder integrators edit (notify.templates.directory, emails/ by default):
 * {@code <name>.txt}, Qute syntax, its first line {@code Subject: ...}, then an empty line, then the text. A template
 * reads the exchange properties of the route that sends it by their names ({@code {eticketFile}}), the message body as
 * {@code {body}}; emails/README.md lists each template and its variables. A file changed on disk is read again at its
 * next use. Rendering is strict: a variable the route did not set is an error, caught at start for the desk's own
 * templates (EmailCheck) and, should it happen later, answered with a plain email saying so rather than with no email.
 */
@ApplicationScoped
@Named("emails")
public class EmailTemplates {

    private static final Logger LOG = Logger.getLogger(EmailTemplates.class);

    /** Exchange property: the template to send, by name (order-held, eticket-refused, ...). */
    public static final String TEMPLATE = "emailTemplate";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @ConfigProperty(name = "notify.templates.directory", defaultValue = "emails")
    String directory;

    private final Engine engine = Engine.builder().addDefaults().strictRendering(true).removeStandaloneLines(true).build();
    private final Map<String, Parsed> cache = new ConcurrentHashMap<>();

    private record Parsed(FileTime modified, long size, Template template) {
    }

    /** One rendered email. */
    public record Email(String subject, String text) {
    }

    /** Outside the desk (a route test): the templates of a folder. */
    public static EmailTemplates in(Path directory) {
        EmailTemplates t = new EmailTemplates();
        t.directory = directory.toString();
        return t;
    }

    public Path directory() {
        return Path.of(directory);
    }

    /**
     * Renders the template named by exchange property {@value #TEMPLATE} with the exchange's properties and body: sets
     * exchange property notifySubject and the body to the text. A template that cannot be rendered still tells a person:
     * a plain email names the template and what went wrong.
     */
    public void compose(@ExchangeProperty(TEMPLATE) String name, Exchange exchange) {
        Map<String, Object> data = new LinkedHashMap<>(exchange.getProperties());
        data.put("body", exchange.getMessage().getBody());
        Email email;
        try {
            email = render(name, data);
        } catch (RuntimeException e) {
            String why = LogSafe.text(why(e));
            LOG.errorf("email template %s could not be rendered, a plain email is sent instead: %s", LogSafe.text(name), why);
            email = new Email("tevo-routes: an email could not be written (template " + LogSafe.text(name) + ")",
                    "The order desk had an email to send with the template " + LogSafe.text(name) + " in " + directory
                            + ", but the template could not be rendered:\n\n    " + why + "\n\nFix the template (emails/README.md"
                            + " lists the variables of each); the desk's log has the details of the case.\n");
        }
        exchange.setProperty("notifySubject", email.subject());
        exchange.getMessage().setBody(email.text());
    }

    /** Renders one template with the data given. Throws when the template is missing, does not parse or reads an unset variable. */
    public Email render(String name, Map<String, Object> data) {
        String text = template(name).data(data).render();
        return split(name, text);
    }

    /** The parsed template, read again when its file changed. */
    public Template template(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + LogSafe.text(name) + "' is not an email template name (lower-case letters, digits, dashes)");
        }
        Path file = directory().resolve(name + ".txt");
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Parsed p = cache.get(name);
            if (p == null || !p.modified().equals(modified) || p.size() != size) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                p = new Parsed(modified, size, engine.parse(content, null, file.toString()));
                cache.put(name, p);
            }
            return p.template();
        } catch (IOException e) {
            throw new IllegalArgumentException("the email template " + file + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** What went wrong, in one line: Qute puts its message ("Key "x" not found ...") on the cause. */
    public static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().lines().findFirst().orElse("");
            }
        }
        return e.getClass().getSimpleName();
    }

    private static Email split(String name, String text) {
        String t = text.replace("\r\n", "\n");
        if (!t.startsWith("Subject:")) {
            throw new IllegalArgumentException("the email template " + name + " does not start with a 'Subject:' line");
        }
        int end = t.indexOf('\n');
        String subject = (end < 0 ? t : t.substring(0, end)).substring("Subject:".length()).replaceAll("\\s+", " ").trim();
        String body = end < 0 ? "" : t.substring(end + 1);
        if (body.startsWith("\n")) {
            body = body.substring(1);
        }
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("the email template " + name + " renders an empty subject");
        }
        return new Email(subject, body);
    }
}
