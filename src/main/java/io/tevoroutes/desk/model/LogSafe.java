package io.tevoroutes.desk.model;

/**
 * Text from outside (TEvo's strings, file names, POS values) as it may be written to a log line or an email: control
 * characters escaped (a newline in a TicketID cannot forge a log line) and the length capped (a 2 MB event name makes
 * neither a 2 MB email nor a 100 KB log line).
 */
public final class LogSafe {

    /** The longest piece of outside text the desk quotes. */
    public static final int MAX = 300;

    private LogSafe() {
    }

    /** Control characters escaped (\n, \r, \t, \\u0000 ...), capped at {@link #MAX} characters. */
    public static String text(Object value) {
        return quote(value, MAX);
    }

    /** Control characters escaped, capped at max characters ("... (N more characters)" after the cut). */
    public static String quote(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        int i = 0;
        for (; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (i < s.length()) {
            b.append("... (").append(s.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    /** True when the text has a character {@link #text} would escape. */
    public static boolean hasControl(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                return true;
            }
        }
        return false;
    }
}
