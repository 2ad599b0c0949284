package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The reliability report, written by the test run itself ({@code docs/reliability.md}): every {@link Reliability} test, under
 * the row of the matrix it covers, what it did, what it checked and whether it held. Nothing in it is written by hand.
 *
 * <p>
 * As a JUnit extension it appends one line per finished {@link Reliability} test to a file of this test JVM (Quarkus loads
 * test classes, and so this extension, in class loaders of their own: a file is what they all share). When the JVM's
 * test session ends, {@link Session} merges those lines into the report: tests of this run replace their earlier
 * outcome, the others keep theirs (a run of one test class does not empty the report), and tests that no longer
 * exist are dropped.
 */
public class ReliabilityReport implements TestWatcher {

    static final Path ROWS = Path.of("target/reliability");
    static final Path REPORT = Path.of("docs/reliability.md");
    static final String PACKAGE = "io.tevoroutes.desk.";

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "held");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String why = String.valueOf(cause.getMessage()).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        record(context, "**FAILED**: " + why.replace('|', '/').replace('\t', ' '));
    }

    private static void record(ExtensionContext context, String outcome) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty() || method.get().getAnnotation(Reliability.class) == null) {
            return;
        }
        String row = context.getRequiredTestClass().getSimpleName() + "." + method.get().getName() + "\t" + outcome + " ("
                + LocalDate.now() + ")\n";
        try {
            Files.createDirectories(ROWS);
            Files.writeString(rowsOfThisJvm(), row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path rowsOfThisJvm() {
        return ROWS.resolve("rows-" + ProcessHandle.current().pid() + ".tsv");
    }

    /** Ends the test session of one JVM (surefire's, failsafe's): merges its rows into the report. */
    public static class Session implements org.junit.platform.launcher.LauncherSessionListener {

        @Override
        public void launcherSessionOpened(org.junit.platform.launcher.LauncherSession session) {
            try {
                Files.deleteIfExists(rowsOfThisJvm());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void launcherSessionClosed(org.junit.platform.launcher.LauncherSession session) {
            Path rows = rowsOfThisJvm();
            if (!Files.exists(rows) || !Files.isDirectory(REPORT.getParent())) {
                return;
            }
            try {
                Map<String, String> outcomes = new TreeMap<>(outcomes(REPORT));
                Map<String, String> thisRun = new TreeMap<>();
                for (String line : Files.readAllLines(rows, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", 2);
                    // a test that ran more than once (parameterized) failed if any of its runs failed
                    if (f.length == 2 && !thisRun.getOrDefault(f[0], "").contains("FAILED")) {
                        thisRun.put(f[0], f[1]);
                    }
                }
                outcomes.putAll(thisRun);
                Files.writeString(REPORT, render(outcomes), StandardCharsets.UTF_8);
                Files.delete(rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Pattern ROW = Pattern.compile("^\\|.*\\| `(\\w+\\.\\w+)` \\| (.+) \\|\\s*$");

    /** The outcomes in an existing report, by test. */
    static Map<String, String> outcomes(Path report) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(report)) {
            for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    out.put(m.group(1), m.group(2));
                }
            }
        }
        return out;
    }

    record Entry(String test, Reliability fault, String outcome) {
    }

    static String render(Map<String, String> outcomes) {
        Map<FaultArea, List<Entry>> byArea = new EnumMap<>(FaultArea.class);
        for (Map.Entry<String, String> e : outcomes.entrySet()) {
            Reliability fault = faultOf(e.getKey());
            if (fault != null) { // a test that no longer exists (or no longer injects a fault) leaves the report
                byArea.computeIfAbsent(fault.area(), a -> new ArrayList<>()).add(new Entry(e.getKey(), fault, e.getValue()));
            }
        }
        long tests = byArea.values().stream().mapToLong(List::size).sum();
        long failed = byArea.values().stream().flatMap(List::stream).filter(x -> x.outcome().contains("FAILED")).count();
        StringBuilder md = new StringBuilder("""
                # Reliability report

                Written by the test run (`./mvnw verify`), not by hand: every test that injects a fault or feeds bad input,
                under the row of the reliability matrix it covers, what it did, what it checked and the outcome of the last run
                that ran it (`src/test/java/io/tevoroutes/desk/support/ReliabilityReport.java`). Real parts: WireMock as TEvo
                (every signature checked), GreenMail (SMTP), Apache MINA SSHD (SFTP), H2 and an embedded PostgreSQL 16; `*IT`
                tests run the packaged jar as a process of its own. Test classes `OrderDeskTest` and `OrderDeskOnPostgresTest`
                run the same scenarios, on a CSV inventory with H2 and on a SQL inventory with PostgreSQL.

                """);
        md.append("**").append(tests).append(" tests, ").append(failed == 0 ? "all held" : failed + " FAILED").append(".**\n");
        FaultArea.Section section = null;
        for (FaultArea area : FaultArea.values()) {
            if (area.section != section) {
                section = area.section;
                md.append("\n## ").append(section.title).append('\n');
            }
            md.append("\n### ").append(area.title).append("\n\nMust hold: ").append(area.mustHold).append("\n\n");
            List<Entry> entries = byArea.getOrDefault(area, List.of());
            if (entries.isEmpty()) {
                md.append("(no test yet)\n");
                continue;
            }
            md.append("| what the test does | what it checks | test | outcome |\n|---|---|---|---|\n");
            entries.stream().sorted(Comparator.comparing(Entry::test)).forEach(x -> md.append("| ").append(cell(x.fault().value()))
                    .append(" | ").append(cell(x.fault().holds())).append(" | `").append(x.test()).append("` | ").append(x.outcome())
                    .append(" |\n"));
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace('|', '/').replace('\n', ' ');
    }

    /** The {@link Reliability} of a test "SimpleClass.method" of this package, looked up in the class and its superclasses. */
    static Reliability faultOf(String test) {
        int dot = test.indexOf('.');
        try {
            for (Class<?> c = Class.forName(PACKAGE + test.substring(0, dot)); c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(test.substring(dot + 1)) && m.getAnnotation(Reliability.class) != null) {
                        return m.getAnnotation(Reliability.class);
                    }
                }
            }
        } catch (ClassNotFoundException e) {
            return null;
        }
        return null;
    }
}
