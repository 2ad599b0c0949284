package io.tevoroutes.desk.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every way a secret can sit in bytes someone else reads (an OTLP export, protobuf or gRPC): as it is, URL-encoded
 * (form and percent-encoding of every byte), JSON-escaped, hex (both cases), and base64, standard and URL-safe, at
 * each of the three byte offsets it can start at inside a longer encoded value (only the characters that depend on
 * the secret alone are searched, so a secret in the middle of a base64 blob is found too).
 */
public final class SecretForms {

    private SecretForms() {
    }

    /** The forms of one secret, by name ("base64url at offset 2"), as bytes to search for. */
    public static Map<String, byte[]> of(String secret) {
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("plain", plain);
        forms.put("URL-encoded", utf8(URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        StringBuilder everyByte = new StringBuilder();
        for (byte b : plain) {
            everyByte.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        forms.put("percent-encoded, every byte", utf8(everyByte.toString()));
        forms.put("percent-encoded, every byte, lower case", utf8(everyByte.toString().toLowerCase(java.util.Locale.ROOT)));
        forms.put("JSON-escaped", utf8(jsonEscaped(secret, false)));
        forms.put("JSON-escaped, every character", utf8(jsonEscaped(secret, true)));
        forms.put("hex", utf8(HexFormat.of().formatHex(plain)));
        forms.put("HEX", utf8(HexFormat.of().withUpperCase().formatHex(plain)));
        for (int offset = 0; offset < 3; offset++) {
            forms.put("base64 at offset " + offset, base64Core(Base64.getEncoder().withoutPadding(), plain, offset));
            forms.put("base64url at offset " + offset, base64Core(Base64.getUrlEncoder().withoutPadding(), plain, offset));
        }
        return forms;
    }

    /** Where any of the secrets appears in the bytes, in any form: "test-token-7f3e9a as hex" (empty: none). */
    public static List<String> foundIn(byte[] data, List<String> secrets) {
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            for (Map.Entry<String, byte[]> form : of(secret).entrySet()) {
                if (indexOf(data, form.getValue()) >= 0) {
                    found.add(secret + " as " + form.getKey());
                }
            }
        }
        return found;
    }

    /** The base64 characters that encode only the secret's bits when it starts {@code offset} bytes into a value. */
    static byte[] base64Core(Base64.Encoder encoder, byte[] secret, int offset) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        String encoded = encoder.encodeToString(shifted);
        int from = (8 * offset + 5) / 6; // the first character whose 6 bits all belong to the secret
        int to = 8 * (offset + secret.length) / 6; // after the last such character
        return utf8(encoded.substring(from, Math.min(to, encoded.length())));
    }

    static String jsonEscaped(String s, boolean everyCharacter) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (everyCharacter || c < 0x20 || c == '"' || c == '\\' || c == '/') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
