package io.tevoroutes.desk.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Ticket Evolution request signature: HMAC-SHA256 over {@code METHOD host+path?payload}, keyed with the API
 * secret as given, Base64 with padding. The payload is the query sorted by key (requests without a body) or the
 * raw body bytes as sent (requests with a body). Pure functions, no state: see shared/tevo-api.md.
 */
public final class TevoSignature {

    private TevoSignature() {
    }

    /** The query string sorted by key, values form-encoded. Empty map: empty string. */
    public static String sortedQuery(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&");
        new TreeMap<>(query).forEach((key, value) -> {
            if (value != null) {
                joiner.add(encode(key) + "=" + encode(String.valueOf(value)));
            }
        });
        return joiner.toString();
    }

    /**
     * The exact string TEvo signs.
     *
     * @param method HTTP method, upper case
     * @param host   host without scheme and port
     * @param path   full request path, including {@code /v9}
     * @param payload sorted query (no body) or the body as sent
     */
    public static String stringToSign(String method, String host, String path, String payload) {
        return method.toUpperCase(java.util.Locale.ROOT) + " " + host + path + "?" + (payload == null ? "" : payload);
    }

    /** HMAC-SHA256 of the string to sign, standard Base64 with padding (44 characters). */
    public static String sign(String secret, String stringToSign) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The same signature, computed over the payload bytes as they are sent, without building the string to sign: a
     * request carrying a large e-ticket is not copied again to be signed.
     */
    public static String sign(String secret, String method, String host, String path, byte[] payload) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            mac.update((method.toUpperCase(java.util.Locale.ROOT) + " " + host + path + "?").getBytes(StandardCharsets.UTF_8));
            if (payload != null) {
                mac.update(payload);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The host part of a base URL, without scheme and port. */
    public static String host(String baseUrl) {
        return URI.create(baseUrl).getHost();
    }

    /** The path part of a base URL without a trailing slash ("" for none). */
    public static String basePath(String baseUrl) {
        String path = URI.create(baseUrl).getRawPath();
        if (path == null || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
