package io.tevoroutes.desk.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How often sign-ins may be tried, so that guessing passwords is slow and nobody can lock a person out for long:
 * <ul>
 * <li>per user name: the first console.sign-in.free-failures failures cost nothing; after that each next try must wait,
 * 1 s after the next failure, doubling at each, at most console.sign-in.max-delay (a growing delay, never a hard lock).
 * Failures are forgotten console.sign-in.forget-after after the last one, and at a successful sign-in;</li>
 * <li>per client address (the proxy's client, when quarkus.http.proxy.* trusts the proxy): at most
 * console.sign-in.per-address-per-minute tries a minute;</li>
 * <li>overall: at most console.sign-in.per-minute tries a minute, whoever sends them (many addresses at once).</li>
 * </ul>
 * Every record is bounded: at most {@value #MAX_KEYS} names and as many addresses are remembered (the oldest forgotten
 * first), and a name is only remembered when it is a valid user name (at most 64 characters).
 */
@ApplicationScoped
public class SignInLimits {

    static final int MAX_KEYS = 10_000;

    @ConfigProperty(name = "console.sign-in.free-failures", defaultValue = "3")
    int freeFailures;

    @ConfigProperty(name = "console.sign-in.max-delay", defaultValue = "1m")
    Duration maxDelay;

    @ConfigProperty(name = "console.sign-in.forget-after", defaultValue = "15m")
    Duration forgetAfter;

    @ConfigProperty(name = "console.sign-in.per-address-per-minute", defaultValue = "20")
    int perAddress;

    @ConfigProperty(name = "console.sign-in.per-minute", defaultValue = "120")
    int overall;

    /** A user name's failures: how many, the last one, and when the next try is allowed. */
    private record Failures(int count, long lastMillis, long nextMillis) {
    }

    /** Tries in the current minute. */
    private record Window(long minute, int count) {
    }

    private final Map<String, Failures> failures = bounded();
    private final Map<String, Window> addresses = bounded();
    private Window all = new Window(0, 0);

    /** How long this user name must wait before its next try (zero: it may try now). */
    public synchronized Duration waitFor(String name, long now) {
        Failures f = current(name, now);
        return f == null || f.nextMillis() <= now ? Duration.ZERO : Duration.ofMillis(f.nextMillis() - now);
    }

    /** A failed try: the number of failures now, the next try delayed when past the free ones. */
    public synchronized int failed(String name, long now) {
        Failures f = current(name, now);
        int count = f == null ? 1 : f.count() + 1;
        long delay = count <= freeFailures ? 0 : Math.min(maxDelay.toMillis(), 1000L << Math.min(30, count - freeFailures - 1));
        failures.put(name, new Failures(count, now, now + delay));
        return count;
    }

    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    /** A try from this address: zero when allowed (and counted), or how long until the next minute otherwise. */
    public synchronized Duration tryFrom(String address, long now) {
        long minute = now / 60_000;
        Duration untilNextMinute = Duration.ofMillis((minute + 1) * 60_000 - now);
        if (all.minute() != minute) {
            all = new Window(minute, 0);
        }
        Window w = addresses.get(address);
        if (w == null || w.minute() != minute) {
            w = new Window(minute, 0);
        }
        if (all.count() >= overall || w.count() >= perAddress) {
            return untilNextMinute;
        }
        all = new Window(minute, all.count() + 1);
        addresses.put(address, new Window(minute, w.count() + 1));
        return Duration.ZERO;
    }

    private Failures current(String name, long now) {
        Failures f = failures.get(name);
        if (f != null && now - f.lastMillis() > forgetAfter.toMillis()) {
            failures.remove(name);
            return null;
        }
        return f;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }
}
