package io.tevoroutes.desk.support;

import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.RequestMatcherExtension;

import io.tevoroutes.desk.api.TevoSignature;

/**
 * Does what TEvo does with a request: recompute the signature from what arrived (method, host, path, the query as
 * sent or the body byte for byte), and match only when X-Token and X-Signature are right, the query is sorted, and no
 * Expect: 100-continue was sent. Anything else falls through to the 401 stub.
 */
public class TevoSignatureMatcher extends RequestMatcherExtension {

    public static final String NAME = "tevo-signed";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public MatchResult match(Request request, Parameters parameters) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q + 1);
        byte[] body = request.getBody();
        boolean hasBody = body != null && body.length > 0;
        String payload = hasBody ? request.getBodyAsString() : query;
        if (!hasBody && !query.equals(sorted(query))) {
            return MatchResult.noMatch();
        }
        if (request.containsHeader("Expect")) {
            return MatchResult.noMatch();
        }
        String expected = TevoSignature.sign(parameters.getString("secret"),
                TevoSignature.stringToSign(request.getMethod().getName(), request.getHost(), path, payload));
        boolean ok = expected.equals(request.getHeader("X-Signature"))
                && parameters.getString("token").equals(request.getHeader("X-Token"));
        return MatchResult.of(ok);
    }

    private static String sorted(String query) {
        if (query.isEmpty()) {
            return query;
        }
        Map<String, String> pairs = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            pairs.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        StringBuilder b = new StringBuilder();
        pairs.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }
}
