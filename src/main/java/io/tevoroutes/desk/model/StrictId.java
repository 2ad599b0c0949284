package io.tevoroutes.desk.model;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * TEvo's ids, read strictly: a whole JSON number, or a string of digits (older payloads), from 1 to 18 digits. Anything
 * else (6300.5, "abc", "12 34", -5, true, an object) is refused: a truncated or guessed id would accept, deliver to or
 * reject another order. An order whose id is refused is held and a person is emailed.
 */
@RegisterForReflection
public class StrictId extends StdDeserializer<Long> {

    public StrictId() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING ? p.getText() : null;
        Long id = parse(text);
        if (id == null) {
            String shown = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? "a " + (t == JsonToken.START_OBJECT ? "JSON object" : "list")
                    : p.getText();
            throw ctx.weirdStringException(shown, Long.class, "not a whole number id (" + LogSafe.quote(shown, 40) + ")");
        }
        return id;
    }

    /** The id in a JSON node, or null when there is none or it is not a valid id. */
    public static Long of(JsonNode node) {
        if (node == null || node.isNull() || !(node.isIntegralNumber() || node.isTextual())) {
            return null;
        }
        return parse(node.asText());
    }

    /** Digits only (1 to 18), above 0; null otherwise. */
    public static Long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        long id = Long.parseLong(text);
        return id > 0 ? id : null;
    }
}
