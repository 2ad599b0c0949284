package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.tevoroutes.desk.support.DeskProcess;
import io.tevoroutes.desk.support.FaultArea;
import io.tevoroutes.desk.support.RawHttp;
import io.tevoroutes.desk.support.Reliability;
import io.tevoroutes.desk.support.ReliabilityReport;
import io.tevoroutes.desk.support.SharedDatabase;

/**
 * The console, the sign-in and the public port attacked from the outside, on packaged desks (production profile, as
 * the README launches them), with HTTP written on the wire: issue 24's items 1 and 4 to 11.
 * <ul>
 * <li>desk a: no proxy in front (forwarded headers are the attacker's and are ignored), console.base-url https;</li>
 * <li>desks b and c: behind a TLS proxy the desk trusts (127.0.0.1: quarkus.http.proxy.*), one PostgreSQL, one
 * session key, as two replicas run.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ReliabilityReport.class)
class ConsoleSecurityIT {

    static final String ANNA = "anna-Op3rator-pw!";
    static final String VICTOR = "victor-V1ewer-pw!";
    static final String AUDIT = "test-audit-token-5Kq2";
    static final Path ROOT = Path.of("target/it-console-security");
    static final SharedDatabase SHARED = new SharedDatabase();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static DeskProcess a;
    static DeskProcess b;
    static DeskProcess c;

    @BeforeAll
    static void desks() throws IOException {
        Files.createDirectories(ROOT.resolve("inbox"));
        Files.writeString(ROOT.resolve("inventory.csv"), "TicketID,Quantity,Price,ETicket\nSEC-1,4,50.00,true\n");
        writeUsers(true);
        SHARED.start("console_security");
        // desk a has no session key of its own: Quarkus makes one, and logs it
        Map<String, String> first = config("console-a", Map.of("console.base-url", "https://desk.broker.example",
                "console.sign-in.per-address-per-minute", "40", "console.sign-in.per-minute", "400", "http.request-timeout", "8s"));
        first.remove("quarkus.http.auth.session.encryption-key");
        a = DeskProcess.start("console-a", first);
        Map<String, String> proxied = Map.of("env:QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true", "env:QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED",
                "true", "env:QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1", "console.sign-in.max-delay", "2s",
                "console.sign-in.per-address-per-minute", "20", "console.sign-in.per-minute", "60");
        b = DeskProcess.start("console-b", config("console-b", proxied));
        c = DeskProcess.start("console-c", config("console-c", proxied));
    }

    @AfterAll
    static void stop() {
        for (DeskProcess d : new DeskProcess[] { a, b, c }) {
            if (d != null) {
                d.close();
            }
        }
        SHARED.stop();
    }

    static Map<String, String> config(String name, Map<String, String> more) {
        Map<String, String> c = SHARED.config(name, ROOT);
        c.put("tevo.poll.enabled", "false");
        c.put("console.enabled", "true");
        c.put("console.users-file", ROOT.resolve("console-users").toString());
        c.put("quarkus.http.auth.session.encryption-key", "it-console-session-key-4c9e1d7b2a8f");
        c.put("audit.token", AUDIT);
        c.putAll(more);
        return c;
    }

    static void writeUsers(boolean withVictor) throws IOException {
        Files.writeString(ROOT.resolve("console-users"), "anna:" + BcryptUtil.bcryptHash(ANNA) + ":operator\n"
                + (withVictor ? "victor:" + BcryptUtil.bcryptHash(VICTOR) + ":viewer\n" : ""));
    }

    // ---- item 11: the public port serves webhooks, console and audit only -------------------------------------------

    @Test
    @Order(1)
    @Reliability(area = FaultArea.CONSOLE, value = "GET /q/health and /q/metrics on the public port",
            holds = "404 there; they answer on the management port only")
    void healthAndMetricsAnswerOnTheManagementPortOnly() throws Exception {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics")) {
            assertThat(get(a.url() + path, null).statusCode()).as("public port " + path).isEqualTo(404);
            assertThat(get(a.managementUrl() + path, null).statusCode()).as("management port " + path).isIn(200, 503);
        }
        assertThat(get(a.managementUrl() + "/q/metrics", null).body()).contains("tevo_orders_held_waiting");
        assertThat(get(a.url() + "/q/health", null).body()).doesNotContain("ticketevolution").doesNotContain("localhost:");
    }

    // ---- item 7: every request answered ------------------------------------------------------------------------

    @Test
    @Order(2)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "the targets of adversarial/http-targets.txt (;x, %3B, backslashes), anonymous and signed in",
            holds = "each answered 400 at once, none left hanging")
    void pathsWithParametersAreAnsweredAtOnce() throws Exception {
        String cookie = signIn(a, "anna", ANNA, null).cookie();
        List<String> targets = corpus("http-targets.txt");
        assertThat(targets).hasSizeGreaterThan(5);
        for (String target : targets) {
            RawHttp.Answer anonymous = RawHttp.get(a.url(), target);
            assertThat(anonymous.status()).as("anonymous " + target + " answered").isEqualTo(400);
            RawHttp.Answer signedIn = RawHttp.get(a.url(), target, "Cookie: " + cookie);
            assertThat(signedIn.status()).as("signed in " + target + " answered").isEqualTo(400);
        }
    }

    // ---- item 10: redirects stay on the desk ---------------------------------------------------------------------

    @Test
    @Order(3)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "Host: evil.example (and the others of adversarial/host-headers.txt) on a console page and on the sign-in, a return-address cookie naming evil.example",
            holds = "every redirect a path on the desk, before and after the sign-in")
    void theHostHeaderIsNeverReflected() throws Exception {
        for (String host : corpus("host-headers.txt")) {
            RawHttp.Answer r = RawHttp.get(a.url(), "/console/held", "Host: " + host);
            assertThat(r.status()).as(host).isIn(302, 400);
            assertThat(String.valueOf(r.header("Location"))).as(host).doesNotContain("evil.example");
        }
        RawHttp.Answer held = RawHttp.get(a.url(), "/console/held", "Host: evil.example");
        assertThat(held.status()).isEqualTo(302);
        assertThat(held.header("Location")).isEqualTo("/console/login");
        // the address to return to after the sign-in: a cookie scripts cannot read; the sign-in returns there as a path
        String back = held.all("Set-Cookie").stream().filter(s -> s.startsWith("quarkus-redirect-location=")).findFirst().orElseThrow();
        assertThat(back).containsIgnoringCase("HttpOnly");
        String form = "j_username=anna&j_password=" + URLEncoder.encode(ANNA, StandardCharsets.UTF_8);
        RawHttp.Answer signIn = RawHttp.send(a.url(), List.of("POST /j_security_check HTTP/1.1", "Host: evil.example",
                "Cookie: quarkus-redirect-location=http://evil.example/console/held", "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: " + form.length(), "Connection: close"), form.getBytes(StandardCharsets.UTF_8), 10_000);
        assertThat(signIn.status()).isEqualTo(302);
        assertThat(signIn.header("Location")).isEqualTo("/console/held");
    }

    // ---- item 6: nothing personal kept by a browser or a proxy ------------------------------------------------------

    @Test
    @Order(4)
    @Reliability(area = FaultArea.CONSOLE, value = "every console page, the CSV, the sign-in and the audit API read on the wire",
            holds = "Cache-Control: no-store on each")
    void everyPageTheCsvAndTheAuditSayNoStore() throws Exception {
        String cookie = signIn(a, "anna", ANNA, null).cookie();
        for (String path : List.of("/console", "/console/held", "/console/orders/1234", "/console/decisions", "/console/decisions.csv",
                "/console/inboxes", "/console/login")) {
            HttpResponse<String> r = get(a.url() + path, cookie);
            assertThat(r.statusCode()).as(path).isIn(200, 404);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
        HttpResponse<String> audit = HTTP.send(HttpRequest.newBuilder(URI.create(a.url() + "/audit/decisions")).header("Authorization",
                "Bearer " + AUDIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.headers().firstValue("Cache-Control")).as("audit API").hasValue("no-store");
        assertThat(signIn(a, "anna", ANNA, null).response().headers().firstValue("Cache-Control")).as("sign-in").hasValue("no-store");
    }

    // ---- item 9: cookies ---------------------------------------------------------------------------------------

    @Test
    @Order(5)
    @Reliability(area = FaultArea.CONSOLE, value = "sign-ins over HTTPS (console.base-url https; X-Forwarded-Proto: https from the trusted proxy) and over plain HTTP",
            holds = "session and return-address cookies HttpOnly, Secure over HTTPS only")
    void cookiesAreSecureOverHttpsAndHttpOnly() throws Exception {
        // desk a: console.base-url is https, so its cookies are Secure even though the test speaks plain HTTP to it
        String set = signIn(a, "anna", ANNA, null).setCookie();
        assertThat(set).startsWith("quarkus-credential=").containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
        // desk b, behind its trusted proxy: Secure when the proxy says the client came over HTTPS
        assertThat(signIn(b, "anna", ANNA, "203.0.113.20", "X-Forwarded-Proto", "https").setCookie()).containsIgnoringCase("Secure");
        assertThat(signIn(b, "anna", ANNA, "203.0.113.20").setCookie()).doesNotContainIgnoringCase("Secure");
        RawHttp.Answer anonymous = RawHttp.get(b.url(), "/console/held", "X-Forwarded-Proto: https", "X-Forwarded-For: 203.0.113.20");
        assertThat(anonymous.all("Set-Cookie")).anySatisfy(s -> assertThat(s).startsWith("quarkus-redirect-location=")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("Secure"));
    }

    // ---- item 8: sessions that end ---------------------------------------------------------------------------------

    @Test
    @Order(6)
    @Reliability(area = FaultArea.CONSOLE, value = "sign-out on one of two desks on one PostgreSQL, sign-out without or with another session's CSRF token",
            holds = "refused without the session's token; after it the old cookie opens nothing on either desk")
    void signOutEndsTheSessionOnEveryDeskAndTheTokenIsTheSessions() throws Exception {
        String cookie = signIn(b, "anna", ANNA, "203.0.113.30").cookie();
        String token = csrf(get(b.url() + "/console/held", cookie).body());
        String other = csrf(get(b.url() + "/console/held", signIn(b, "anna", ANNA, "203.0.113.30").cookie()).body());
        assertThat(other).as("every session has its own CSRF token").isNotEqualTo(token);
        assertThat(get(c.url() + "/console/held", cookie).statusCode()).as("the session is good on the other desk").isEqualTo(200);

        // another session's token, or none, does not sign out
        assertThat(post(b.url() + "/console/sign-out", cookie, "csrf=" + other).statusCode()).isEqualTo(403);
        assertThat(post(b.url() + "/console/sign-out", cookie, "").statusCode()).isEqualTo(403);
        assertThat(post(b.url() + "/console/act/orders/1/check-again", cookie, "csrf=" + other).statusCode()).as("nor act").isEqualTo(403);
        assertThat(get(b.url() + "/console/held", cookie).statusCode()).isEqualTo(200);

        // signed out on desk c: the old cookie opens nothing on desk b, nor on c
        HttpResponse<String> out = post(c.url() + "/console/sign-out", cookie, "csrf=" + token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/console/login");
        for (DeskProcess d : new DeskProcess[] { b, c }) {
            HttpResponse<String> after = get(d.url() + "/console/held", cookie);
            assertThat(after.statusCode()).as("the old cookie after sign-out").isEqualTo(302);
            assertThat(after.headers().firstValue("Location")).hasValue("/console/login");
        }
        assertThat(post(b.url() + "/console/act/orders/1/check-again", cookie, "csrf=" + token).statusCode()).isIn(302, 401, 403);
    }

    @Test
    @Order(7)
    @Reliability(area = FaultArea.CONSOLE, value = "a signed-in user removed from the users file",
            holds = "their cookie opens nothing on either desk")
    void aUserRemovedFromTheUsersFileIsSignedOutEverywhere() throws Exception {
        String cookie = signIn(b, "victor", VICTOR, "203.0.113.31").cookie();
        assertThat(get(c.url() + "/console/held", cookie).statusCode()).isEqualTo(200);
        writeUsers(false);
        try {
            for (DeskProcess d : new DeskProcess[] { b, c }) {
                assertThat(get(d.url() + "/console/held", cookie).statusCode()).as("removed user").isEqualTo(302);
            }
        } finally {
            writeUsers(true);
        }
    }

    // ---- item 4: the proxy's clients counted apart; a growing delay, never a lock; a bound overall ---------------------

    @Test
    @Order(8)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "25 sign-ins a minute from one client behind the trusted proxy",
            holds = "the client refused (429) past 20; another client behind the same proxy signs in")
    void behindTheTrustedProxyEachClientIsCountedApart() throws Exception {
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            refused += signInStatus(b, "mallory" + i, "guess", "198.51.100.7") == 429 ? 1 : 0;
        }
        assertThat(refused).as("tries beyond 20 a minute from one client").isGreaterThanOrEqualTo(5);
        assertThat(signIn(b, "anna", ANNA, "198.51.100.8").cookie()).as("another client behind the same proxy signs in").isNotEmpty();
    }

    @Test
    @Order(9)
    @Reliability(area = FaultArea.CONSOLE, value = "8 wrong passwords for a real user from 8 addresses, then the right one",
            holds = "the next try waits at most console.sign-in.max-delay; then the user signs in")
    void failuresDelayTheNextTryButNeverLockTheUserOut() throws Exception {
        // someone who knows anna's name guesses from address after address
        for (int i = 0; i < 8; i++) {
            signInStatus(c, "anna", "guess-" + i, "192.0.2." + (10 + i));
        }
        assertThat(signInStatus(c, "anna", ANNA, "203.0.113.40")).as("right after the guesses: the next try must wait")
                .isEqualTo(302);
        assertThat(c.logText()).contains("console sign-in refused for user anna from 203.0.113.40: too many failed sign-ins");
        Thread.sleep(2_500); // console.sign-in.max-delay of desks b and c: the longest any user waits
        assertThat(signIn(c, "anna", ANNA, "203.0.113.40").cookie()).as("anna is never locked out").isNotEmpty();
    }

    @Test
    @Order(10)
    @Reliability(area = FaultArea.CONSOLE, value = "sign-ins from 130 rotating addresses",
            holds = "refused (429) past console.sign-in.per-minute")
    void signInsOverallAreBoundedWhateverTheAddresses() throws Exception {
        int refused = 0;
        for (int i = 0; i < 130 && refused == 0; i++) {
            refused += signInStatus(b, "rotating" + i, "guess", "10.9." + (i / 250) + "." + (i % 250)) == 429 ? 1 : 0;
        }
        assertThat(refused).as("at most 60 sign-ins a minute from all addresses").isPositive();
    }

    // ---- item 5: a refusal takes as long for an unknown name as for a real one --------------------------------------

    @Test
    @Order(11)
    @Reliability(area = FaultArea.CONSOLE, value = "wrong passwords for a real user and for unknown names, timed",
            holds = "both refusals take bcrypt's time (medians within a factor of 3)")
    void unknownAndRealUsersAreRefusedAfterTheSameWork() throws Exception {
        List<Long> real = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        signInStatus(a, "nobody-warm-up", "x", null);
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            assertThat(signInStatus(a, "anna", "wrong-" + i, null)).isEqualTo(302);
            real.add(System.nanoTime() - t0);
            signIn(a, "anna", ANNA, null); // a sign-in clears anna's failures: no delay builds up
            t0 = System.nanoTime();
            assertThat(signInStatus(a, "nobody-" + UUID.randomUUID(), "wrong-" + i, null)).isEqualTo(302);
            unknown.add(System.nanoTime() - t0);
        }
        // both run bcrypt: the medians are of one size (they were 10-75 ms against 200-310 ms before)
        assertThat(median(unknown)).as("unknown %s ms, real %s ms", millis(unknown), millis(real)).isGreaterThan(median(real) / 3);
    }

    // ---- item 1: the sign-in cannot fill the heap; out of memory, the desk exits ------------------------------------

    @Test
    @Order(12)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "a 900 kB sign-in, a chunked one, a 3,000-character name, 60 sign-ins of 64-character names with a new X-Forwarded-For each",
            holds = "413, 411, refused before use and never logged whole, 429 past the address's bound; the desk stays live and exits if ever out of memory")
    void aFloodOfHugeSignInsIsRefusedBeforeItIsRead() throws Exception {
        int length = 900_000;
        RawHttp.Answer huge = RawHttp.send(a.url(), List.of("POST /j_security_check HTTP/1.1", "Host: localhost",
                "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + (length + 24), "Connection: close"), null, 10_000);
        assertThat(huge.status()).as("a 900 kB sign-in").isEqualTo(413);
        RawHttp.Answer chunked = RawHttp.send(a.url(), List.of("POST /j_security_check HTTP/1.1", "Host: localhost",
                "Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked", "Connection: close"),
                "5\r\nj_use\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 10_000);
        assertThat(chunked.status()).as("a sign-in without a length").isEqualTo(411);
        // a name of 3,000 characters (under the body limit) is refused before any use, and never logged whole
        String name = "n".repeat(3_000);
        assertThat(signInStatus(a, name, "x", null)).isEqualTo(302);
        assertThat(a.logText()).contains("not a user name").doesNotContain("n".repeat(100));
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            // the attacker names a new address each time: desk a trusts no proxy, so it counts the peer's address
            refused += signInStatus(a, "n".repeat(64 - String.valueOf(i).length()) + i, "x", "10.0.0." + i) == 429 ? 1 : 0;
        }
        assertThat(refused).as("one address, beyond 40 tries a minute, whatever X-Forwarded-For says").isPositive();
        assertThat(get(a.managementUrl() + "/q/health/live", null).statusCode()).isEqualTo(200);
        assertThat(a.logText()).as("launched as the README says").contains("out of memory, the desk exits");
        assertThat(a.logText()).as("the session key Quarkus made is never logged").contains("using temporary key (hidden)")
                .doesNotContainPattern("temporary key (?!\\(hidden\\))");
    }

    // ---- found by a hostile tester after the first round ----------------------------------------------------------

    @Test
    @Order(13)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "sign-ins posted to other paths Quarkus takes (/x/j_security_check, //j_security_check,"
            + " /%6a_security_check), as text/plain, and a request without a Host (HTTP/1.0)",
            holds = "404, 415 and 400 at once: no sign-in passes by the gate's bounds, no request is left unanswered")
    void noSignInPassesByTheGateAndEveryRequestIsAnswered() throws Exception {
        for (String path : List.of("/x/j_security_check", "/console/j_security_check", "//j_security_check", "/%6a_security_check",
                "/console/../j_security_check")) {
            RawHttp.Answer r = RawHttp.send(a.url(), List.of("POST " + path + " HTTP/1.1", "Host: localhost",
                    "Content-Type: application/x-www-form-urlencoded", "Content-Length: 40", "Connection: close"),
                    "j_username=anna&j_password=anna-Op3rato".getBytes(StandardCharsets.US_ASCII), 10_000);
            // 404 for the paths Quarkus would also take; the ones that normalise to /j_security_check meet the gate (429 here:
            // this address spent its sign-ins of the minute above)
            assertThat(r.status()).as(path).isIn(400, 404, 429);
            assertThat(r.all("Set-Cookie")).as(path).noneMatch(c -> c.startsWith("quarkus-credential=") && !c.startsWith("quarkus-credential=;"));
        }
        String form = "j_username=anna&j_password=" + ANNA;
        RawHttp.Answer plain = RawHttp.send(a.url(), List.of("POST /j_security_check HTTP/1.1", "Host: localhost", "Content-Type: text/plain",
                "Content-Length: " + form.length(), "Connection: close"), form.getBytes(StandardCharsets.UTF_8), 10_000);
        assertThat(plain.status()).as("a sign-in that is not a form").isEqualTo(415);
        for (String path : List.of("/console/held", "/console", "/console/decisions.csv", "/tevo/webhooks")) {
            RawHttp.Answer old = RawHttp.send(a.url(), List.of("GET " + path + " HTTP/1.0"), null, 10_000);
            assertThat(old.status()).as("HTTP/1.0 without Host: " + path).isEqualTo(400);
        }
    }

    @Test
    @Order(14)
    @Reliability(area = FaultArea.HTTP_INPUT, value = "24 unfinished 1 MB webhook posts held open at once (a wrong secret), and a body"
            + " dripped past http.request-timeout", holds = "past http.max-large-bodies (16) refused 503 at once; the desk stays live;"
                    + " the dripped request answered 503 and its connection closed")
    void unfinishedUploadsCannotFillTheMemory() throws Exception {
        List<java.net.Socket> held = new ArrayList<>();
        int busy = 0;
        try {
            for (int i = 0; i < 24; i++) {
                java.net.Socket s = new java.net.Socket("localhost", URI.create(a.url()).getPort());
                s.setSoTimeout(300);
                held.add(s);
                var out = s.getOutputStream();
                out.write(("POST /tevo/webhooks?secret=nope HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                // a form as TEvo posts it (body=...), of which 100 kB come and the rest never does
                out.write(("body=" + "a".repeat(99_995)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    byte[] head = new byte[12];
                    int n = s.getInputStream().read(head);
                    busy += n > 0 && new String(head, 0, n, StandardCharsets.US_ASCII).contains(" 503") ? 1 : 0;
                } catch (java.net.SocketTimeoutException e) {
                    // held open, as an attacker holds it
                }
            }
            assertThat(busy).as("uploads beyond http.max-large-bodies refused at once").isGreaterThanOrEqualTo(24 - 16);
            assertThat(get(a.managementUrl() + "/q/health/live", null).statusCode()).isEqualTo(200);
            assertThat(get(a.url() + "/console/login", null).statusCode()).as("small requests still answered").isEqualTo(200);
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
        // a body dripped slower than the desk waits: answered 503 at http.request-timeout (8 s here), then closed
        try (java.net.Socket s = new java.net.Socket("localhost", URI.create(a.url()).getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST /tevo/webhooks?secret=nope HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 1000\r\n\r\nsecret=ab").getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes(); // returns when the desk closes the connection
            assertThat(new String(all, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 503");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(RawHttp.send(a.url(), List.of(
                "POST /tevo/webhooks HTTP/1.1", "Host: localhost", "Content-Type: application/x-www-form-urlencoded", "Content-Length: 200000",
                "Connection: close"), ("body=" + "a".repeat(199_995)).getBytes(StandardCharsets.US_ASCII), 10_000).status())
                .as("the large-body places are given back").isNotEqualTo(503));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    record SignedIn(HttpResponse<String> response, String cookie, String setCookie) {
    }

    /** Signs in (the proxy's client address when given, and more headers); fails unless a session cookie came back. */
    static SignedIn signIn(DeskProcess desk, String user, String password, String client, String... headers) throws Exception {
        HttpResponse<String> r = HTTP.send(signInRequest(desk, user, password, client, headers), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("sign-in of " + user).isEqualTo(302);
        String set = r.headers().allValues("Set-Cookie").stream().filter(s -> s.startsWith("quarkus-credential=") && !s.startsWith(
                "quarkus-credential=;")).findFirst().orElseThrow(() -> new AssertionError("no session for " + user + ": " + r.headers()));
        return new SignedIn(r, set.substring(0, set.indexOf(';')), set);
    }

    static int signInStatus(DeskProcess desk, String user, String password, String client) throws Exception {
        return HTTP.send(signInRequest(desk, user, password, client), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpRequest signInRequest(DeskProcess desk, String user, String password, String client, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(desk.url() + "/j_security_check")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("j_username=" + URLEncoder.encode(user,
                        StandardCharsets.UTF_8) + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)));
        if (client != null) {
            r.header("X-Forwarded-For", client);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return r.build();
    }

    static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String cookie, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("the page carries the session's CSRF token").isTrue();
        return m.group(1);
    }

    /** The lines of a file of src/test/resources/adversarial/, without comments and blank lines. */
    static List<String> corpus(String file) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/adversarial", file)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static List<Long> millis(List<Long> nanos) {
        return nanos.stream().map(n -> n / 1_000_000).toList();
    }
}
