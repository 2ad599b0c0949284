package io.tevoroutes.desk.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Secrets from files: every secret setting can instead name a file holding it, with the same key ending in -file
 * (TEVO_API_SECRET_FILE=/run/secrets/tevo-api-secret): the way Kubernetes secrets and systemd credentials are mounted.
 * The file's content, without the whitespace around it, becomes the setting. Its ordinal is above the
 * application.properties files and below environment variables and system properties; setting both a secret and its
 * file is refused at start ({@link StartupCheck}), as is a file that cannot be read. The content is never logged.
 */
public class SecretFiles implements ConfigSourceFactory {

    /** The settings that hold secrets: never logged, never emailed, masked in the configuration summary. */
    public static final List<String> SECRETS = List.of("tevo.api.token", "tevo.api.secret", "tevo.webhook.secret", "audit.token",
            "notify.mail.password", "inventory.sql.password", "state.postgresql.password");

    /**
     * Quarkus' own secret settings, not read from files: the console's session encryption key and the state store's
     * password when set directly. With {@link #SECRETS}, the values hidden in every log line ({@link SafeLogFilter}) and
     * in every exported span (observe/SafeSpans).
     */
    public static final List<String> OTHER_SECRETS = List.of("quarkus.http.auth.session.encryption-key", "quarkus.datasource.password",
            "quarkus.datasource.postgresql.password");

    public static final int ORDINAL = 290;
    public static final String SOURCE_NAME = "tevo-routes secret files";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> values = new HashMap<>();
        for (String key : SECRETS) {
            ConfigValue file = context.getValue(key + "-file");
            if (file != null && file.getValue() != null && !file.getValue().isBlank()) {
                String content = read(Path.of(file.getValue().trim()));
                if (content != null) {
                    values.put(key, content);
                }
            }
        }
        return List.of(new PropertiesConfigSource(values, SOURCE_NAME, ORDINAL));
    }

    /** A secret file larger than this is not a secret: refused, never read whole. */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * The secret in the file, or null when it cannot be read (StartupCheck then says why, see {@link #problem}). Only a
     * regular file up to {@link #MAX_BYTES} is read: /dev/zero or a FIFO would fill the memory or hang the start.
     */
    static String read(Path file) {
        if (problem(file) != null) {
            return null;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            return bytes.length > MAX_BYTES ? null : new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Why a secret file cannot be used (null when it can): not there, not a regular file, too large, unreadable. */
    public static String problem(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return "it is not a regular file";
            }
            if (a.size() > MAX_BYTES) {
                return "it is larger than " + MAX_BYTES / 1024 + " KB";
            }
            return Files.isReadable(file) ? null : "the file cannot be read";
        } catch (java.nio.file.NoSuchFileException e) {
            return "the file does not exist";
        } catch (IOException | RuntimeException e) {
            return "the file cannot be read";
        }
    }
}
