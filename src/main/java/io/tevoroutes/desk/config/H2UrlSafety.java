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
 *
 * <p>
 * It also gets {@code QUERY_CACHE_SIZE=64} unless the URL sets one: the desk's writes run on one connection (the state
 * store's group commit), which uses a few dozen statements; with H2's default of 8 parsed statements per connection it
 * parsed most of them again at every use (an eighth of the writer's CPU under a burst of orders).
 */
public class H2UrlSafety implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;
    private static final Pattern CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=\\s*[^;]*");
    private static final Pattern QUERY_CACHE = Pattern.compile("(?i);\\s*QUERY_CACHE_SIZE\\s*=");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !name.startsWith("quarkus.datasource.") || !name.endsWith("jdbc.url")) {
            return value;
        }
        String safe = safe(value.getValue());
        return safe.equals(value.getValue()) ? value : value.withValue(safe);
    }

    /** The URL with DB_CLOSE_ON_EXIT=FALSE (and QUERY_CACHE_SIZE) when it is an H2 URL; any other URL as it is. */
    public static String safe(String url) {
        String trimmed = url.trim();
        if (!trimmed.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return url;
        }
        String safe = CLOSE_ON_EXIT.matcher(trimmed).replaceAll("") + ";DB_CLOSE_ON_EXIT=FALSE";
        return QUERY_CACHE.matcher(safe).find() ? safe : safe + ";QUERY_CACHE_SIZE=64";
    }
}
