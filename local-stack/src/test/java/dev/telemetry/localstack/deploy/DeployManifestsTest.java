package dev.telemetry.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invariants of deploy/compose and deploy/k8s that a typo would silently break: probes on the services'
 * real endpoints and ports, only environment variables the services read, the processor's state on its volume
 * and its application.server on a stable name, topic partitioning, compaction and replication.
 * The k8s overlays are rendered by {@link KustomizeLite}, checked against {@code kubectl kustomize} when kubectl
 * is on the PATH.
 */
class DeployManifestsTest {
    private static final Path ROOT = Manifests.repoRoot();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final ConfigKeys GATEWAY_KEYS = ConfigKeys.fromReadme(ROOT.resolve("ingest-gateway/README.md"));
    private static final ConfigKeys PROCESSOR_KEYS = ConfigKeys.fromReadme(ROOT.resolve("stream-processor/README.md"));
    private static final String GATEWAY_IMAGE = "telemetry-pipeline/ingest-gateway:";
    private static final String PROCESSOR_IMAGE = "telemetry-pipeline/stream-processor:";
    private static final Set<String> HEALTH = Set.of("/health/live", "/health/ready");
    private static final List<String> KEYED_BY_DEVICE = List.of(Topics.READINGS, Topics.DLQ, Topics.LIFECYCLE,
            Topics.DEVICE_STATE, Topics.READINGS_ORDERED, Topics.AGGREGATES_1M, Topics.ANOMALIES);
    private static final Pattern REF = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

    // ---------------------------------------------------------------- compose

    private static JsonNode compose() {
        return Manifests.readTree(ROOT.resolve("deploy/compose/docker-compose.yml"));
    }

    /** A service's environment as compose passes it: {@code $$} is compose's escape for a literal {@code $}. */
    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText().replace("$$", "$")));
        return env;
    }

    private static Map<String, JsonNode> servicesWithImage(JsonNode compose, String prefix) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose.get("services").fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith(prefix)) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    @Test
    void shouldRunThreeKraftBrokersWithOneConsistentControllerQuorum() {
        Map<String, JsonNode> brokers = servicesWithImage(compose(), "apache/kafka:");
        assertThat(brokers).hasSize(3);
        Set<String> expectedVoters = new HashSet<>();
        Set<String> quorums = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        brokers.forEach((name, svc) -> {
            Map<String, String> env = env(svc);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(name).contains("controller").contains("broker");
            Matcher port = Pattern.compile("CONTROLLER://[^:]*:(\\d+)").matcher(env.get("KAFKA_LISTENERS"));
            assertThat(port.find()).as(name + " has a CONTROLLER listener").isTrue();
            assertThat(env.get("KAFKA_CONTROLLER_LISTENER_NAMES")).isEqualTo("CONTROLLER");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name).contains("//" + name + ":");
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":" + port.group(1));
            quorums.add(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS"))).isEqualTo(2);
            assertThat(Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))).isEqualTo(3);
        });
        assertThat(quorums).as("every broker names the same voters").hasSize(1);
        assertThat(Set.of(quorums.iterator().next().split(","))).isEqualTo(expectedVoters);
        assertThat(clusterIds).hasSize(1).doesNotContainNull();
    }

    @Test
    void shouldPinEveryThirdPartyImageAndTagOwnImagesByTag() {
        compose().get("services").fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            if (image.startsWith("telemetry-pipeline/")) {
                assertThat(image).as(e.getKey()).endsWith(":${TAG:-latest}");
            } else {
                assertThat(image).as(e.getKey()).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest")
                        .doesNotContain("$");
            }
        });
    }

    @Test
    void shouldPutComposeGatewaysInOneSharedSubscriptionWithOwnClientIds() {
        Map<String, JsonNode> gateways = servicesWithImage(compose(), GATEWAY_IMAGE);
        assertThat(gateways).hasSizeGreaterThanOrEqualTo(2);
        Set<String> filters = new HashSet<>();
        Set<String> clientIds = new HashSet<>();
        gateways.forEach((name, svc) -> {
            Map<String, String> env = env(svc);
            assertThat(env.keySet()).as(name).allMatch(GATEWAY_KEYS::reads);
            filters.add(env.get("MQTT_TOPIC_FILTER"));
            clientIds.add(env.getOrDefault("MQTT_CLIENT_ID", "gateway-" + env.get("GATEWAY_ID")));
            assertThat(env).as(name).containsKey("GATEWAY_ID");
            assertThat(publishedContainerPorts(svc)).as(name).containsOnly(env.getOrDefault("HTTP_PORT", "8081"));
        });
        assertThat(filters).hasSize(1);
        assertThat(filters.iterator().next()).startsWith("$share/");
        assertThat(clientIds).hasSameSizeAs(gateways.keySet());
    }

    @Test
    void shouldGiveComposeProcessorsStandbysStateOnVolumesAndDistinctApplicationServers() {
        JsonNode compose = compose();
        Map<String, JsonNode> processors = servicesWithImage(compose, PROCESSOR_IMAGE);
        assertThat(processors).hasSizeGreaterThanOrEqualTo(2);
        Set<String> advertised = new HashSet<>();
        processors.forEach((name, svc) -> {
            Map<String, String> env = env(svc);
            assertThat(env.keySet()).as(name).allMatch(PROCESSOR_KEYS::reads);
            String host = env.get("HTTP_ADVERTISED_HOST");
            assertThat(host).as(name + ": reachable by its service name or host name")
                    .isIn(name, svc.path("hostname").asText());
            advertised.add(host + ":" + env.getOrDefault("HTTP_PORT", "8080"));
            assertThat(publishedContainerPorts(svc)).as(name).containsOnly(env.getOrDefault("HTTP_PORT", "8080"));
            assertThat(Integer.parseInt(env.get("KAFKA_NUM_STANDBY_REPLICAS"))).isGreaterThanOrEqualTo(1);
            List<String> mounts = Manifests.list(svc.path("volumes")).stream()
                    .map(v -> v.asText().split(":")[1]).toList();
            assertThat(mounts).as(name + ": STATE_DIR on a volume")
                    .anyMatch(m -> isUnder(env.get("STATE_DIR"), m));
        });
        assertThat(advertised).as("application.server per processor").hasSameSizeAs(processors.keySet());
    }

    private static List<String> publishedContainerPorts(JsonNode service) {
        return Manifests.list(service.path("ports")).stream().map(p -> p.asText().substring(p.asText().lastIndexOf(':') + 1)).toList();
    }

    @Test
    void shouldScrapeEveryComposeServiceOnItsHttpPort() {
        JsonNode compose = compose();
        JsonNode prometheus = Manifests.readTree(ROOT.resolve("deploy/compose/prometheus/prometheus.yml"));
        Set<String> targets = new HashSet<>();
        Manifests.list(prometheus.get("scrape_configs")).forEach(job -> Manifests.list(job.get("static_configs"))
                .forEach(sc -> Manifests.list(sc.get("targets")).forEach(t -> targets.add(t.asText()))));
        Set<String> expected = new HashSet<>();
        servicesWithImage(compose, GATEWAY_IMAGE).forEach((n, s) -> expected.add(n + ":" + env(s).getOrDefault("HTTP_PORT", "8081")));
        servicesWithImage(compose, PROCESSOR_IMAGE).forEach((n, s) -> expected.add(n + ":" + env(s).getOrDefault("HTTP_PORT", "8080")));
        assertThat(targets).isEqualTo(expected);
        assertThat(Manifests.list(prometheus.get("rule_files")).get(0).asText())
                .isEqualTo("/etc/prometheus/rules/telemetry-alerts.yml");
    }

    // ---------------------------------------------------------------- k8s

    private static List<ObjectNode> render(String profile) {
        return KustomizeLite.render(K8S.resolve(profile));
    }

    private static JsonNode one(List<ObjectNode> docs, String kind, String name) {
        return docs.stream().filter(d -> KustomizeLite.id(d).equals(kind + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static List<JsonNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).map(d -> (JsonNode) d).toList();
    }

    private static JsonNode container(JsonNode workload, String imagePrefix) {
        return Manifests.list(workload.at("/spec/template/spec/containers")).stream()
                .filter(c -> c.path("image").asText().startsWith(imagePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + imagePrefix + " in " + KustomizeLite.id(workload)));
    }

    private static Map<String, JsonNode> containerEnv(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        Manifests.list(container.get("env")).forEach(e -> env.put(e.get("name").asText(), e));
        return env;
    }

    private static String value(Map<String, JsonNode> env, String name, String defaultValue) {
        JsonNode e = env.get(name);
        return e == null ? defaultValue : e.get("value").asText();
    }

    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        return Manifests.list(container.get("ports")).stream().filter(p -> p.path("name").asText().equals(port.asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no port named " + port)).get("containerPort").asInt();
    }

    private static boolean isUnder(String path, String dir) {
        return path != null && (path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldProbeTheRealHealthEndpointsOnTheConfiguredPort(String profile) {
        List<ObjectNode> docs = render(profile);
        Map<String, Integer> defaults = Map.of(GATEWAY_IMAGE, 8081, PROCESSOR_IMAGE, 8080);
        defaults.forEach((image, defaultPort) -> {
            JsonNode c = container(one(docs, "StatefulSet", image.contains("gateway") ? "telemetry-gateway" : "telemetry-processor"), image);
            int port = Integer.parseInt(value(containerEnv(c), "HTTP_PORT", String.valueOf(defaultPort)));
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                if (c.has(probe)) {
                    assertThat(c.at("/" + probe + "/httpGet/path").asText()).isIn(HEALTH);
                    assertThat(containerPort(c, c.at("/" + probe + "/httpGet/port"))).as(image + " " + probe).isEqualTo(port);
                }
            }
            assertThat(c.at("/resources/requests/cpu").isMissingNode()).as(image + " cpu request").isFalse();
            assertThat(c.at("/resources/requests/memory").isMissingNode()).as(image + " memory request").isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldSetOnlyVariablesTheServicesRead(String profile) {
        List<ObjectNode> docs = render(profile);
        Map<String, ConfigKeys> keys = Map.of("telemetry-gateway", GATEWAY_KEYS, "telemetry-processor", PROCESSOR_KEYS);
        keys.forEach((name, allowed) -> {
            JsonNode c = one(docs, "StatefulSet", name).at("/spec/template/spec/containers/0");
            List<String> defined = new ArrayList<>();
            Set<String> referenced = new HashSet<>();
            for (JsonNode e : Manifests.list(c.get("env"))) {
                Matcher m = REF.matcher(e.path("value").asText());
                while (m.find()) {
                    assertThat(defined).as(name + ": $(" + m.group(1) + ") defined before " + e.get("name")).contains(m.group(1));
                    referenced.add(m.group(1));
                }
                defined.add(e.get("name").asText());
            }
            assertThat(defined).as(name + ": each variable once").doesNotHaveDuplicates();
            // a variable the service does not read is only allowed as a helper for $(...) expansion
            assertThat(defined.stream().filter(v -> !allowed.reads(v)).toList()).as(name).isSubsetOf(referenced);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldKeepProcessorStateOnItsVolumeAndAdvertiseItsStableDnsName(String profile) {
        List<ObjectNode> docs = render(profile);
        JsonNode sts = one(docs, "StatefulSet", "telemetry-processor");
        JsonNode c = container(sts, PROCESSOR_IMAGE);
        Map<String, JsonNode> env = containerEnv(c);
        Set<String> claims = Manifests.list(sts.at("/spec/volumeClaimTemplates")).stream()
                .map(v -> v.at("/metadata/name").asText()).collect(Collectors.toSet());
        assertThat(Manifests.list(c.get("volumeMounts"))).as("STATE_DIR on a persistent volume")
                .anyMatch(m -> claims.contains(m.get("name").asText())
                        && isUnder(value(env, "STATE_DIR", null), m.get("mountPath").asText()));

        String headless = sts.at("/spec/serviceName").asText();
        JsonNode svc = one(docs, "Service", headless);
        assertThat(svc.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(svc.at("/spec/selector")).isEqualTo(sts.at("/spec/selector/matchLabels"));
        assertThat(value(env, "HTTP_ADVERTISED_HOST", null))
                .isEqualTo("$(POD_NAME)." + headless + ".$(POD_NAMESPACE).svc.cluster.local");
        assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
        int port = Integer.parseInt(value(env, "HTTP_PORT", "8080"));
        assertThat(Manifests.list(svc.at("/spec/ports"))).anyMatch(p -> p.get("port").asInt() == port
                && containerPort(c, p.get("targetPort")) == port);
        assertThat(Integer.parseInt(value(env, "KAFKA_NUM_STANDBY_REPLICAS", "1"))).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldGiveGatewaysStableClientIdsInOneSharedSubscriptionAndScaleThem(String profile) {
        List<ObjectNode> docs = render(profile);
        JsonNode sts = one(docs, "StatefulSet", "telemetry-gateway");
        Map<String, JsonNode> env = containerEnv(container(sts, GATEWAY_IMAGE));
        assertThat(env.get("GATEWAY_ID").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(env).as("MQTT_CLIENT_ID defaults to gateway-<GATEWAY_ID>").doesNotContainKey("MQTT_CLIENT_ID");
        assertThat(value(env, "MQTT_TOPIC_FILTER", "")).startsWith("$share/");

        JsonNode hpa = one(docs, "HorizontalPodAutoscaler", "telemetry-gateway");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("telemetry-gateway");
        assertThat(Manifests.list(hpa.at("/spec/metrics"))).anyMatch(m -> m.at("/resource/name").asText().equals("cpu"))
                .anyMatch(m -> m.at("/pods/metric/name").asText().equals("telemetry_gateway_messages_in_flight"));
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(hpa.at("/spec/maxReplicas").asInt());

        for (String name : List.of("telemetry-gateway", "telemetry-processor")) {
            JsonNode pdb = one(docs, "PodDisruptionBudget", name);
            assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(one(docs, "StatefulSet", name).at("/spec/selector/matchLabels"));
        }
        JsonNode monitor = one(docs, "ServiceMonitor", "telemetry-pipeline");
        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        List<JsonNode> scraped = ofKind(docs, "Service").stream().filter(s -> contains(s.at("/metadata/labels"), selector)).toList();
        assertThat(scraped).extracting(s -> s.at("/spec/selector/app.kubernetes.io~1name").asText())
                .containsExactlyInAnyOrder("telemetry-gateway", "telemetry-processor");
        for (JsonNode endpoint : Manifests.list(monitor.at("/spec/endpoints"))) {
            assertThat(endpoint.get("path").asText()).isEqualTo("/metrics");
            assertThat(scraped).allMatch(s -> Manifests.list(s.at("/spec/ports")).stream()
                    .anyMatch(p -> p.get("name").asText().equals(endpoint.get("port").asText())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldLetAGatewayRemovedByTheAutoscalerDrainBeforeItIsKilled(String profile) {
        JsonNode sts = one(render(profile), "StatefulSet", "telemetry-gateway");
        Map<String, JsonNode> env = containerEnv(container(sts, GATEWAY_IMAGE));
        assertThat(value(env, "MQTT_SHUTDOWN_MODE", "keep-session")).as("a scaled-in gateway leaves its group")
                .isEqualTo("leave");
        ConfigSource durations = ConfigSource.of(Map.of(
                "drain", value(env, "MQTT_SHUTDOWN_DRAIN_TIMEOUT", "30s"),
                "flush", value(env, "SHUTDOWN_TIMEOUT", "10s")));
        long neededSeconds = durations.duration("drain", null).plus(durations.duration("flush", null)).toSeconds();
        assertThat(sts.at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
                .as("terminationGracePeriodSeconds against MQTT_SHUTDOWN_DRAIN_TIMEOUT + SHUTDOWN_TIMEOUT")
                .isGreaterThan(neededSeconds);
    }

    private static boolean contains(JsonNode labels, JsonNode selector) {
        Set<Map.Entry<String, JsonNode>> have = new HashSet<>();
        labels.fields().forEachRemaining(have::add);
        List<Map.Entry<String, JsonNode>> want = new ArrayList<>();
        selector.fields().forEachRemaining(want::add);
        return have.containsAll(want);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldDefineTopicsCoPartitionedCompactedAndReplicatedAsTheServicesCreateThem(String profile) {
        List<ObjectNode> docs = render(profile);
        Map<String, JsonNode> topics = new HashMap<>();
        ofKind(docs, "KafkaTopic").forEach(t -> topics.put(t.at("/metadata/name").asText(), t.get("spec")));
        assertThat(topics.keySet()).containsAll(KEYED_BY_DEVICE).contains(Topics.RULES);
        assertThat(topics.get(Topics.DEVICE_STATE).at("/config/cleanup.policy").asText()).isEqualTo("compact");
        assertThat(topics.get(Topics.RULES).at("/config/cleanup.policy").asText()).isEqualTo("compact");
        assertThat(topics.get(Topics.ANOMALIES).at("/config/cleanup.policy").asText()).isEqualTo("delete");
        Set<Integer> partitions = KEYED_BY_DEVICE.stream().map(t -> topics.get(t).get("partitions").asInt()).collect(Collectors.toSet());
        assertThat(partitions).as("topics keyed by deviceId are co-partitioned").hasSize(1);
        int replicas = topics.get(Topics.READINGS).get("replicas").asInt();
        for (JsonNode t : topics.values()) {
            assertThat(t.get("replicas").asInt()).isEqualTo(replicas);
            int minIsr = t.at("/config/min.insync.replicas").asInt(1);
            assertThat(minIsr).isLessThanOrEqualTo(Math.max(1, replicas - 1));
        }
        // what the services would create (and what the processor gives its changelog topics) matches
        for (String name : List.of("telemetry-gateway", "telemetry-processor")) {
            Map<String, JsonNode> env = containerEnv(one(docs, "StatefulSet", name).at("/spec/template/spec/containers/0"));
            assertThat(Integer.parseInt(value(env, "TOPICS_PARTITIONS", "6"))).as(name).isEqualTo(partitions.iterator().next());
            assertThat(Integer.parseInt(value(env, "TOPICS_REPLICATION_FACTOR", "1"))).as(name).isEqualTo(replicas);
        }
        if (profile.endsWith("large")) {
            assertThat(replicas).isGreaterThanOrEqualTo(3);
            assertThat(topics.values()).allMatch(t -> t.at("/config/min.insync.replicas").asText().equals("2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/small", "overlays/large"})
    void shouldRenderLikeKubectlKustomize(String profile) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl not installed: KustomizeLite is not cross-checked");
        Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(profile).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(canonical(Manifests.parseAll(out))).isEqualTo(canonical(render(profile)));
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Resources by kind/name; lists of named objects sorted by name (Kustomize may reorder merged env). */
    private static Map<String, JsonNode> canonical(List<ObjectNode> docs) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        docs.forEach(d -> out.put(KustomizeLite.id(d), sortNamed(d.deepCopy())));
        return out;
    }

    private static JsonNode sortNamed(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> o.set(e.getKey(), sortNamed(e.getValue())));
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(i -> items.add(sortNamed(i)));
            if (items.stream().allMatch(i -> i.has("name"))) {
                items.sort(Comparator.comparing(i -> i.get("name").asText()));
            }
            a.removeAll();
            a.addAll(items);
        }
        return node;
    }
}
