package io.tevoroutes.desk.config;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * One setting chooses where the desk keeps its state: with state.postgresql.url (STATE_POSTGRESQL_URL) set, the
 * PostgreSQL datasource is used and the embedded H2 datasource is switched off (quarkus.datasource.active=false), so
 * no H2 file is opened next to the binary. Without it, H2. An explicit quarkus.datasource.active still wins (this
 * source's ordinal is below application.properties and environment variables).
 */
public class StateStoreSelection implements ConfigSourceFactory {

    public static final String POSTGRESQL_URL = "state.postgresql.url";
    public static final String POSTGRESQL_DATASOURCE = "postgresql";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.datasource.active", String.valueOf(!usesPostgresql(context.getValue(POSTGRESQL_URL)))),
                "tevo-routes state store selection", 150));
    }

    static boolean usesPostgresql(ConfigValue url) {
        return url != null && url.getValue() != null && !url.getValue().isBlank();
    }
}
