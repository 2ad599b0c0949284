package io.tevoroutes.desk.observe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * A finished span as it may leave the desk: every string in it (the name, each attribute, each event's name and
 * attributes (an exception's message and stack trace), each link's attributes, the status description and the
 * resource) without a secret, whichever instrumentation wrote it (Quarkus' HTTP server spans put the webhook's
 * {@code ?secret=} in url.query, Camel's in http.url, an error echoed by TEvo lands in an exception event).
 * <ul>
 * <li>the values of the secret settings ({@link io.tevoroutes.desk.config.SafeLogFilter#secretValues}, the list the
 * log is cleaned of) become {@code (hidden)}, as they are and URL-encoded, percent-encoded byte by byte, JSON-escaped,
 * in hex and in base64 (standard and URL-safe, at each of the three byte offsets it can start at in a longer value);</li>
 * <li>the value of a URL parameter named like a secret ({@code secret=}, {@code token=}, {@code signature=},
 * {@code password=}, {@code api_key=}...) becomes {@code (hidden)} whatever it is, in url.query, url.full, http.url,
 * http.target and any other string: a wrong secret is hidden too;</li>
 * <li>an attribute named like a secret (a captured {@code http.request.header.x-webhook-secret}, an
 * {@code authorization} header) is {@code (hidden)} whole.</li>
 * </ul>
 * Made once, from the configuration read at start ({@link SafeTraceExport}); thread-safe.
 */
public final class SafeSpans {

    static final String HIDDEN = "(hidden)";
    /** A URL (or form) parameter named like a secret, and its value up to the next parameter. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)((?:^|[?&;\\s\"'(,])[^=&?#\\s\"']*"
            + "(?:secret|token|signature|password|passwd|pwd|api[_-]?key|access[_-]?key|auth|credential|session)[^=&?#\\s\"']*=)"
            + "[^&#\\s\"'<>]*");
    /** An attribute whose whole value is a secret: a captured header or a setting named like one. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|token|password|passwd|signature|authorization|cookie|api[_-]?key|credential).*");

    private final List<String> needles;

    /** @param secrets the values to hide (each 6 characters or more; shorter ones are still hidden in URLs) */
    public SafeSpans(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && secret.strip().length() >= 6) {
                forms.addAll(forms(secret.strip()));
            }
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort((a, b) -> b.length() - a.length()); // the longest first: no form is cut by a shorter one
        this.needles = List.copyOf(sorted);
    }

    /** The forms a secret takes in text: as it is, URL-encoded, JSON-escaped, hex, base64 (see the class comment). */
    static Set<String> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        StringBuilder everyByte = new StringBuilder();
        for (byte b : bytes) {
            everyByte.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        forms.add(everyByte.toString());
        forms.add(everyByte.toString().toLowerCase(Locale.ROOT));
        forms.add(jsonEscaped(secret, false));
        forms.add(jsonEscaped(secret, true));
        forms.add(secret.replace("/", "\\/"));
        forms.add(HexFormat.of().formatHex(bytes));
        forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
        for (int offset = 0; offset < 3; offset++) {
            forms.add(base64Core(Base64.getEncoder().withoutPadding(), bytes, offset));
            forms.add(base64Core(Base64.getUrlEncoder().withoutPadding(), bytes, offset));
        }
        forms.removeIf(f -> f.length() < 6);
        return forms;
    }

    /** The base64 characters that depend on the secret alone when it starts {@code offset} bytes into an encoded value. */
    static String base64Core(Base64.Encoder encoder, byte[] secret, int offset) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        String encoded = encoder.encodeToString(shifted);
        return encoded.substring((8 * offset + 5) / 6, Math.min(encoded.length(), 8 * (offset + secret.length) / 6));
    }

    static String jsonEscaped(String s, boolean everyCharacter) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (everyCharacter || c < 0x20 || c == '"' || c == '\\') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text without a secret: known values in any of their forms, and the values of secret-named parameters. */
    public String clean(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String needle : needles) {
            if (out.contains(needle)) {
                out = out.replace(needle, HIDDEN);
            }
        }
        if (out.indexOf('=') >= 0) {
            out = SECRET_PARAMETER.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + HIDDEN));
        }
        return out;
    }

    /** The same attributes, their strings cleaned; those named like a secret hidden whole. */
    @SuppressWarnings("unchecked")
    public Attributes clean(Attributes attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return attributes;
        }
        AttributesBuilder builder = Attributes.builder();
        attributes.forEach((key, value) -> {
            boolean secretKey = SECRET_KEY.matcher(key.getKey()).matches();
            if (key.getType() == AttributeType.STRING) {
                builder.put((AttributeKey<String>) key, secretKey ? HIDDEN : clean((String) value));
            } else if (key.getType() == AttributeType.STRING_ARRAY) {
                List<String> cleaned = new ArrayList<>();
                for (String s : (List<String>) value) {
                    cleaned.add(secretKey ? HIDDEN : clean(s));
                }
                builder.put((AttributeKey<List<String>>) key, cleaned);
            } else {
                builder.put((AttributeKey<Object>) key, value);
            }
        });
        return builder.build();
    }

    public Resource clean(Resource resource) {
        return resource == null ? null : Resource.create(clean(resource.getAttributes()), resource.getSchemaUrl());
    }

    /** The span as it may be exported. */
    public SpanData clean(SpanData span) {
        return span == null ? null : new Cleaned(span, this);
    }

    /** A finished span with its strings cleaned, computed once when it is made (on the exporter's thread). */
    private static final class Cleaned extends DelegatingSpanData {

        private final String name;
        private final Attributes attributes;
        private final List<EventData> events;
        private final List<LinkData> links;
        private final StatusData status;
        private final Resource resource;

        Cleaned(SpanData span, SafeSpans safe) {
            super(span);
            this.name = safe.clean(span.getName());
            this.attributes = safe.clean(span.getAttributes());
            List<EventData> cleanedEvents = new ArrayList<>(span.getEvents().size());
            for (EventData e : span.getEvents()) {
                // an exception event becomes a plain event with the same (cleaned) attributes: the exception object,
                // whose message may hold the secret, stays behind
                cleanedEvents.add(EventData.create(e.getEpochNanos(), safe.clean(e.getName()), safe.clean(e.getAttributes()),
                        Math.max(e.getTotalAttributeCount(), e.getAttributes().size())));
            }
            this.events = List.copyOf(cleanedEvents);
            List<LinkData> cleanedLinks = new ArrayList<>(span.getLinks().size());
            for (LinkData l : span.getLinks()) {
                cleanedLinks.add(LinkData.create(l.getSpanContext(), safe.clean(l.getAttributes()), l.getTotalAttributeCount()));
            }
            this.links = List.copyOf(cleanedLinks);
            StatusData s = span.getStatus();
            this.status = s.getDescription() == null || s.getDescription().isEmpty() ? s
                    : StatusData.create(s.getStatusCode(), safe.clean(s.getDescription()));
            this.resource = safe.clean(span.getResource());
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public List<EventData> getEvents() {
            return events;
        }

        @Override
        public List<LinkData> getLinks() {
            return links;
        }

        @Override
        public StatusData getStatus() {
            return status;
        }

        @Override
        public Resource getResource() {
            return resource;
        }
    }
}
