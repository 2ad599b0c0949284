import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seed's pseudo-code, as written: get the pending orders, and for each order, for each item, check the inventory,
 * then accept; one call after the other. Signed like the desk. Usage: java NaiveLoop.java BASE_URL INVENTORY_CSV.
 */
public class NaiveLoop {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Set<String> inventory = new HashSet<>();
        java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1])).stream().skip(1)
                .forEach(line -> inventory.add(line.split(",")[0]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        int accepted = 0;
        int page = 1;
        Pattern order = Pattern.compile("\\{\"id\":(\\d+),.*?\"remote_id\":\"([^\"]+)\"");
        while (true) {
            String body = send(http, base, "GET", "/v9/orders", "page=" + page + "&per_page=100&state=pending&type=Order", null);
            Matcher m = order.matcher(body);
            int onPage = 0;
            int acceptedBefore = accepted;
            while (m.find()) {
                onPage++;
                if (inventory.contains(m.group(2))) {
                    send(http, base, "POST", "/v9/orders/" + m.group(1) + "/accept", null, "{\"reviewer_id\":1}");
                    accepted++;
                }
            }
            if (onPage < 100 || accepted == acceptedBefore) {
                break;
            }
            // accepted orders leave the pending list, so the next pending page is page 1 again
        }
        System.out.printf("naive sequential loop: %d orders accepted in %.2f s%n", accepted, (System.nanoTime() - started) / 1e9);
    }

    static String send(HttpClient http, String base, String method, String path, String query, String body)
            throws IOException, InterruptedException, java.security.GeneralSecurityException {
        URI uri = URI.create(base + path + (query == null ? "" : "?" + query));
        String toSign = method + " " + uri.getHost() + path + "?" + (body != null ? body : query == null ? "" : query);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("bench-secret".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("X-Token", "bench-token").header("Accept", "application/json")
                .header("X-Signature", Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8))));
        req = body == null ? req.GET() : req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
