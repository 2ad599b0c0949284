package io.tevoroutes.desk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Every file in routes/ validates against the JSON schema of the Camel YAML DSL in the build (schema/camelYamlDsl.json
 * inside camel-yaml-dsl): the schema Kaoto and the Camel editor tooling check routes with, so an integration team's
 * editor opens them without errors, and a typo in a key is found here rather than at start.
 */
class RoutesSchemaTest {

    static JsonSchema schema() throws IOException {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("schema/camelYamlDsl.json in camel-yaml-dsl").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    @Test
    void theSchemaFindsWhatAnEditorWouldFlag() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (String wrong : List.of("- route: {id: r, from: {uri: 'direct:a', steps: [{setBdy: {constant: x}}]}}",
                "- route: {id: r, from: {uri: 'direct:a', steps: [{setHeader: {name: h, constant: 401}}]}}",
                "- route: {id: r, autoStartup: '{{x}}', from: {uri: 'direct:a', steps: [{log: hi}]}}")) {
            Object yaml = new Load(LoadSettings.builder().build()).loadFromString(wrong);
            assertThat(schema().validate(mapper.valueToTree(yaml))).as(wrong).isNotEmpty();
        }
    }

    @Test
    void everyRouteFileValidatesAgainstTheCamelYamlDslSchema() throws IOException {
        JsonSchema schema = schema();
        ObjectMapper mapper = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.filter(f -> !Files.isDirectory(f)).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        // Kaoto and the Camel editor tooling open *.camel.yaml; the desk loads only those (camel.main.routes-include-pattern)
        assertThat(files).as("route file names").allMatch(f -> f.getFileName().toString().endsWith(".camel.yaml"));
        for (Path file : files) {
            Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            JsonNode routes = mapper.valueToTree(yaml);
            Set<ValidationMessage> errors = schema.validate(routes);
            // the schema's oneOf/anyOf alternatives each add a message: the most telling one per place is kept
            java.util.Map<String, String> byPlace = new java.util.TreeMap<>();
            for (ValidationMessage e : errors) {
                String place = e.getInstanceLocation().toString();
                String message = e.getMessage().substring(e.getMessage().indexOf(':') + 1).trim();
                boolean vague = message.startsWith("required property") || message.startsWith("must be valid to one")
                        || message.startsWith("must not be valid");
                byPlace.merge(place, message, (a, b) -> vague ? a : b);
            }
            byPlace.forEach((place, message) -> problems.add(file.getFileName() + " " + place + ": " + message));
        }
        assertThat(problems).as("schema errors").isEmpty();
    }
}
