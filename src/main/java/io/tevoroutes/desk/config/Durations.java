package io.tevoroutes.desk.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * The desk's duration settings, read as text and parsed here, so that a bad one (INVENTORY_OUTAGE_ALERT_AFTER=soon)
 * is named with its value and variable in the one line {@link StartupCheck} prints, with every other bad setting,
 * instead of stopping the start with the framework's message about the first one.
 */
public final class Durations {

    /** Every setting read through here: StartupCheck checks them all before anything starts. */
    public static final java.util.List<String> KEYS = java.util.List.of("tevo.api.unreachable-alert-after",
            "tevo.api.retry.initial-delay", "tevo.api.retry.max-delay", "inventory.outage.alert-after", "etickets.inbox.max-backoff",
            "etickets.inbox.alert-after", "etickets.delivery.retry.initial-delay", "state.outage.alert-after", "state.claims.lease",
            "notify.outbox.retry-delay", "notify.outbox.max-delay", "notify.outbox.give-up-after", "notify.outbox.lease");

    private Durations() {
    }

    /** 30s, 5m, 1h, 7d, 500ms, a number of seconds, or ISO-8601 (PT5M); never negative. */
    public static Duration parse(String key, String value) {
        Duration d = tryParse(value);
        if (d == null) {
            throw new IllegalArgumentException(key + "=" + value + " is not a duration (30s, 5m, 1h)");
        }
        return d;
    }

    /** The duration, or null when the text is not one. */
    public static Duration tryParse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = DurationConverter.parseDuration(value.trim());
            return d == null || d.isNegative() ? null : d;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
