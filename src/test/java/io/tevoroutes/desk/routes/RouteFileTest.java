package io.tevoroutes.desk.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test one route file on its own, in about a second, without booting the desk: a plain Camel context loads only the
 * files {@link #routeFiles()} names from {@code routes/}, with the settings of {@code application.properties} (plus
 * {@link #properties()}), and the beans {@link #beans(Registry)} binds (the Java the routes call, real or a stand-in).
 * Every {@code direct:} or {@code seda:} endpoint the routes send to and no loaded route consumes is replaced by a stub
 * that records what it receives: {@link #received(String)}. Send with {@link #send(String, Consumer)}.
 *
 * <pre>
 * class HoldOrderRouteTest extends RouteFileTest {
 *     protected List&lt;String&gt; routeFiles() { return List.of("hold-order.camel.yaml"); }
 *
 *     &#64;Test
 *     void aHeldOrderIsEmailed() {
 *         send("direct:hold-order", e -&gt; e.getMessage().setBody(decision));
 *         assertThat(received("direct:notify")).hasSize(1);
 *     }
 * }
 * </pre>
 *
 * Test your own copy of the routes by overriding {@link #routesDirectory()} and {@link #propertiesFile()}.
 */
public abstract class RouteFileTest {

    protected CamelContext context;
    protected ProducerTemplate template;
    private final Map<String, List<Exchange>> stubs = new ConcurrentHashMap<>();

    /** The route files to load, by their names in {@link #routesDirectory()}. */
    protected abstract List<String> routeFiles();

    /** Binds the beans the routes call ({@code bean: ref: ...}, {@code method: ref: ...}) under their names. */
    protected void beans(Registry registry) {
    }

    /** Settings on top of {@link #propertiesFile()}. */
    protected Map<String, String> properties() {
        return Map.of();
    }

    protected Path routesDirectory() {
        return Path.of("routes");
    }

    protected Path propertiesFile() {
        return Path.of("application.properties");
    }

    /** False: the routes are loaded but not started (to check routes that would not start). */
    protected boolean start() {
        return true;
    }

    @BeforeEach
    final void startRoutes() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties overrides = new Properties();
        properties().forEach(overrides::setProperty);
        camel.getPropertiesComponent().setLocation("file:" + propertiesFile().toAbsolutePath());
        camel.getPropertiesComponent().setOverrideProperties(overrides);
        context = camel;
        beans(camel.getRegistry());
        for (String file : routeFiles()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "file:" + routesDirectory().resolve(file)));
        }
        stubWhatIsNotLoaded(camel);
        if (start()) {
            camel.start();
        }
        template = camel.createProducerTemplate();
    }

    @AfterEach
    final void stopRoutes() {
        if (context != null) {
            context.stop();
        }
    }

    /** Sends an exchange to an endpoint of the loaded routes and returns it, as it came out (exception included). */
    protected Exchange send(String uri, Consumer<Exchange> setUp) {
        return template.send(uri, setUp::accept);
    }

    /** What a stubbed endpoint received, in order (copies of the exchanges). */
    protected List<Exchange> received(String uri) {
        return stubs.getOrDefault(base(uri), List.of());
    }

    private void stubWhatIsNotLoaded(CamelContext camel) throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> consumed = new HashSet<>();
        Set<String> sentTo = new LinkedHashSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            consumed.add(base(route.getInput().getEndpointUri()));
            collect(route.getOutputs(), sentTo);
        }
        List<String> missing = new ArrayList<>();
        for (String uri : sentTo) {
            if ((uri.startsWith("direct:") || uri.startsWith("seda:")) && !consumed.contains(uri)) {
                missing.add(uri);
            }
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String uri : missing) {
                    List<Exchange> got = stubs.computeIfAbsent(uri, k -> new CopyOnWriteArrayList<>());
                    from(uri).routeId("stub-" + uri.replace(':', '-')).process(e -> got.add(e.copy()));
                }
            }
        });
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, Set<String> into) {
        for (ProcessorDefinition<?> p : outputs) {
            if (p instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
                into.add(base(send.getEndpointUri()));
            }
            collect(p.getOutputs(), into);
        }
    }

    private static String base(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    protected static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
