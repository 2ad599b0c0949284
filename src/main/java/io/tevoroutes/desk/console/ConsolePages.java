package io.tevoroutes.desk.console;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import io.tevoroutes.desk.email.EmailTemplates;
import io.tevoroutes.desk.model.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The console's pages: HTML templates in a folder integrators may edit (console.templates.directory, console/ by
 * default), {@code <name>.html} in Qute syntax, every value HTML-escaped. A page reads the exchange properties of its
 * route by their names ({@code {held}}, {@code {order}}, {@code {consoleUser}}); console/README.md lists them. A file
 * changed on disk is read again at its next use. A page that cannot be rendered answers 500 with a plain page naming
 * the template (and logs why), never a stack trace.
 */
@ApplicationScoped
@Named("consolePages")
public class ConsolePages {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.console");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Exchange property: the page to render, by name (now, held, order, sign-in, refused). */
    public static final String PAGE = "consolePage";

    /** What the pages read, whether a route set them or not (null then). */
    static final List<String> PAGE_KEYS = List.of("consoleUser", "consoleOperator", "consoleCsrf", "consoleDone", "consoleError",
            "consoleProblem", "tevoOrderId", "order", "held", "now", "decisions", "inboxes");

    @ConfigProperty(name = "console.templates.directory", defaultValue = "console")
    String directory;

    private volatile Engine engine;
    private volatile long stamp = -1;

    /** Renders the page named by {@value #PAGE} with the exchange's properties: the body, Content-Type and no caching. */
    public void render(@ExchangeProperty(PAGE) String name, Exchange exchange) {
        Map<String, Object> data = new LinkedHashMap<>(exchange.getProperties());
        // a property set to null is no property for Camel; the pages read these whether set or not
        for (String key : PAGE_KEYS) {
            data.putIfAbsent(key, null);
        }
        var msg = exchange.getMessage();
        String html;
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        try {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + LogSafe.text(name) + "' is not a page name");
            }
            html = engine().getTemplate(name).data(data).render();
        } catch (RuntimeException e) {
            LOG.errorf("console page %s could not be rendered: %s", LogSafe.text(name), LogSafe.text(EmailTemplates.why(e)));
            html = "<!doctype html><title>tevo-routes console</title><p>The page could not be shown: its template "
                    + escape(String.valueOf(name)) + ".html in " + escape(directory) + " could not be rendered. The desk's log says why.";
            status = 500;
        }
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody(html);
    }

    /** The console's style sheet, console/style.css. */
    public void styleSheet(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        try {
            msg.setBody(Files.readString(Path.of(directory, "style.css"), StandardCharsets.UTF_8));
            msg.setHeader(Exchange.CONTENT_TYPE, "text/css; charset=utf-8");
            msg.setHeader("Cache-Control", "max-age=300");
        } catch (IOException e) {
            msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            msg.setBody("");
        }
    }

    /** After an action: 303 to the page given (a path of this console only), so a reload does not post again. */
    public void redirect(@ExchangeProperty("consoleNext") String next, Exchange exchange) {
        String to = next != null && next.startsWith("/console") && !next.startsWith("//") && next.matches("[A-Za-z0-9/_?=&.-]*")
                ? next : "/console";
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        msg.setHeader("Location", to);
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody("");
    }

    /** The engine, made again (its templates read again) when a file of the folder changed. */
    private Engine engine() {
        long now = stamp();
        Engine e = engine;
        if (e == null || now != stamp) {
            Path dir = Path.of(directory);
            e = Engine.builder().addDefaults().strictRendering(true).removeStandaloneLines(true)
                    .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).addLocator(new TemplateLocator() {
                        @Override
                        public Optional<TemplateLocation> locate(String id) {
                            Path file = dir.resolve(id + ".html");
                            if (!NAME.matcher(id).matches() || !Files.isRegularFile(file)) {
                                return Optional.empty();
                            }
                            return Optional.of(new TemplateLocation() {
                                @Override
                                public Reader read() {
                                    try {
                                        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
                                    } catch (IOException ex) {
                                        throw new java.io.UncheckedIOException(ex);
                                    }
                                }

                                @Override
                                public Optional<Variant> getVariant() {
                                    return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
                                }
                            });
                        }
                    }).build();
            engine = e;
            stamp = now;
        }
        return e;
    }

    /** Changes when a template file is added, removed or changed. */
    private long stamp() {
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            return files.filter(f -> f.toString().endsWith(".html")).mapToLong(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() * 31 + Files.size(f) + f.hashCode();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
