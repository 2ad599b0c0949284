package io.tevoroutes.desk.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.spi.Registry;

import io.tevoroutes.desk.decision.DecisionPolicy;
import io.tevoroutes.desk.routes.RouteFileTest;

/**
 * routes/decision-rules.camel.yaml on its own, with the Java its routes call (rules, facts, the checks before them), and
 * {@link #moreRules()} appended to a copy of it: extend this to test a rule of your own in a second.
 */
public abstract class RulesFileTest extends RouteFileTest {

    /** YAML appended to the rules file (templatedRoute entries); empty: the file as it is. */
    protected String moreRules() {
        return "";
    }

    /** Tickets of a TicketID reserved by orders the desk accepted (the state store's answer, here a stand-in). */
    protected int reserved(String ticketId) {
        return 0;
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("decision-rules.camel.yaml");
    }

    @Override
    protected Path routesDirectory() {
        if (moreRules().isBlank()) {
            return super.routesDirectory();
        }
        try {
            Path dir = Files.createTempDirectory("rules");
            Files.writeString(dir.resolve("decision-rules.camel.yaml"),
                    Files.readString(super.routesDirectory().resolve("decision-rules.camel.yaml")) + "\n" + moreRules());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void beans(Registry registry) {
        registry.bind("deskRules", DeskRules.of(context));
        registry.bind("ruleFacts", RuleFacts.with((id, onHand) -> reserved(id)));
        registry.bind("decisionPolicy", new DecisionPolicy());
    }
}
