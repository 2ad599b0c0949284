package io.tevoroutes.desk.config;

import java.util.regex.Pattern;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Every H2 URL of the desk's datasources, however it is set (application.properties, QUARKUS_DATASOURCE_JDBC_URL),
 * gets {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the state store on SIGTERM while
 * Camel still drains in-flight accepts and deliveries ("Database is already closed"). Quarkus closes the pool itself,
 * after Camel. The other half of a crash-safe H2, {@code WRITE_DELAY 0}, is set by the desk at every start.
 */
public class H2UrlSafety implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;
    private static final Pattern CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=\\s*[^;]*");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !name.startsWith("quarkus.datasource.") || !name.endsWith("jdbc.url")) {
            return value;
        }
        String safe = safe(value.getValue());
        return safe.equals(value.getValue()) ? value : value.withValue(safe);
    }

    /** The URL with DB_CLOSE_ON_EXIT=FALSE when it is an H2 URL; any other URL as it is. */
    public static String safe(String url) {
        String trimmed = url.trim();
        if (!trimmed.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return url;
        }
        return CLOSE_ON_EXIT.matcher(trimmed).replaceAll("") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
