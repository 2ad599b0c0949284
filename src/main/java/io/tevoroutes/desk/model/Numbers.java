package io.tevoroutes.desk.model;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one reading of the numbers the desk takes from outside: prices, totals and costs from TEvo and the inventory
 * (amounts), and quantities (whole numbers). Ids are {@link StrictId}'s. A number is refused, never guessed or
 * computed on, when it is not written with ASCII digits (an optional minus, digits, optionally a point and digits,
 * optionally an exponent of one or two digits), is longer than {@value #MAX_TEXT} characters, has {@value #MAX_WHOLE}
 * or more digits before the point (10^9 or more), more than {@value #MAX_DECIMALS} decimals once trailing zeros are
 * dropped, or is a minus zero. A quantity must also be whole and at most {@value #MAX_QUANTITY} either way. Signs are
 * left to the caller (a negative price holds an order with its own reason), except in {@link #money} and
 * {@link #quantity}, which refuse them. A refusal is a {@link Refused} (a NumberFormatException) whose message says why,
 * the value quoted and capped: "1E+1000000" costs nothing to refuse, and no BigDecimal of a million digits is ever made.
 */
public final class Numbers {

    public static final int MAX_TEXT = 20;
    public static final int MAX_WHOLE = 9;
    public static final int MAX_DECIMALS = 6;
    public static final int MAX_QUANTITY = 100_000;

    private Numbers() {
    }

    /** A number the desk does not read; the message says why. */
    public static final class Refused extends NumberFormatException {
        private static final long serialVersionUID = 1L;

        Refused(String text, String why) {
            super("'" + LogSafe.quote(text, 30) + "' " + why);
        }

        /** No stack trace: a refusal is an answer, not a fault, and a feed of them should cost little. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** An amount (a price, a total, a cost): bounded as above, either sign. */
    public static BigDecimal decimal(String text) {
        if (text == null) {
            throw new Refused("null", "is not a number");
        }
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new Refused(text, text.isEmpty() ? "is not a number" : "is longer than " + MAX_TEXT + " characters");
        }
        String why = plain(text);
        if (why != null) {
            throw new Refused(text, why);
        }
        BigDecimal v = new BigDecimal(text); // at most 20 characters and an exponent of two digits: cheap
        return bounded(v, text);
    }

    /** An amount already made (a SQL numeric column, a JSON number): bounded as {@link #decimal(String)}. */
    public static BigDecimal decimal(BigDecimal v) {
        if (v == null) {
            throw new Refused("null", "is not a number");
        }
        // precision and scale only: a value like 1E+1000000 is refused without being written out
        return bounded(v, v.precision() > MAX_TEXT ? "a number of " + v.precision() + " digits" : v.toString());
    }

    /** An amount of money: as {@link #decimal(String)}, and not negative. */
    public static BigDecimal money(String text) {
        if (text != null && text.startsWith("-")) {
            throw new Refused(text, "is negative");
        }
        return decimal(text);
    }

    /** A whole number of tickets: at most {@value #MAX_QUANTITY} either way (2.0 is 2). */
    public static int whole(String text) {
        BigDecimal v = decimal(text);
        return whole(v, text);
    }

    /** A whole number of tickets already made (a SQL column): as {@link #whole(String)}. */
    public static int whole(BigDecimal value) {
        BigDecimal v = decimal(value);
        return whole(v, value.toString());
    }

    /** A quantity: whole, from 0 to {@value #MAX_QUANTITY}. */
    public static int quantity(String text) {
        if (text != null && text.startsWith("-")) {
            throw new Refused(text, "is negative");
        }
        return whole(text);
    }

    private static int whole(BigDecimal v, String text) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > 0) {
            throw new Refused(text, "is not a whole number");
        }
        if (s.abs().compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
            throw new Refused(text, "is more than " + MAX_QUANTITY);
        }
        return s.intValue();
    }

    private static BigDecimal bounded(BigDecimal v, String text) {
        if (v.signum() == 0) {
            if (text.startsWith("-")) {
                throw new Refused(text, "is a minus zero");
            }
            return v.scale() < 0 || v.scale() > MAX_DECIMALS ? BigDecimal.ZERO : v;
        }
        if (v.precision() - v.scale() > MAX_WHOLE) {
            throw new Refused(text, "is 10^" + MAX_WHOLE + " or more");
        }
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > MAX_DECIMALS) {
            throw new Refused(text, "has more than " + MAX_DECIMALS + " decimals");
        }
        // 1.2E+2 as 120; 12.50 stays 12.50 (as written, so emails show it as TEvo and the inventory wrote it)
        return v.scale() < 0 ? s.setScale(Math.max(0, s.scale())) : v.scale() > MAX_DECIMALS ? s : v;
    }

    /** ASCII only: -?digits(.digits)?([eE][+-]?d{1,2})?; null when it is, else why not. */
    private static String plain(String t) {
        String notDigits = "is not a number written with digits (like 120 or 120.50)";
        int i = 0;
        int n = t.length();
        if (t.charAt(0) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return notDigits;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            int decimals = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                decimals++;
            }
            if (decimals == 0) {
                return notDigits;
            }
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                exp++;
            }
            if (exp > 2 && i == n) {
                return "has an exponent of more than two digits";
            }
            if (exp == 0 || exp > 2) {
                return notDigits;
            }
        }
        return i == n ? null : notDigits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The text of a JSON value as TEvo wrote it: a number or a string; null for null or absent; refused otherwise. */
    static String text(JsonNode n, String field) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber() || n.isTextual()) {
            // a number node's text: 190.1, 1.0E7, 1E+1000000 (a DecimalNode), Infinity (a double that overflowed)
            return n.asText();
        }
        throw new Refused(n.isContainerNode() ? (n.isObject() ? "a JSON object" : "a list") : n.asText(), "is not a number");
    }

    /** An amount of money in a JSON field (a string or a number); null when null or absent. */
    public static BigDecimal money(JsonNode n) {
        String t = text(n, null);
        return t == null ? null : money(t);
    }

    /** A quantity in a JSON field (a string or a number); null when null or absent. */
    public static Integer quantity(JsonNode n) {
        String t = text(n, null);
        return t == null ? null : quantity(t);
    }

    /**
     * JSON from outside read into a tree with its decimals as written (BigDecimal, not double): a double would turn
     * 1e-1000000 into 0.0 and 1.0000000000000000000001 into 1.0 before Numbers could see them.
     */
    public static JsonNode tree(com.fasterxml.jackson.databind.ObjectMapper mapper, String json)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        return mapper.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
    }

    /** A Jackson reader of one kind of number: the token as written, through the bounded reading; null stays null. */
    abstract static class Reading<T> extends StdDeserializer<T> {
        Reading(Class<T> type) {
            super(type);
        }

        abstract T read(String text);

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = tokenText(p);
            try {
                return read(text);
            } catch (Refused e) {
                throw refused(p, e);
            }
        }

        @Override
        public T getNullValue(DeserializationContext ctx) {
            return null;
        }
    }

    /** Jackson: an amount (an order's total, an item's price), either sign; a refused one fails the order's reading. */
    @RegisterForReflection
    public static class Decimal extends Reading<BigDecimal> {
        public Decimal() {
            super(BigDecimal.class);
        }

        @Override
        BigDecimal read(String text) {
            return decimal(text);
        }
    }

    /** Jackson: an amount of money that is never negative (an order's total). */
    @RegisterForReflection
    public static class Money extends Reading<BigDecimal> {
        public Money() {
            super(BigDecimal.class);
        }

        @Override
        BigDecimal read(String text) {
            return money(text);
        }
    }

    /** Jackson: a quantity of tickets, whole, either sign (a negative one is held by the desk's checks, named). */
    @RegisterForReflection
    public static class Whole extends Reading<Integer> {
        public Whole() {
            super(Integer.class);
        }

        @Override
        Integer read(String text) {
            return whole(text);
        }
    }

    /** The refusal as Jackson's error, with the refusal as its cause (OrderParser names the field from it). */
    private static com.fasterxml.jackson.databind.JsonMappingException refused(JsonParser p, Refused e) {
        return com.fasterxml.jackson.databind.JsonMappingException.from(p, e.getMessage(), e);
    }

    /** The token as written: a JSON number's own text (1E+1000000 stays text, never parsed into a value), or a string. */
    private static String tokenText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return t == JsonToken.START_OBJECT ? "a JSON object" : "a list";
        }
        return p.getText();
    }
}
