package io.tevoroutes.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import io.tevoroutes.desk.config.SecretFiles;

/**
 * The deploy files agree with the application: every manifest parses, and the image, probes, ports, mounted paths,
 * environment variables and secret references name what the desk really reads (application.properties, the image's
 * layout in deploy/docker, the secrets it can take from files). A renamed setting, a moved folder or a forgotten route
 * file fails here, not in a cluster.
 */
class DeployManifestsTest {

    static final Path BASE = Path.of("deploy/kubernetes/base");
    static final Path EXAMPLE = Path.of("deploy/kubernetes/overlays/example");

    static Properties app;
    /** The environment variable of every setting in application.properties, and of the -file form of each secret. */
    static Set<String> settingVariables;
    static String workDir;

    @BeforeAll
    static void readTheApplication() throws IOException {
        app = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            app.load(r);
        }
        settingVariables = new HashSet<>();
        for (String key : app.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                settingVariables.add(variable(key));
            }
        }
        SecretFiles.SECRETS.forEach(s -> settingVariables.add(variable(s + "-file")));
        workDir = dockerWorkDir(Path.of("deploy/docker/Dockerfile.jvm"));
    }

    /** SmallRye's rule: upper case, anything but letters and digits as '_'. */
    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static String dockerWorkDir(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("WORKDIR ")).reduce((a, b) -> b)
                .map(l -> l.substring("WORKDIR ".length()).trim()).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (o != null) {
                assertThat(o).as(file + " holds YAML maps").isInstanceOf(Map.class);
                docs.add((Map<String, Object>) o);
            }
        }
        return docs;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = yamlDocuments(file);
        assertThat(docs).as(file.toString()).hasSize(1);
        return docs.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static Map<String, Object> at(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String p : path) {
            cur = map(cur.get(p));
        }
        return cur;
    }

    /** All manifests of the base, by kind. */
    static Map<String, Map<String, Object>> baseByKind() throws IOException {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (Object r : list(yaml(BASE.resolve("kustomization.yaml")).get("resources"))) {
            Path file = BASE.resolve(r.toString());
            assertThat(file).as("resource listed in the kustomization").exists();
            for (Map<String, Object> doc : yamlDocuments(file)) {
                assertThat(doc).as(file + ": apiVersion, kind, metadata.name").containsKeys("apiVersion", "kind", "metadata");
                assertThat(at(doc, "metadata").get("name")).as(file + ": metadata.name").isNotNull();
                byKind.put(doc.get("kind").toString(), doc);
            }
        }
        return byKind;
    }

    static Map<String, Object> container() throws IOException {
        List<Object> containers = list(at(baseByKind().get("Deployment"), "spec", "template", "spec").get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    static Map<String, Object> volume(String name) throws IOException {
        return list(at(baseByKind().get("Deployment"), "spec", "template", "spec").get("volumes")).stream().map(DeployManifestsTest::map)
                .filter(v -> name.equals(v.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static String mountPath(String volume) throws IOException {
        return list(container().get("volumeMounts")).stream().map(DeployManifestsTest::map).filter(m -> volume.equals(m.get("name")))
                .map(m -> m.get("mountPath").toString()).findFirst().orElseThrow(() -> new AssertionError("volume " + volume + " not mounted"));
    }

    /** The generators of a kustomization: name to its files (key=path or path) or literals. */
    static Map<String, List<String>> generator(Path kustomization, String kind, String entries) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        for (Object g : list(yaml(kustomization).get(kind))) {
            out.put(map(g).get("name").toString(), list(map(g).get(entries)).stream().map(Object::toString).toList());
        }
        return out;
    }

    static String keyOf(String fileEntry) {
        String key = fileEntry.contains("=") ? fileEntry.substring(0, fileEntry.indexOf('=')) : fileEntry;
        return Path.of(key).getFileName().toString();
    }

    static Path pathOf(Path kustomizationDir, String fileEntry) {
        return kustomizationDir.resolve(fileEntry.contains("=") ? fileEntry.substring(fileEntry.indexOf('=') + 1) : fileEntry).normalize();
    }

    @Test
    void everyManifestParsesAndEveryGeneratedFileExists() throws IOException {
        assertThat(baseByKind()).containsKeys("Deployment", "Service", "PodDisruptionBudget", "PersistentVolumeClaim");
        for (Path dir : List.of(BASE, EXAMPLE)) {
            for (List<String> files : generator(dir.resolve("kustomization.yaml"), "configMapGenerator", "files").values()) {
                for (String f : files) {
                    assertThat(pathOf(dir, f)).as("file of a ConfigMap in " + dir).isRegularFile();
                }
            }
        }
        assertThat(yaml(EXAMPLE.resolve("kustomization.yaml")).get("resources")).asList().contains("../../base");
    }

    @Test
    void theRoutesConfigMapCarriesEveryRouteAndTheSettings() throws IOException {
        Map<String, List<String>> maps = generator(BASE.resolve("kustomization.yaml"), "configMapGenerator", "files");
        Set<String> routeFiles;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            routeFiles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> inConfigMap = maps.get("tevo-routes-routes").stream().map(DeployManifestsTest::keyOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inConfigMap).as("the routes ConfigMap lists exactly the files of routes/").isEqualTo(routeFiles);
        Set<String> emailFiles;
        try (Stream<Path> s = Files.list(Path.of("emails"))) {
            emailFiles = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> emailsInConfigMap = maps.get("tevo-routes-emails").stream().map(DeployManifestsTest::keyOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(emailsInConfigMap).as("the emails ConfigMap lists exactly the files of emails/").isEqualTo(emailFiles);
        for (String f : maps.get("tevo-routes-routes")) {
            assertThat(pathOf(BASE, f)).as("a route in the ConfigMap is the project's own file").isEqualTo(Path.of("routes", keyOf(f)));
        }
        assertThat(maps.get("tevo-routes-config")).containsExactly("application.properties=../../../application.properties");
        assertThat(pathOf(BASE, maps.get("tevo-routes-config").get(0))).isEqualTo(Path.of("application.properties"));
    }

    @Test
    void everySelectorPicksTheDesksPods() throws IOException {
        Map<String, Map<String, Object>> byKind = baseByKind();
        Map<String, Object> podLabels = at(byKind.get("Deployment"), "spec", "template", "metadata", "labels");
        assertThat(podLabels).isNotEmpty();
        Map<String, Object> deployment = at(byKind.get("Deployment"), "spec", "selector", "matchLabels");
        Map<String, Object> service = at(byKind.get("Service"), "spec", "selector");
        // an empty PodDisruptionBudget selector would cover every pod of the namespace
        Map<String, Object> budget = at(byKind.get("PodDisruptionBudget"), "spec", "selector", "matchLabels");
        for (Map<String, Object> selector : List.of(deployment, service, budget)) {
            assertThat(selector).isNotEmpty();
            assertThat(podLabels).as("the pods carry every label a selector asks for").containsAllEntriesOf(selector);
        }
    }

    @Test
    void theImageAndTheDockerfilesAgree() throws IOException {
        List<String> images = list(yaml(EXAMPLE.resolve("kustomization.yaml")).get("images")).stream().map(i -> map(i).get("name").toString())
                .toList();
        assertThat(images).as("the overlay's images: entry names the base's image").contains(
                container().get("image").toString().replaceAll(":[^:/]+$", ""));
        assertThat(dockerWorkDir(Path.of("deploy/docker/Dockerfile.native"))).as("both images share one layout").isEqualTo(workDir);
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String text = Files.readString(Path.of("deploy/docker", dockerfile));
            assertThat(text).as(dockerfile).contains("application.properties " + workDir + "/config/application.properties")
                    .contains("routes/ " + workDir + "/routes/").contains("emails/ " + workDir + "/emails/")
                    .contains("EXPOSE " + app.getProperty("quarkus.http.port") + " " + app.getProperty("quarkus.management.port"))
                    .as(dockerfile + ": out of memory, the desk exits and is started again").contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    /**
     * Every way the project launches the desk exits on OutOfMemoryError, so that its supervisor starts it again: the
     * README's java commands, both systemd ExecStart lines (JVM and native) and both images (checked above).
     */
    @Test
    void everyLaunchExitsWhenOutOfMemory() throws IOException {
        Matcher java = Pattern.compile("java( [^\\n]*)? -jar [^\\n]*quarkus-run\\.jar").matcher(Files.readString(Path.of("README.md")));
        int commands = 0;
        while (java.find()) {
            commands++;
            assertThat(java.group()).as("README: " + java.group()).contains("-XX:+ExitOnOutOfMemoryError");
        }
        assertThat(commands).as("the README's java commands").isGreaterThan(0);
        List<String> starts = Files.readAllLines(Path.of("deploy/systemd/tevo-routes.service")).stream()
                .filter(l -> l.matches("#?ExecStart=.*")).toList();
        assertThat(starts).hasSize(2).allSatisfy(l -> assertThat(l).contains("-XX:+ExitOnOutOfMemoryError"));
        assertThat(Files.readString(Path.of("deploy/systemd/tevo-routes.service"))).containsPattern("(?m)^Restart=(on-failure|always)$");
    }

    /**
     * The example overlay as Kubernetes gets it: rendered by {@code kubectl kustomize} (Kustomize 5) in a copy of the
     * project with stand-in secret files, then checked for what would stop the pods: the team's image not deployed, a
     * secret file the container's user cannot read, a required setting missing, probes not on the app's port, a
     * namespace that does not exist, Kubernetes' service-link variables that the desk would take for misspelt settings.
     */
    @Test
    void theExampleOverlayRendersToPodsThatCanRun() throws Exception {
        Map<String, Map<String, Object>> rendered = renderExample();
        Map<String, Object> kustomization = yaml(EXAMPLE.resolve("kustomization.yaml"));
        String namespace = kustomization.get("namespace").toString();
        assertThat(rendered).as("the namespace is created with the desk").containsKey("Namespace/" + namespace);

        Map<String, Object> deployment = rendered.get("Deployment/tevo-routes");
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> c = map(list(pod.get("containers")).get(0));
        Map<String, Object> image = map(list(kustomization.get("images")).get(0));
        assertThat(c.get("image")).as("the image the overlay sets is the one deployed")
                .isEqualTo(image.get("newName") + ":" + image.get("newTag"));

        Map<String, Object> security = at(pod, "securityContext");
        int user = (Integer) security.get("runAsUser");
        Object fsGroup = security.get("fsGroup");
        for (Object v : list(pod.get("volumes"))) {
            Map<String, Object> volume = map(v);
            if (volume.containsKey("secret")) {
                int mode = (Integer) at(volume, "secret").getOrDefault("defaultMode", 0644);
                // secret files belong to root and to the group fsGroup: the desk's user reads them through the group
                assertThat(fsGroup != null && (mode & 0040) != 0 || (mode & 0004) != 0)
                        .as("secret volume " + volume.get("name") + " (mode 0" + Integer.toOctalString(mode) + ", fsGroup " + fsGroup
                                + ") readable by user " + user).isTrue();
            }
        }
        assertThat(pod.get("enableServiceLinks")).as("no TEVO_ROUTES_* service-link variables").isEqualTo(false);

        Map<String, String> env = new HashMap<>();
        for (Object e : list(c.get("env"))) {
            env.put(map(e).get("name").toString(), String.valueOf(map(e).get("value")));
        }
        for (Object from : list(c.get("envFrom"))) {
            String name = at(map(from), "configMapRef").get("name").toString().replaceAll("-[a-z0-9]{10}$", "");
            assertThat(rendered).as("envFrom names a rendered ConfigMap").containsKey("ConfigMap/" + name);
            Map<String, Object> data = at(rendered.get("ConfigMap/" + name), "data");
            data.forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        for (String required : List.of("tevo.api.token", "tevo.api.secret", "tevo.reviewer-id", "notify.mail.to")) {
            String var = variable(required);
            assertThat(env.containsKey(var) && !env.get(var).isBlank() || env.containsKey(var + "_FILE"))
                    .as("required setting " + required + " (" + var + ") set in the rendered pod").isTrue();
        }
        assertThat(env.get("INVENTORY_SOURCE")).as("an inventory is configured").isEqualTo("sql");
        assertThat(env.get("INVENTORY_SQL_URL")).as("the inventory database").startsWith("jdbc:postgresql://");
        assertThat(rendered).containsKey("Secret/tevo-routes-secrets");
        Set<String> secretKeys = at(rendered.get("Secret/tevo-routes-secrets"), "data").keySet();
        env.forEach((k, v) -> {
            if (k.endsWith("_FILE") && v.startsWith("/etc/tevo-routes/secrets/")) {
                assertThat(secretKeys).as(k + " names a key of the secret").contains(v.substring(v.lastIndexOf('/') + 1));
            }
            if (!k.startsWith("JAVA_")) {
                assertThat(settingVariables).as("rendered variable " + k + " is a setting of the desk").contains(k);
            }
        });

        Map<String, Object> port = map(list(c.get("ports")).get(0));
        Map<String, Object> management = map(list(c.get("ports")).get(1));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(c, probe, "httpGet").get("port")).as(probe + " on the management port").isEqualTo(management.get("name"));
            assertThat(at(c, probe, "httpGet").get("path").toString()).as(probe + " path").startsWith("/q/health/");
        }
        assertThat(port.get("containerPort")).isEqualTo(Integer.valueOf(app.getProperty("quarkus.http.port")));
        assertThat(management.get("containerPort")).isEqualTo(Integer.valueOf(app.getProperty("quarkus.management.port")));
    }

    /** kubectl kustomize of the example overlay, in a copy of the project with stand-in secret files: kind/name to manifest. */
    static Map<String, Map<String, Object>> renderExample() throws Exception {
        Path kubectl = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                        "kubectl (with Kustomize 5) is needed to render deploy/kubernetes: install it (.ci/run does) and run again"));
        Path copy = Files.createTempDirectory("tevo-kustomize");
        try {
            copyTree(Path.of("deploy"), copy.resolve("deploy"));
            copyTree(Path.of("routes"), copy.resolve("routes"));
            copyTree(Path.of("emails"), copy.resolve("emails"));
            copyTree(Path.of("console"), copy.resolve("console"));
            Files.copy(Path.of("application.properties"), copy.resolve("application.properties"));
            Path example = copy.resolve(EXAMPLE);
            for (List<String> files : generator(EXAMPLE.resolve("kustomization.yaml"), "secretGenerator", "files").values()) {
                for (String f : files) {
                    Path secret = pathOf(example, f);
                    Files.createDirectories(secret.getParent());
                    Files.writeString(secret, "stand-in");
                }
            }
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", "--load-restrictor", "LoadRestrictionsNone", example.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("kubectl kustomize: " + out).isZero();
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(out)) {
                Map<String, Object> m = map(doc);
                String name = at(m, "metadata").get("name").toString();
                // generated names carry a hash suffix
                byName.put(m.get("kind") + "/" + name.replaceAll("-[a-z0-9]{10}$", ""), m);
            }
            return byName;
        } finally {
            try (Stream<Path> walk = Files.walk(copy)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void probesAndPortsAreTheDesks() throws IOException {
        Map<String, Object> c = container();
        Map<String, Object> port = map(list(c.get("ports")).get(0));
        assertThat(port.get("containerPort")).as("quarkus.http.port").isEqualTo(Integer.valueOf(app.getProperty("quarkus.http.port")));
        // health and metrics answer on the management port only: the probes and the scrapes go there
        assertThat(app.getProperty("quarkus.management.enabled")).isEqualTo("true");
        Map<String, Object> management = map(list(c.get("ports")).get(1));
        assertThat(management.get("containerPort")).as("quarkus.management.port").isEqualTo(Integer.valueOf(app.getProperty("quarkus.management.port")));
        assertThat(at(c, "livenessProbe", "httpGet").get("path")).isEqualTo("/q/health/live");
        assertThat(at(c, "readinessProbe", "httpGet").get("path")).isEqualTo("/q/health/ready");
        assertThat(at(c, "startupProbe", "httpGet").get("path")).isEqualTo("/q/health/started");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(c, probe, "httpGet").get("port")).as(probe + " port").isEqualTo(management.get("name"));
        }
        Map<String, Object> annotations = at(baseByKind().get("Deployment"), "spec", "template", "metadata", "annotations");
        assertThat(annotations.get("prometheus.io/port")).as("pods scraped on the management port").isEqualTo(management.get("containerPort").toString());
        assertThat(at(baseByKind().get("Deployment"), "spec").get("replicas")).as("replicas").isEqualTo(2);
        List<Object> servicePorts = list(at(baseByKind().get("Service"), "spec").get("ports"));
        assertThat(servicePorts).as("the public Service carries the public port alone").hasSize(1);
        assertThat(map(servicePorts.get(0)).get("targetPort")).as("the Service reaches the container's port").isEqualTo(port.get("name"));
        Map<String, Object> monitor = yaml(Path.of("deploy/kubernetes/monitoring/servicemonitor.yaml"));
        Map<String, Object> scraped = yaml(Path.of("deploy/kubernetes/monitoring/service-management.yaml"));
        assertThat(map(list(at(monitor, "spec").get("endpoints")).get(0)).get("port")).isEqualTo("management");
        assertThat(at(scraped, "metadata", "labels")).containsAllEntriesOf(at(monitor, "spec", "selector", "matchLabels").entrySet().stream()
                .filter(e -> !e.getKey().equals("app.kubernetes.io/name")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(map(list(at(scraped, "spec").get("ports")).get(0)).get("targetPort")).isEqualTo(management.get("name"));
        assertThat(at(c, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat(at(c, "resources", "limits")).containsKey("memory");
        // SIGTERM: the pod is given more time than the desk takes to finish what is in flight
        Object grace = at(baseByKind().get("Deployment"), "spec", "template", "spec").get("terminationGracePeriodSeconds");
        assertThat((Integer) grace).isGreaterThan(Integer.parseInt(app.getProperty("camel.main.shutdown-timeout")));
    }

    @Test
    void mountedPathsAreWhereTheDeskReads() throws IOException {
        assertThat(mountPath("config")).as("Quarkus reads config/application.properties in its working directory")
                .isEqualTo(workDir + "/config");
        assertThat(at(volume("config"), "configMap").get("name")).isEqualTo("tevo-routes-config");
        String pattern = app.getProperty("camel.main.routes-include-pattern");
        assertThat(pattern).startsWith("file:").endsWith("/*.camel.yaml");
        String routesDir = pattern.substring("file:".length(), pattern.length() - "/*.camel.yaml".length());
        assertThat(mountPath("routes")).as("camel.main.routes-include-pattern").isEqualTo(workDir + "/" + routesDir);
        assertThat(at(volume("routes"), "configMap").get("name")).isEqualTo("tevo-routes-routes");
        assertThat(mountPath("emails")).as("notify.templates.directory").isEqualTo(workDir + "/" + app.getProperty("notify.templates.directory"));
        assertThat(at(volume("emails"), "configMap").get("name")).isEqualTo("tevo-routes-emails");
        String eticketWork = app.getProperty("etickets.work-dir");
        assertThat(mountPath("group-pdfs")).as("the kept group PDFs: etickets.work-dir/groups")
                .isEqualTo(workDir + "/" + eticketWork + "/groups");
        assertThat(workDir + "/" + eticketWork).as("the work files are on the writable data volume").startsWith(mountPath("data") + "/");
        String claim = at(volume("group-pdfs"), "persistentVolumeClaim").get("claimName").toString();
        Map<String, Object> pvc = baseByKind().get("PersistentVolumeClaim");
        assertThat(at(pvc, "metadata").get("name")).isEqualTo(claim);
        assertThat(list(at(pvc, "spec").get("accessModes"))).as("two desks share the group PDFs").containsExactly("ReadWriteMany");
        assertThat(at(container(), "securityContext").get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(mountPath("tmp")).isEqualTo("/tmp");
    }

    @Test
    void everyEnvironmentVariableIsASettingOfTheDesk() throws IOException {
        List<String> names = new ArrayList<>();
        list(container().get("env")).forEach(e -> names.add(map(e).get("name").toString()));
        generator(BASE.resolve("kustomization.yaml"), "configMapGenerator", "literals").get("tevo-routes-env")
                .forEach(l -> names.add(l.substring(0, l.indexOf('='))));
        generator(EXAMPLE.resolve("kustomization.yaml"), "configMapGenerator", "literals").get("tevo-routes-env")
                .forEach(l -> names.add(l.substring(0, l.indexOf('='))));
        for (String name : names) {
            if (!name.startsWith("JAVA_")) { // the image's own (run-java.sh)
                assertThat(settingVariables).as("environment variable %s names a setting of application.properties", name).contains(name);
            }
        }
        assertThat(names).contains("STATE_POSTGRESQL_URL", "STATE_INSTANCE_ID");
    }

    @Test
    void secretReferencesNameMountedKeysOfTheSecret() throws IOException {
        Set<String> secretKeys = generator(EXAMPLE.resolve("kustomization.yaml"), "secretGenerator", "files").get("tevo-routes-secrets")
                .stream().map(DeployManifestsTest::keyOf).collect(Collectors.toSet());
        String secretName = at(volume("secrets"), "secret").get("secretName").toString();
        assertThat(secretName).isEqualTo("tevo-routes-secrets");
        String secretsDir = mountPath("secrets");
        Set<String> fromFiles = new HashSet<>();
        for (Object e : list(container().get("env"))) {
            Map<String, Object> env = map(e);
            String name = env.get("name").toString();
            Map<String, Object> ref = at(env, "valueFrom", "secretKeyRef");
            if (!ref.isEmpty()) {
                assertThat(ref.get("name")).as(name).isEqualTo(secretName);
                assertThat(secretKeys).as(name + " reads a key of the Secret").contains(ref.get("key").toString());
            }
            if (name.endsWith("_FILE")) {
                String value = env.get("value").toString();
                assertThat(value).as(name + " is a file of the mounted Secret").startsWith(secretsDir + "/");
                assertThat(secretKeys).as(name).contains(value.substring(secretsDir.length() + 1));
                fromFiles.add(name);
            }
        }
        // every secret the desk uses on Kubernetes is read from the Secret, none is a plain value
        for (String secret : List.of("tevo.api.token", "tevo.api.secret", "tevo.webhook.secret", "audit.token", "notify.mail.password",
                "state.postgresql.password")) {
            assertThat(fromFiles).contains(variable(secret + "-file"));
        }
        String inbox = generator(BASE.resolve("kustomization.yaml"), "configMapGenerator", "literals").get("tevo-routes-env").stream()
                .filter(l -> l.startsWith("ETICKETS_INBOX_URI=")).findFirst().orElseThrow();
        Matcher key = Pattern.compile("privateKeyFile=([^&]+)").matcher(inbox);
        assertThat(key.find()).as("the SFTP inbox logs in with a key").isTrue();
        assertThat(key.group(1)).startsWith(secretsDir + "/");
        assertThat(secretKeys).contains(key.group(1).substring(secretsDir.length() + 1));
        Matcher hosts = Pattern.compile("knownHostsFile=([^&]+)").matcher(inbox);
        assertThat(hosts.find()).as("the SFTP inbox checks the host key").isTrue();
        assertThat(hosts.group(1)).isEqualTo(mountPath("known-hosts") + "/known_hosts");
        assertThat(generator(EXAMPLE.resolve("kustomization.yaml"), "configMapGenerator", "files").get("tevo-routes-known-hosts"))
                .containsExactly("known_hosts");
    }

    @Test
    void theSystemdUnitAndItsEnvironmentFileNameRealSettings() throws IOException {
        List<String> unit = Files.readAllLines(Path.of("deploy/systemd/tevo-routes.service"));
        Set<String> credentials = new HashSet<>();
        for (String line : unit) {
            if (line.startsWith("LoadCredential=")) {
                credentials.add(line.substring("LoadCredential=".length(), line.indexOf(':')));
            }
        }
        for (String line : unit) {
            if (line.startsWith("Environment=")) {
                String assignment = line.substring("Environment=".length());
                String name = assignment.substring(0, assignment.indexOf('='));
                String value = assignment.substring(assignment.indexOf('=') + 1);
                if (name.startsWith("QUARKUS_") || name.startsWith("CAMEL_")) {
                    continue;
                }
                assertThat(settingVariables).as(name).contains(name);
                if (name.endsWith("_FILE")) {
                    assertThat(value).as(name + " is a systemd credential").startsWith("%d/");
                    assertThat(credentials).contains(value.substring(3));
                }
            }
        }
        assertThat(unit).contains("Environment=CAMEL_MAIN_ROUTES_INCLUDE_PATTERN=file:/etc/tevo-routes/routes/*.camel.yaml")
                .contains("Environment=NOTIFY_TEMPLATES_DIRECTORY=/etc/tevo-routes/emails")
                .contains("EnvironmentFile=/etc/tevo-routes/tevo-routes.env").contains("WorkingDirectory=/var/lib/tevo-routes")
                .contains("ReadWritePaths=/var/lib/tevo-routes");
        assertThat(credentials).containsExactlyInAnyOrder("tevo-api-token", "tevo-api-secret", "tevo-webhook-secret");
        for (String line : Files.readAllLines(Path.of("deploy/systemd/tevo-routes.env"))) {
            String l = line.startsWith("#") && line.contains("=") && !line.contains(" ") ? line.substring(1) : line;
            if (!l.isBlank() && !l.startsWith("#")) {
                assertThat(settingVariables).as("tevo-routes.env: " + l).contains(l.substring(0, l.indexOf('=')));
            }
        }
    }
}
