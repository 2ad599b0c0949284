package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.tevoroutes.desk.api.TevoSignature;

/** Every test vector of shared/tevo-api.md. */
class TevoSignatureTest {

    private static final String SECRET_1 = "/3uZ9bXNe/6rxEBmlGLvoRXrcSzRDMfyJSewhlrc";
    private static final String SECRET_2 = "abcdefghijklmnopqrstuvwxyz12345678901234";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            SECRET_1 + "|GET api.sandbox.ticketevolution.com/test?|1Ra2c8cbuw1G5Pw8BWaowDlMcxwMte8y/sL+vW2H4mY=",
            SECRET_1 + "|POST api.sandbox.ticketevolution.com/test?|pXqUawURysCxiIvPXCgTaQ1k5Nue0bAVHIyhrxJRmI0=",
            SECRET_1 + "|GET api.sandbox.ticketevolution.com/test?one=1&three=three&two=two|8eaaqg6d4DJ2SEWkCvkdhc05dITmpNbUrcbN75UBGMA=",
            SECRET_1 + "|'POST api.sandbox.ticketevolution.com/test?{\"one\":1,\"two\":\"two\",\"three\":\"three\"}'|6PMaU8JQ5kH4PZLl8agJrZRZqnn65UGcCUA80E2dTDg=",
            SECRET_1 + "|GET api.sandbox.ticketevolution.com/v9/test?one=1&three=three&two=two|YbwEmJL9P0hvpplEr2q2iL4Mpz+KevHUOjzgYh0ewh4=",
            SECRET_2 + "|GET api.sandbox.ticketevolution.com/clients?|CZ26dEtpFKkc21yjFK/FeFZ4Ak+9GLbdSQYKffbccd4=",
            SECRET_2 + "|'POST api.sandbox.ticketevolution.com/clients?{\"clients\": [{\"name\": \"Will Smith\"}]}'|YvU94mY7jmk1eOu26M4pkl64lK1PkQskZznMhL82IaY=",
    })
    void signsEveryTestVector(String secret, String stringToSign, String expected) {
        assertThat(TevoSignature.sign(secret, stringToSign)).isEqualTo(expected).hasSize(44);
    }

    @Test
    void buildsTheStringToSignFromAnUnsortedQuery() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("two", "two");
        query.put("one", 1);
        query.put("three", "three");
        String sorted = TevoSignature.sortedQuery(query);
        assertThat(sorted).isEqualTo("one=1&three=three&two=two");
        String toSign = TevoSignature.stringToSign("get", TevoSignature.host("https://api.sandbox.ticketevolution.com:443"),
                "/v9/test", sorted);
        assertThat(toSign).isEqualTo("GET api.sandbox.ticketevolution.com/v9/test?one=1&three=three&two=two");
        assertThat(TevoSignature.sign(SECRET_1, toSign)).isEqualTo("YbwEmJL9P0hvpplEr2q2iL4Mpz+KevHUOjzgYh0ewh4=");
    }

    @Test
    void keepsTheQuestionMarkWithoutPayload() {
        assertThat(TevoSignature.stringToSign("POST", "h", "/v9/orders/1/complete", null)).isEqualTo("POST h/v9/orders/1/complete?");
        assertThat(TevoSignature.sortedQuery(Map.of())).isEmpty();
    }

    @Test
    void splitsBaseUrls() {
        assertThat(TevoSignature.basePath("https://api.ticketevolution.com")).isEmpty();
        assertThat(TevoSignature.basePath("http://localhost:8080/fake-tevo/")).isEqualTo("/fake-tevo");
        assertThat(TevoSignature.host("http://localhost:8080/fake-tevo")).isEqualTo("localhost");
    }

    @Test
    void signsBodyBytesIncrementallyExactlyLikeTheStringForm() {
        byte[] body = "{\"one\":1,\"two\":\"two\",\"three\":\"three\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(TevoSignature.sign(SECRET_1, "POST", "api.sandbox.ticketevolution.com", "/test", body))
                .isEqualTo("6PMaU8JQ5kH4PZLl8agJrZRZqnn65UGcCUA80E2dTDg=");
        assertThat(TevoSignature.sign(SECRET_1, "GET", "api.sandbox.ticketevolution.com", "/v9/test",
                "one=1&three=three&two=two".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("YbwEmJL9P0hvpplEr2q2iL4Mpz+KevHUOjzgYh0ewh4=");
        assertThat(TevoSignature.sign(SECRET_2, "GET", "api.sandbox.ticketevolution.com", "/clients", new byte[0]))
                .isEqualTo("CZ26dEtpFKkc21yjFK/FeFZ4Ak+9GLbdSQYKffbccd4=");
    }
}
