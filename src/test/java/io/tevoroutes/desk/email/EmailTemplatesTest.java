package io.tevoroutes.desk.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates of emails/, as the start check and the notify route use them. */
class EmailTemplatesTest {

    static final Path EMAILS = Path.of("emails");

    @TempDir
    Path dir;

    @Test
    void everyTemplateOfTheDeskRendersWithTheVariablesItsRouteSets() {
        assertThat(EmailCheck.problems(EmailTemplates.in(EMAILS))).isEmpty();
        Map<String, EmailTemplates.Email> all = new java.util.LinkedHashMap<>();
        EmailCheck.samples().forEach((name, data) -> all.put(name, EmailTemplates.in(EMAILS).render(name, data)));
        assertThat(all.get("tevo-refused").subject()).isEqualTo("tevo-routes: TEvo refuses the desk's API credentials, orders are waiting");
        assertThat(all.get("tevo-refused").text()).startsWith("Since 2026-11-22T10:00:00Z TEvo (https://api.ticketevolution.com) refuses")
                .contains("\n\n    Connection refused\n\n3 call(s) refused so far.");
        assertThat(all.get("eticket-group-problem").text()).startsWith("Item 11961 of TEvo order 11730 was not served from group-16637811.pdf.")
                .doesNotContain("may not have been delivered");
        assertThat(all.get("shipping").subject()).isEqualTo("TEvo order 11730 accepted: 1 item(s) to ship");
        assertThat(all.get("shipping").text()).contains("  - item 11961: 2 ticket(s), TicketID 191497, section 120, row 28, seats 20, 21\n")
                .contains("Instructions: Leave at will call\n");
        // no template leaves a tag, an unresolved variable or a run of empty lines behind
        all.forEach((name, email) -> assertThat(email.subject() + "\n" + email.text()).as(name)
                .doesNotContain("{").doesNotContain("}").doesNotContain("\n\n\n"));
    }

    @Test
    void everyTemplateAndEveryVariableIsDocumentedInTheFolder() throws IOException {
        String readme = Files.readString(EMAILS.resolve("README.md"));
        List<String> undocumented = new ArrayList<>();
        EmailCheck.samples().forEach((name, data) -> {
            if (!readme.contains("`" + name + "`")) {
                undocumented.add(name);
            }
            data.keySet().forEach(v -> {
                if (!readme.contains("`" + v + "`") && !v.startsWith("outage")) {
                    undocumented.add(name + ": " + v);
                }
            });
        });
        assertThat(readme).contains("`outageSince`", "`outageProblem`", "`outageFailures`");
        assertThat(undocumented).isEmpty();
        try (Stream<Path> files = Files.list(EMAILS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".txt")).map(f -> f.replace(".txt", "")))
                    .as("every template in emails/ is one the desk sends and checks").containsExactlyInAnyOrderElementsOf(EmailCheck.samples().keySet());
        }
    }

    @Test
    void aWrongTemplateIsNamedByTheStartCheck() throws IOException {
        copyAll();
        Files.writeString(dir.resolve("inventory-down.txt"), "Subject: inventory down\n\nSince {outageSnice} ...\n");
        Files.writeString(dir.resolve("tevo-refused.txt"), "Subject: refused\n\n{#if outageSince}never closed\n");
        Files.writeString(dir.resolve("shipping.txt"), "no subject line\n");
        Files.delete(dir.resolve("eticket-refused.txt"));

        List<String> problems = EmailCheck.problems(EmailTemplates.in(dir));

        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("inventory-down.txt").contains("outageSnice"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("tevo-refused.txt"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("shipping.txt").contains("'Subject:'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("eticket-refused.txt").contains("cannot be read"));
    }

    @Test
    void aTemplateChangedOnDiskIsReadAgainAndOneThatFailsLaterStillTellsAPerson() throws IOException {
        copyAll();
        EmailTemplates templates = EmailTemplates.in(dir);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("eticketFile", "7001-70.pdf");
        exchange.setProperty("eticketProblem", "not a PDF");
        templates.compose("eticket-refused", exchange);
        assertThat(exchange.getProperty("notifySubject", String.class)).isEqualTo("E-ticket file 7001-70.pdf was not delivered");

        Files.writeString(dir.resolve("eticket-refused.txt"), "Subject: Refused: {eticketFile}\n\nWhy: {eticketProblem}\n");
        templates.compose("eticket-refused", exchange);
        assertThat(exchange.getProperty("notifySubject", String.class)).isEqualTo("Refused: 7001-70.pdf");
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("Why: not a PDF\n");

        Files.writeString(dir.resolve("eticket-refused.txt"), "Subject: Refused: {eticketFiel}\n\nWhy: {eticketProblem}\n");
        templates.compose("eticket-refused", exchange);
        assertThat(exchange.getProperty("notifySubject", String.class)).isEqualTo("tevo-routes: an email could not be written (template eticket-refused)");
        assertThat(exchange.getMessage().getBody(String.class)).contains("eticketFiel");
    }

    private void copyAll() {
        io.tevoroutes.desk.support.Folders.copy(EMAILS, dir);
    }
}
