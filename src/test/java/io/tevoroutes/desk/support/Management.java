package io.tevoroutes.desk.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The desk's management port under test (health and metrics: quarkus.management.*): the public port answers /q/* with
 * 404. The suite's desks take a free port (%test.quarkus.management.test-port=0); Quarkus publishes the one it took.
 */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A request to the management port (RestAssured's given(), on that port). */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The management port's address, for a java.net.http client. */
    public static java.net.URI uri(String path) {
        return java.net.URI.create("http://localhost:" + port() + path);
    }
}
