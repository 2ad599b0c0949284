package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No file an integrator reads or the desk loads keeps a merge's conflict markers (a README once shipped two versions of
 * its Security section this way): README, docs, routes, emails, console pages, settings, deploy files and sources.
 */
class NoMergeLeftoversTest {

    @Test
    void noConflictMarkersInTheProjectsTextFiles() throws IOException {
        List<String> found = new ArrayList<>();
        for (String root : List.of("README.md", "application.properties", "docs", "routes", "emails", "console", "deploy", "bench", "src", ".ci")) {
            Path r = Path.of(root);
            if (!Files.exists(r)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(r)) {
                for (Path f : files.filter(Files::isRegularFile).filter(NoMergeLeftoversTest::text).toList()) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < lines.size(); i++) {
                        String l = lines.get(i);
                        if (l.startsWith("<<<<<<< ") || l.startsWith(">>>>>>> ") || l.equals("=======") && conflictAround(lines, i)) {
                            found.add(f + ":" + (i + 1));
                        }
                    }
                }
            }
        }
        assertThat(found).as("merge conflict markers").isEmpty();
    }

    private static boolean conflictAround(List<String> lines, int i) {
        return lines.stream().anyMatch(l -> l.startsWith("<<<<<<< ") || l.startsWith(">>>>>>> "));
    }

    private static boolean text(Path f) {
        String n = f.getFileName().toString();
        return n.matches(".*\\.(md|java|yaml|yml|properties|txt|html|css|sql|sh|json|service|env|py)$") || n.startsWith("Dockerfile") || n.equals("run");
    }
}
