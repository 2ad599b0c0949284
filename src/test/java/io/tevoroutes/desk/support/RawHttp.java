package io.tevoroutes.desk.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 written by hand on a socket, as an attacker sends it: any Host header, any target (";x", "%3B"), a body
 * declared but never sent, a chunked body. Reads the answer's status line and headers (and up to 64 KB of body) or
 * reports that none came within the time-out.
 */
public final class RawHttp {

    /** An answer: 0 when none came in time. */
    public record Answer(int status, List<String> headers, String body) {

        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix)).map(h -> h.substring(prefix.length()).strip())
                    .findFirst().orElse(null);
        }

        public List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix)).map(h -> h.substring(prefix.length()).strip())
                    .toList();
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request head (lines without the final blank line, which is added) and then the body bytes (may be
     * null: a body declared but not sent), and reads the answer within timeoutMillis.
     */
    public static Answer send(String baseUrl, List<String> head, byte[] body, int timeoutMillis) throws IOException {
        URI u = URI.create(baseUrl);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write((String.join("\r\n", head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the desk answered and closed before taking the whole body: read what it said
                }
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    /** A GET with the headers given (Host among them if wanted; localhost otherwise). */
    public static Answer get(String baseUrl, String target, String... headers) throws IOException {
        List<String> head = new ArrayList<>();
        head.add("GET " + target + " HTTP/1.1");
        boolean host = false;
        for (String h : headers) {
            host |= h.toLowerCase(Locale.ROOT).startsWith("host:");
            head.add(h);
        }
        if (!host) {
            head.add("Host: localhost");
        }
        head.add("Connection: close");
        return send(baseUrl, head, null, 10_000);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) > 0 && buf.size() < 65_536) {
                buf.write(chunk, 0, n);
                if (complete(buf.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (buf.size() == 0) {
                return new Answer(0, List.of(), "");
            }
        } catch (IOException e) {
            if (buf.size() == 0) {
                throw e;
            }
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String headText = end < 0 ? text : text.substring(0, end);
        List<String> lines = new ArrayList<>(List.of(headText.split("\r\n")));
        Matcher m = Pattern.compile("HTTP/1\\.[01] (\\d{3}).*").matcher(lines.get(0));
        int status = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        lines.remove(0);
        return new Answer(status, lines, end < 0 ? "" : text.substring(end + 4));
    }

    /** The head and a Content-Length body (or a zero-length one) have arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(0, end));
        return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }
}
