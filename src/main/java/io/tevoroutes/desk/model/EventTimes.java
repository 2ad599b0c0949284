package io.tevoroutes.desk.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** TEvo's event times (occurs_at: the venue's local time, often written with a Z) read as instants. */
public final class EventTimes {

    private EventTimes() {
    }

    /** occurs_at as an instant: with its offset when it has one, else read as UTC; null when it is not a date. */
    public static Instant instant(String occursAt) {
        if (occursAt == null || occursAt.isBlank() || occursAt.length() > 64) {
            return null;
        }
        String s = occursAt.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
