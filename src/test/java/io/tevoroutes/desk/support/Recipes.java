package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipes of README.md, "Changing the desk", applied exactly as the README shows them: each snippet follows a
 * marker {@code <!-- recipe NAME: FILE -->} (or {@code FILE before "LINE"}) and is appended to (or put before that exact
 * line of) a copy of the route file, or read as settings for application.properties. The copy lives in
 * target/recipes/NAME/routes; the desk is pointed at it.
 */
public final class Recipes {

    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- recipe ([a-z0-9-]+): (\\S+)(?: before \"([^\"]+)\")? -->\\s*```(?:yaml|properties)\\n(.*?)```", Pattern.DOTALL);

    public record Snippet(String recipe, String file, String before, String text) {
    }

    private Recipes() {
    }

    public static List<Snippet> snippets(String recipe) {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Snippet> out = new ArrayList<>();
        Matcher m = SNIPPET.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals(recipe)) {
                out.add(new Snippet(m.group(1), m.group(2), m.group(3), m.group(4)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("README.md has no recipe " + recipe);
        }
        return out;
    }

    /**
     * Applies the recipe to a copy of routes/ and returns the settings the desk starts with: the recipe's own, then
     * {@code values} (a test's stand-in for a value that points outside, such as a real SFTP server's address).
     */
    public static Map<String, String> apply(String recipe, Map<String, String> values) {
        Path routes = Path.of("target/recipes", recipe, "routes").toAbsolutePath();
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            Folders.copy(Path.of("routes"), routes);
            for (Snippet s : snippets(recipe)) {
                if (s.file().equals("application.properties")) {
                    Properties p = new Properties();
                    p.load(new StringReader(s.text()));
                    p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
                    continue;
                }
                Path file = routes.resolve(Path.of(s.file()).getFileName());
                String text = Files.readString(file);
                if (s.before() == null) {
                    text = text + (text.endsWith("\n") ? "\n" : "\n\n") + s.text();
                } else {
                    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                    int at = lines.indexOf(s.before());
                    if (at < 0 || lines.lastIndexOf(s.before()) != at) {
                        throw new IllegalStateException(s.file() + " has not exactly one line \"" + s.before() + "\"");
                    }
                    lines.addAll(at, List.of(s.text().stripTrailing().split("\n")));
                    text = String.join("\n", lines);
                }
                Files.writeString(file, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.putAll(values);
        settings.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        // a state store of its own: the tickets a recipe's test accepts are not reserved for the other tests of the run
        settings.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:recipe-" + recipe + ";DB_CLOSE_DELAY=-1");
        return settings;
    }
}
