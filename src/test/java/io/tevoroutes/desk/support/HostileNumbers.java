package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The corpus of hostile numbers (src/test/resources/adversarial/hostile-numbers.txt), as strings and, for the ones
 * JSON can write as a number, also as JSON numbers (1E+1000000 is a valid JSON number): what TEvo could send in a price,
 * a total, a cost or a quantity.
 */
public final class HostileNumbers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HostileNumbers() {
    }

    /** Every value of the corpus, as text. */
    public static List<String> texts() {
        try (InputStream in = HostileNumbers.class.getResourceAsStream("/adversarial/hostile-numbers.txt")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(MAPPER.readValue(line, String.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every value as a JSON string, then those JSON can write as a number as JSON numbers too. */
    public static List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String t : texts()) {
            out.add(TextNode.valueOf(t));
        }
        for (String t : texts()) {
            // a JSON number -0 is 0 in a Jackson tree (the sign is gone before the desk sees it): as a string only
            if (t.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?") && !t.matches("-0(\\.0*)?")) {
                out.add(t.matches("-?\\d+") ? BigIntegerNode.valueOf(new java.math.BigInteger(t)) : DecimalNode.valueOf(new BigDecimal(t)));
            }
        }
        return out;
    }
}
