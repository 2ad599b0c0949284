package io.tevoroutes.desk.console;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.TevoStubs.acceptAnswers;
import static io.tevoroutes.desk.support.TevoStubs.acceptOf;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.pendingOrders;
import static io.tevoroutes.desk.support.TevoStubs.rejectAnswers;
import static io.tevoroutes.desk.support.TevoStubs.rejectOf;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tevoroutes.desk.support.Browser;
import io.tevoroutes.desk.support.Desk;
import io.tevoroutes.desk.support.DeskState;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.SecretsNeverLeak;
import io.tevoroutes.desk.support.SeedOrders;
import io.tevoroutes.desk.support.TevoApiResource;
import jakarta.inject.Inject;

/**
 * The console in a real browser (headless Chromium, Debian's chromium and chromium-driver): a person signs in, sees a
 * held order with its reasons, fixes the inventory and checks it again (accepted, exactly once); an operator rejects
 * one; a viewer cannot act; a POST without the CSRF token is refused; a wrong password is refused and not logged.
 * Each page is saved as a screenshot under docs/console/ (the README shows them).
 */
@QuarkusTest
@TestProfile(ConsoleBrowserTest.ConsoleOn.class)
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@ExtendWith(SecretsNeverLeak.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Path USERS = Path.of("target/test-console-users");
    static final String OPERATOR_PASSWORD = "anna-Op3rator-pw!";
    static final String VIEWER_PASSWORD = "victor-V1ewer-pw!";
    static final String WRONG_PASSWORD = "not-annas-pw-Zk81";
    static final Path SHOTS = Path.of("docs/console");

    public static class ConsoleOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(USERS.getParent());
                // a BOM, a comment, a blank line, a $2y$ hash (htpasswd's) and a bad line: what a real users file holds
                Files.writeString(USERS, "\uFEFF# console users\n\nanna:" + BcryptUtil.bcryptHash(OPERATOR_PASSWORD).replace("$2a$", "$2y$")
                        + ":operator\nvictor:" + BcryptUtil.bcryptHash(VIEWER_PASSWORD) + ":viewer\nmallory:plaintext:operator\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("console.enabled", "true", "console.users-file", USERS.toString(),
                    "console.tevo-order-url", "https://core.example/orders/{id}",
                    "quarkus.http.auth.session.encryption-key", "test-console-session-key-8d2f7c1e9a4b",
                    "substitution.mode", "propose", "substitution.poll-period", "1h");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Desk desk;
    @Inject
    org.apache.camel.ProducerTemplate producer;
    @Inject
    DeskState state;

    static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        browser = Browser.headlessChromium();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndNotLogged() throws IOException {
        browser.get(url("/console/held"));
        assertThat(browser.getCurrentUrl()).as("an anonymous visit goes to the sign-in page").contains("/console/login");
        shot("sign-in");
        signIn("anna", WRONG_PASSWORD);
        assertThat(browser.findElement(By.id("sign-in-error")).getText()).contains("wrong");
        assertThat(browser.findElements(By.id("signed-in-as"))).isEmpty();
        String log = Files.readString(Path.of("target/quarkus.log"));
        assertThat(log).contains("console sign-in refused for user anna").doesNotContain(WRONG_PASSWORD).doesNotContain(OPERATOR_PASSWORD);
        assertThat(log).as("the users file's bad line is named, not shown").contains("line 5 skipped").doesNotContain("plaintext");
    }

    @Test
    @Order(2)
    void aHeldOrderIsCheckedAgainAfterTheInventoryIsFixedAndAcceptedOnce() throws IOException {
        TevoApiResource.resetToUnauthorized();
        inventory("CONSOLE-1,0,50.00,true,30,A", "CONSOLE-2,0,50.00,true,30,B");
        String held = SeedOrders.order(7801, "CONSOLE-1", 2, "80.00").toString();
        String other = SeedOrders.order(7802, "CONSOLE-2", 2, "80.00").toString();
        // hostile text from TEvo: markup in the event's name and a row that closes the table cell
        com.fasterxml.jackson.databind.node.ObjectNode hostile = SeedOrders.order(7804, "CONSOLE-2", 1, "80.00");
        com.fasterxml.jackson.databind.node.ObjectNode group = (com.fasterxml.jackson.databind.node.ObjectNode) SeedOrders.item(hostile).get("ticket_group");
        ((com.fasterxml.jackson.databind.node.ObjectNode) group.get("event")).put("name", "<script>alert('x')</script><img src=x onerror=alert(1)>");
        group.put("row", "</td><td>forged");
        pendingOrders(held, other, hostile.toString());
        desk.poll();
        assertThat(state.status(7801L)).isNull();

        signIn("anna", OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("anna (operator)");
        browser.get(url("/console"));
        assertThat(browser.findElement(By.id("held-count")).getText()).matches("(?s)\\d+\\s+held for a person.*");
        assertThat(browser.findElement(By.id("inboxes")).getText()).contains("test-inbox");
        browser.get(url("/console/held"));
        WebElement row = browser.findElement(By.cssSelector("tr.held-order[data-order='7801']"));
        assertThat(row.getText()).containsIgnoringCase("short").contains("CONSOLE-1");
        assertThat(browser.findElement(By.cssSelector("tr.held-order[data-order='7804']")).getText()).contains("<script>alert('x')</script>");
        assertThat(browser.findElements(By.tagName("script"))).as("TEvo's text is shown, never run").isEmpty();
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        shot("held");
        browser.get(url("/console/orders/7804"));
        assertThat(browser.findElement(By.id("items")).getText()).contains("</td><td>forged");
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        browser.get(url("/console/held"));
        row = browser.findElement(By.cssSelector("tr.held-order[data-order='7801']"));

        submit(row.findElement(By.linkText("7801")));
        assertThat(browser.findElement(By.id("reasons")).getText()).containsIgnoringCase("short");
        assertThat(browser.findElement(By.id("items")).getText()).contains("0 on hand");
        shot("order");

        // a person finds the tickets: the inventory says 4 now, and they ask the desk to look again
        inventory("CONSOLE-1,4,50.00,true,30,A", "CONSOLE-2,0,50.00,true,30,B");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            browser.navigate().refresh();
            return browser.findElement(By.id("items")).getText().contains("4 on hand");
        });
        show(7801, held);
        acceptAnswers(7801, json(200, held.replace("\"pending\"", "\"accepted\"")));
        submit(browser.findElement(By.id("check-again")));
        assertThat(browser.findElement(By.id("done")).getText()).contains("decides it in a moment");
        desk.awaitIdle();
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACCEPTED".equals(state.status(7801L)));
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("ACCEPTED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("anna").contains("asked to check again").contains("accepted");
        shot("order-accepted");

        // polled again, and checked again by a second click (a reload of the form): still one accept
        desk.poll();
        tevo().verify(exactly(1), acceptOf(7801));
        browser.get(url("/console/held"));
        assertThat(browser.findElements(By.cssSelector("tr.held-order[data-order='7801']"))).isEmpty();
    }

    @Test
    @Order(3)
    void anOperatorRejectsAHeldOrderWithTevosReason() throws Exception {
        String other = SeedOrders.order(7802, "CONSOLE-2", 2, "80.00").toString();
        show(7802, other);
        rejectAnswers(7802, json(200, other.replace("\"pending\"", "\"rejected\"")));
        browser.get(url("/console/orders/7802"));
        new Select(browser.findElement(By.id("reject-reason"))).selectByValue("Tickets No Longer Available");
        submit(browser.findElement(By.id("reject")));
        assertThat(browser.findElement(By.id("done")).getText()).contains("Rejected in TEvo");
        tevo().verify(exactly(1), rejectOf(7802).withRequestBody(equalToJson(
                "{\"reason\":\"Tickets No Longer Available\",\"reviewer_id\":4242,\"rejection_notes\":\"${json-unit.any-string}\"}")));
        assertThat(state.status(7802L)).isEqualTo("REJECTED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("anna").contains("rejected");
        shot("order-rejected");

        // the audit: REJECT decisions of the last day, then the same as CSV
        browser.get(url("/console/decisions"));
        new Select(browser.findElement(By.id("outcome"))).selectByValue("REJECT");
        submit(browser.findElement(By.id("filter")));
        assertThat(browser.findElements(By.cssSelector("tr.decision"))).isNotEmpty()
                .allSatisfy(row -> assertThat(row.getText()).contains("REJECT"));
        assertThat(browser.findElement(By.id("decisions")).getText()).contains("7802").contains("anna");
        shot("decisions");
        String csvLink = browser.findElement(By.id("csv")).getAttribute("href");
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csvLink)).header("Cookie", sessionCookie())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("order_id,decision,reasons,detail,dry_run,decided_at,decided_by\r\n").contains("7802,REJECT,")
                .doesNotContain(",HOLD,");
        // a hostile filter is named, not run
        browser.get(url("/console/decisions?outcome=%3Cscript%3E&from=yesterday"));
        assertThat(browser.findElement(By.id("filter-problem")).getText()).contains("<script>").contains("'yesterday' is not a date");
    }

    @Test
    @Order(4)
    void anOperatorAcceptsAHeldOrderAfterSeeingWhatItPromises() throws Exception {
        inventory("CONSOLE-1,4,50.00,true,30,A", "CONSOLE-2,0,50.00,true,30,B", "CONSOLE-3,0,50.00,true,30,C");
        com.fasterxml.jackson.databind.node.ObjectNode seed = SeedOrders.order(7805, "CONSOLE-3", 2, "80.00");
        ((com.fasterxml.jackson.databind.node.ObjectNode) SeedOrders.item(seed).get("ticket_group")).put("row", "<b>A</b>");
        String order = seed.toString();
        pendingOrders(order);
        desk.poll();
        assertThat(state.status(7805L)).as("held: the inventory shows none").isNull();
        show(7805, order);
        acceptAnswers(7805, json(200, order.replace("\"pending\"", "\"accepted\"")));

        browser.get(url("/console/orders/7805"));
        submit(browser.findElement(By.id("accept")));
        assertThat(browser.findElement(By.id("promise")).getText()).contains("CONSOLE-3").contains("0 on hand");
        shot("accept");
        tevo().verify(exactly(0), acceptOf(7805));
        submit(browser.findElement(By.id("confirm-accept")));

        assertThat(browser.findElement(By.id("done")).getText()).contains("Accepted in TEvo");
        tevo().verify(exactly(1), acceptOf(7805));
        assertThat(state.status(7805L)).isEqualTo("ACCEPTED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("asked to accept").contains("reserved")
                .contains("2 x TicketID CONSOLE-3").containsPattern("anna\\s+accepted");
        // the desk's next poll (TEvo still lists it) and the same form posted again: no second accept
        desk.poll();
        HttpResponse<String> again = post("/console/act/orders/7805/accept", "csrf=" + csrf("anna"), sessionCookie());
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue("/console/orders/7805?done=ACCEPTED");
        tevo().verify(exactly(1), acceptOf(7805));

        // sold: its e-tickets are owed now, on the Now page by event date, until a PDF reaches TEvo
        browser.get(url("/console"));
        assertThat(browser.findElement(By.id("owed-count")).getText()).matches("(?s)[1-9]\\d*\\s+e-ticket items owed.*");
        WebElement owed = browser.findElement(By.cssSelector("tr.owed-item[data-order='7805']"));
        assertThat(owed.getText()).contains("Baltimore Ravens at Philadelphia Eagles").contains("2 x CONSOLE-3").contains("row <b>A</b>")
                .contains("no PDF received yet");
        shot("now");
    }

    @Test
    @Order(4)
    void anOperatorOrdersOneOfTheSubstitutesProposedForARejectedPurchase() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode po = io.tevoroutes.desk.support.BuySide.rejectedPurchase(7851, 78510, 7851,
                Duration.ofDays(6));
        io.tevoroutes.desk.support.BuySide.purchases("rejected", po);
        io.tevoroutes.desk.support.BuySide.purchases("pending_substitution");
        io.tevoroutes.desk.support.BuySide.group(78510, po);
        show(7851, po.toString());
        com.fasterxml.jackson.databind.node.ObjectNode hostile = io.tevoroutes.desk.support.BuySide.listing(78513, 4, "101", "10",
                "Eticket", "104.00");
        hostile.put("format", "<img src=x onerror=alert(1)>");
        hostile.put("in_hand", true); // not electronic, but in hand six days ahead: it may be shipped
        io.tevoroutes.desk.support.BuySide.listings(7851, io.tevoroutes.desk.support.BuySide.listing(78511, 4, "101", "10", "Eticket", "101.00"),
                io.tevoroutes.desk.support.BuySide.listing(78512, 4, "101", "10", "TM_mobile", "103.00"), hostile);
        io.tevoroutes.desk.support.BuySide.createAnswers(78512, json(200, io.tevoroutes.desk.support.BuySide.ordersAnswer(
                io.tevoroutes.desk.support.BuySide.substitute(7852, 78510, 7851))));
        producer.sendBody("direct:substitution-poll", null);
        desk.awaitIdle();

        browser.get(url("/console/orders/7851"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("PURCHASE PROPOSED");
        List<WebElement> candidates = browser.findElements(By.cssSelector("tr.candidate"));
        assertThat(candidates).hasSize(3);
        assertThat(candidates.get(0).getText()).contains("78511: section 101 row 10");
        assertThat(browser.findElements(By.tagName("img"))).as("TEvo's text shown, never run").isEmpty();
        shot("substitution");
        // the second: the person prefers mobile tickets for this client
        submit(browser.findElement(By.cssSelector("tr.candidate[data-listing='78512'] button.order-this")));

        assertThat(browser.findElement(By.id("done")).getText()).contains("The substitute is bought");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("PURCHASE CREATED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("asked to order a substitute").contains("substitute bought");
        tevo().verify(exactly(1), postRequestedFor(urlPathMatching("/v9/orders")));
        tevo().verify(postRequestedFor(urlPathMatching("/v9/orders")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
                .matchingJsonPath("$.orders[0].shipped_items[0].items[0].ticket_group_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("78512"))));
        // the same form again (a reload): nothing more is bought
        HttpResponse<String> again = post("/console/act/substitutions/7851/order/78512", "csrf=" + csrf("anna"), sessionCookie());
        assertThat(again.headers().firstValue("Location")).hasValue("/console/orders/7851?done=CREATED");
        tevo().verify(exactly(1), postRequestedFor(urlPathMatching("/v9/orders")));
    }

    @Test
    @Order(5)
    void aRefusedFileIsShownWithWhyAndMovedBackByTryAgainNeverLost() throws Exception {
        Path inbox = Path.of("target/test-inbox");
        Files.createDirectories(inbox);
        String name = "not a ticket (copy " + System.nanoTime() + ").pdf";
        Files.writeString(inbox.resolve(name), "%PDF-1.4 a file under a name the desk cannot place");
        await().atMost(Duration.ofSeconds(20)).until(() -> refusedCopies(inbox, name) == 1);

        // a file for an order TEvo does not answer about (no stub: 401): it waits, and the page says why
        Path waits = inbox.resolve("7806-78061.pdf");
        Path pdf = io.tevoroutes.desk.support.Pdfs.tickets(Path.of("target/console-7806.pdf"), List.of("Section 101 Row A Seat 1"));
        Files.move(pdf, waits);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                browser.get(url("/console/inboxes"));
                return browser.findElements(By.cssSelector("tr.waiting-file")).stream()
                        .anyMatch(r -> r.getText().contains("7806-78061.pdf") && r.getText().contains("TEvo cannot be read now"));
            });
        } finally {
            Files.deleteIfExists(waits);
        }
        browser.get(url("/console/inboxes"));
        assertThat(browser.getPageSource()).doesNotContain("A remote inbox");
        WebElement row = refusedRows(name).get(0);
        assertThat(row.getText()).contains("is not <order_id>-<item_id>.pdf");
        shot("inboxes");
        String action = row.findElement(By.tagName("form")).getAttribute("action");
        submit(row.findElement(By.cssSelector("button.try-again")));
        assertThat(browser.findElement(By.id("done")).getText()).contains("Moved back");

        // nothing was fixed: the inbox refuses it again; one copy in .error/, none lost, both refusals listed
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            browser.navigate().refresh();
            return refusedRows(name).size() == 2 && refusedCopies(inbox, name) == 1 && !Files.exists(inbox.resolve(name));
        });
        assertThat(refusedRows(name).get(1).getText()).contains("moved back by anna");
        HttpResponse<String> again = post(action.substring(action.indexOf("/console")), "csrf=" + csrf("anna"), sessionCookie());
        assertThat(again.headers().firstValue("Location")).hasValue("/console/inboxes?done=retried-already");
        assertThat(refusedCopies(inbox, name)).isEqualTo(1);
    }

    private List<WebElement> refusedRows(String name) {
        return browser.findElements(By.cssSelector("tr.refused-file")).stream().filter(r -> r.getText().contains(name)).toList();
    }

    private static long refusedCopies(Path inbox, String name) throws IOException {
        Path error = inbox.resolve(".error");
        if (!Files.isDirectory(error)) {
            return 0;
        }
        try (var files = Files.list(error)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-" + name)).count();
        }
    }

    @Test
    @Order(6)
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        String orderJson = SeedOrders.order(7803, "CONSOLE-2", 2, "80.00").toString();
        pendingOrders(orderJson);
        desk.poll();
        int before = tevo().findAll(postRequestedFor(urlPathMatching("/v9/orders/7803/.*"))).size();
        HttpResponse<String> answer = post("/console/act/orders/7803/reject", "reason=Other", sessionCookie());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("CSRF");
        HttpResponse<String> forged = post("/console/act/orders/7803/reject", "reason=Other&csrf=forged-token", sessionCookie());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(tevo().findAll(postRequestedFor(urlPathMatching("/v9/orders/7803/.*")))).hasSize(before);
        assertThat(tevo().findAll(getRequestedFor(urlPathMatching("/v9/orders/7803")))).isEmpty();
        assertThat(state.status(7803L)).isNull();
    }

    @Test
    @Order(7)
    void aViewerSeesButCannotAct() throws Exception {
        submit(browser.findElement(By.cssSelector("form.who button")));
        assertThat(browser.getCurrentUrl()).contains("/console/login");
        signIn("victor", VIEWER_PASSWORD);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("victor (viewer)");
        browser.get(url("/console/orders/7803"));
        assertThat(browser.findElement(By.id("reasons")).getText()).containsIgnoringCase("short");
        assertThat(browser.findElements(By.id("check-again"))).isEmpty();
        assertThat(browser.findElements(By.id("reject"))).isEmpty();
        assertThat(browser.findElements(By.id("accept"))).isEmpty();
        browser.get(url("/console/inboxes"));
        assertThat(browser.findElements(By.cssSelector("button.try-again"))).isEmpty();
        browser.get(url("/console/orders/7803"));
        browser.get(url("/console/orders/7803/accept"));
        assertThat(browser.findElement(By.id("not-acceptable")).getText()).contains("viewer");
        assertThat(browser.findElements(By.id("confirm-accept"))).isEmpty();
        // the form copied from an operator's page, the token included: refused before the desk's route runs
        HttpResponse<String> answer = post("/console/act/orders/7803/reject", "reason=Other&csrf=" + csrf("victor"), sessionCookie());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(state.status(7803L)).isNull();
        tevo().verify(exactly(0), rejectOf(7803));
    }

    @Test
    @Order(8)
    void pagesCarryTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/console/login"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .contains("frame-ancestors 'none'").contains("default-src 'none'").doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).doesNotContain("<script").doesNotContain("style=");
    }

    private void signIn(String user, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(browser.findElement(By.id("sign-in")));
    }

    /**
     * Clicks a link or a form's button and waits for the next page: a click returns before the browser has left the
     * page, and reading it then reads the old page.
     */
    private void submit(WebElement control) {
        WebElement page = browser.findElement(By.tagName("html"));
        control.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> left(page));
    }

    /**
     * The old page is gone. Chrome says so with a stale element, or, caught while it swaps the documents, with "Node
     * with given id does not belong to the document" (a plain WebDriverException that stalenessOf does not take).
     */
    private static boolean left(WebElement oldPage) {
        try {
            oldPage.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            return String.valueOf(e.getMessage()).contains("does not belong to the document");
        }
    }

    /** The CSRF token of the browser's session (signed in as this user), as its pages carry it. */
    private String csrf(String user) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/console/held")))
                .header("Cookie", sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).as("signed in as " + user).contains(">" + user + " (");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as("the page carries its session's CSRF token").isTrue();
        return m.group(1);
    }

    private String sessionCookie() {
        Cookie c = browser.manage().getCookieNamed("quarkus-credential");
        assertThat(c).as("the browser's session cookie").isNotNull();
        return c.getName() + "=" + c.getValue();
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /** The test inventory with these rows added (a fix to the inventory is a new file, as a POS export writes it). */
    private static void inventory(String... rows) throws IOException {
        Path tmp = Path.of(InventoryResource.FILE + ".part");
        Files.writeString(tmp, InventoryResource.CSV + String.join("\n", List.of(rows)) + "\n");
        Files.move(tmp, InventoryResource.FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
