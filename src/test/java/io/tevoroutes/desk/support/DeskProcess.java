package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged desk (target/quarkus-app/quarkus-run.jar) as an operating-system process of its own, the way it runs in
 * production: production profile, started from the project root (so it reads routes/ and config/application.properties
 * there), with the test's settings as system properties (they win over every other source). Its console goes to a
 * log file under target/it-logs/, which the tests read and check for secrets. {@link #kill9()} is a real SIGKILL: no
 * shutdown hook, no graceful anything.
 */
public final class DeskProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    public static final Path LOGS = Path.of("target/it-logs");
    /** A settings key starting with this is an environment variable of the process: "env:TEVO_DRY_RUN". */
    public static final String ENV = "env:";

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private DeskProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * What every packaged desk of the process tests starts from: the test's TEvo (signed with its token and secret) and
     * the servers' addresses, a poll every second, the CSV inventory root/inventory.csv, the inbox root/inbox read
     * often, the e-ticket sweep off. Each test adds or changes what its story needs.
     */
    public static Map<String, String> settings(Map<String, String> servers, Path root) {
        Map<String, String> c = new java.util.LinkedHashMap<>(servers);
        c.put("tevo.api.token", TevoApiResource.TOKEN);
        c.put("tevo.api.secret", TevoApiResource.SECRET);
        c.put("tevo.reviewer-id", "4242");
        c.put("tevo.poll.period", "1s");
        c.put("tevo.poll.initial-delay", "500ms");
        c.put("notify.mail.to", "desk@broker.example");
        c.put("notify.outbox.check-period", "1s");
        c.put("inventory.csv.path", root.resolve("inventory.csv").toString());
        c.put("etickets.inbox.uri", "file:" + root.resolve("inbox"));
        c.put("etickets.inbox.poll-delay", "200");
        c.put("etickets.inbox.min-age", "300");
        c.put("etickets.sweep.period", "1h");
        return c;
    }

    /** Start a desk and wait until it is live (at most 90 s); fails with the end of its log if it dies first. */
    public static DeskProcess start(String name, Map<String, String> config) {
        DeskProcess desk = launch(name, config);
        desk.awaitLive(Duration.ofSeconds(90));
        return desk;
    }

    /** A desk expected to stop by itself (a start refused): its exit code, or -1 if it still ran after max. */
    public static int runToExit(String name, Map<String, String> config, Duration max) {
        DeskProcess desk = launch(name, config);
        boolean exited = desk.waitFor(max);
        desk.close();
        return exited ? desk.process.exitValue() : -1;
    }

    /** The native executable when the tests run with -Dnative (the failsafe plugin passes both properties). */
    static Path nativeBinary() {
        String path = System.getProperty("native.image.path");
        return Boolean.getBoolean("quarkus.native.enabled") && path != null ? Path.of(path) : null;
    }

    private static DeskProcess launch(String name, Map<String, String> config) {
        Path binary = nativeBinary();
        Path app = binary != null ? binary : JAR;
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(app + " is missing: the packaged-app tests run after 'package' (./mvnw verify)");
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        if (binary != null) {
            command.add(binary.toAbsolutePath().toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        // as the README, the systemd unit and the images launch it: out of memory, it exits
        command.add("-Xmx256m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        // "env:NAME" entries are set as environment variables, as systemd and Kubernetes set them; the rest as -Dkey=value
        config.forEach((k, v) -> {
            if (!k.startsWith(ENV)) {
                command.add("-D" + k + "=" + v);
            }
        });
        if (binary == null) {
            command.add("-jar");
            command.add(JAR.toString());
        }
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            config.forEach((k, v) -> {
                if (k.startsWith(ENV)) {
                    builder.environment().put(k.substring(ENV.length()), v);
                }
            });
            Process process = builder.start();
            return new DeskProcess(name, process, port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitLive(Duration max) {
        Instant until = Instant.now().plus(max);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("desk " + name + " exited with " + process.exitValue() + " before it was live:\n" + tail(40));
            }
            if (status("/q/health/live") == 200) {
                return;
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("desk " + name + " was not live after " + max + ":\n" + tail(40));
    }

    /** The public port: webhooks, console, audit. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** The management port: health and metrics (/q/...). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** A path's address: /q/... on the management port, everything else on the public one. */
    public String url(String path) {
        return (path.startsWith("/q/") ? managementUrl() : url()) + path;
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The desk's process id (a tool attaching to its JVM, as JConsole or Hawtio would). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as kill -9 does: the desk gets no chance to finish anything. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, as systemd or Kubernetes stop it: returns the exit code, or -1 when it did not exit in time. */
    public int stop(Duration max) {
        process.destroy();
        return waitFor(max) ? process.exitValue() : -1;
    }

    private boolean waitFor(Duration max) {
        try {
            return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** HTTP status of a GET on the desk; 0 when it does not answer. */
    public int status(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url(path)).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return 0;
        }
    }

    /** The body of a GET with a bearer token (the audit API). */
    public String get(String path, String bearer) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url(path)).toURL().openConnection();
            c.setRequestProperty("Authorization", "Bearer " + bearer);
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (var in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
