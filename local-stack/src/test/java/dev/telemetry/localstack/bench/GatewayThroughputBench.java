package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.kafka.EmbeddedKafka;
import dev.telemetry.localstack.support.TempDirs;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import dev.telemetry.net.NoDelaySocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import dev.telemetry.simulator.mqtt.OnMessage;

/**
 * The gateway's throughput against the broker's ceiling, side by side in one run: one Mosquitto process,
 * the in-JVM KRaft Kafka, the same QoS 1 publishers feeding
 * <ol>
 * <li><b>ceiling</b>: no-op Paho v5 subscribers (manual acks, persistent session, the gateway's receive
 *     maximum) in one shared subscription, as many connections as gateways;</li>
 * <li><b>gateway</b>: that many gateways (in this JVM) in one shared subscription, each acknowledging a
 *     message only after Kafka ({@code acks=all}, idempotent) has all its readings.</li>
 * </ol>
 * for two payloads: single-reading JSON messages and 10-reading SenML packs. Phases alternate run by run
 * (ceiling, gateway, ceiling, gateway, ...) after a warm-up of each, and the medians are compared. A run
 * ends when the last message is delivered (ceiling) or acknowledged by a gateway (gateway); afterwards the
 * readings in {@code telemetry.readings} are counted from the topic's offsets and must add up. Not a test:
 * a tool; see {@code docs/benchmarks.md}.
 *
 * <p>Options (defaults in brackets): {@code --payloads json,senml} [both], {@code --json-messages N} [100000],
 * {@code --senml-messages N} [30000], {@code --runs N} [3], {@code --publishers N} [2] publisher connections,
 * {@code --window N} [1000] in flight per publisher, {@code --gateways N} [2], {@code --devices N} [1000],
 * {@code --receive-maximum N} [1000], {@code --gateway key=value} (repeatable; any gateway setting, e.g.
 * {@code kafka.linger.ms=10}), {@code --output DIR} [target/bench-gateway].
 */
public final class GatewayThroughputBench {

    /** One measured phase of one run. */
    record Phase(String payload, String phase, int run, long messages, long readings, double seconds,
            Map<String, Long> cpuNanos) {
        /** CPU microseconds per message, all parts together. */
        double cpuMicrosPerMessage() {
            return cpuNanos.values().stream().mapToLong(Long::longValue).sum() / 1e3 / messages;
        }

        double messagesPerSecond() {
            return messages / seconds;
        }

        double readingsPerSecond() {
            return readings / seconds;
        }
    }

    private enum Payload {
        JSON("json", 1), SENML("senml-json", 10);

        final String format;
        final int readingsPerMessage;

        Payload(String format, int readingsPerMessage) {
            this.format = format;
            this.readingsPerMessage = readingsPerMessage;
        }

        String label() {
            return this == JSON ? "json (1 reading/message)" : "senml-json (10 readings/pack)";
        }
    }

    private static final String[][] SENML_METRICS = {
        {"temperature", "Cel"}, {"humidity", "%RH"}, {"pressure", "hPa"}, {"wind", "km/h"},
        {"energy", "Wh"}, {"power", "W"}, {"voltage", "V"}, {"current", "mA"}, {"level", "cm"},
        {"outside", "degF"}};

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = parse(args);
        List<Payload> payloads = one(opts, "payloads", "json,senml").equals("json,senml")
                ? List.of(Payload.JSON, Payload.SENML)
                : java.util.Arrays.stream(one(opts, "payloads", "").split(","))
                        .map(p -> switch (p.trim()) {
                            case "json" -> Payload.JSON;
                            case "senml" -> Payload.SENML;
                            default -> throw new IllegalArgumentException("--payloads: json and/or senml, was " + p);
                        }).toList();
        int jsonMessages = Integer.parseInt(one(opts, "json-messages", "100000"));
        int senmlMessages = Integer.parseInt(one(opts, "senml-messages", "30000"));
        int runs = Integer.parseInt(one(opts, "runs", "3"));
        int publishers = Integer.parseInt(one(opts, "publishers", "2"));
        int window = Integer.parseInt(one(opts, "window", "1000"));
        int gateways = Integer.parseInt(one(opts, "gateways", "2"));
        int devices = Integer.parseInt(one(opts, "devices", "1000"));
        int receiveMaximum = Integer.parseInt(one(opts, "receive-maximum", "1000"));
        Path output = Path.of(one(opts, "output", "target/bench-gateway"));
        Map<String, String> gatewayOverrides = new LinkedHashMap<>();
        for (String kv : opts.getOrDefault("gateway", List.of())) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--gateway takes key=value, was " + kv);
            }
            gatewayOverrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }

        System.out.printf(Locale.ROOT, "gateway throughput benchmark: %d cores, Java %s, %d publisher connections "
                        + "(window %d), %d gateways / %d no-op subscribers (receive maximum %d), %d devices, "
                        + "%d measured runs; gateway overrides %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), publishers, window,
                gateways, gateways, receiveMaximum, devices, runs, gatewayOverrides);

        List<Phase> results = new ArrayList<>();
        Path kafkaDir = TempDirs.create("bench-kafka");
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
             EmbeddedKafka kafka = EmbeddedKafka.start(0, kafkaDir);
             QosPublishers pubs = new QosPublishers(mosquitto.url(), "bench-pub", publishers, window, true)) {
            System.out.printf("mosquitto %s, kafka %s%n", mosquitto.url(), kafka.bootstrapServers());
            for (Payload payload : payloads) {
                int messages = payload == Payload.JSON ? jsonMessages : senmlMessages;
                results.addAll(benchPayload(payload, messages, runs, devices, gateways, receiveMaximum,
                        gatewayOverrides, mosquitto, kafka, pubs));
            }
        } finally {
            TempDirs.deleteRecursively(kafkaDir);
        }
        report(results, payloads, output);
    }

    private static List<Phase> benchPayload(Payload payload, int messages, int runs, int devices, int gatewayCount,
            int receiveMaximum, Map<String, String> overrides, MosquittoProcess mosquitto, EmbeddedKafka kafka,
            QosPublishers pubs) throws Exception {
        String name = payload == Payload.JSON ? "json" : "senml";
        String ceilingRoot = "bench/ceiling-" + name;
        String gatewayRoot = "bench/gw-" + name;
        List<Phase> phases = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        try (NoOpSubscribers ceiling = new NoOpSubscribers(mosquitto.url(), "bench-ceiling-" + name, gatewayCount,
                receiveMaximum, "$share/ceiling/" + ceilingRoot + "/+")) {
            for (int g = 1; g <= gatewayCount; g++) {
                gateways.add(startGateway(payload, name, g, gatewayRoot, receiveMaximum, overrides, mosquitto, kafka));
            }
            LongSupplier acknowledged = () -> gateways.stream().mapToLong(Gateway::acknowledgedCount).sum();
            CpuAccounting cpu = new CpuAccounting(GatewayThroughputBench::partOf, mosquitto.pid());
            for (int run = 0; run <= runs; run++) {
                int count = run == 0 ? Math.max(1, messages / 5) : messages;
                String label = run == 0 ? "warm-up" : "run " + run;

                long base = ceiling.received();
                Map<String, Long> cpuBefore = cpu.snapshot();
                long start = pubs.publish(count, messages(payload, ceilingRoot, devices, run));
                long end = awaitCount(() -> ceiling.received() - base, count, ceiling::lastReceivedNanos, start);
                Phase c = new Phase(name, "ceiling", run, count, (long) count * payload.readingsPerMessage,
                        (end - start) / 1e9, CpuAccounting.difference(cpuBefore, cpu.snapshot()));

                long ackBase = acknowledged.getAsLong();
                long offsetsBefore = readingsInKafka(kafka);
                cpuBefore = cpu.snapshot();
                start = pubs.publish(count, messages(payload, gatewayRoot, devices, run));
                end = awaitCount(() -> acknowledged.getAsLong() - ackBase, count, System::nanoTime, start);
                Phase g = new Phase(name, "gateway", run, count, (long) count * payload.readingsPerMessage,
                        (end - start) / 1e9, CpuAccounting.difference(cpuBefore, cpu.snapshot()));
                long inKafka = readingsInKafka(kafka) - offsetsBefore;
                long dead = gateways.stream().mapToLong(Gateway::deadLetteredCount).sum();
                System.out.printf(Locale.ROOT, "%-6s %-8s ceiling %,9.0f msg/s %,10.0f readings/s | gateway %,9.0f msg/s "
                                + "%,10.0f readings/s | ratio %.2f | readings in Kafka %,d of %,d, dead letters %d%n",
                        name, label, c.messagesPerSecond(), c.readingsPerSecond(), g.messagesPerSecond(),
                        g.readingsPerSecond(), g.messagesPerSecond() / c.messagesPerSecond(), inKafka,
                        g.readings(), dead);
                System.out.printf(Locale.ROOT, "%-6s %-8s CPU µs/message: ceiling %.1f %s | gateway %.1f %s%n", name,
                        label, c.cpuMicrosPerMessage(), perMessage(c), g.cpuMicrosPerMessage(), perMessage(g));
                if (inKafka < g.readings() || dead > 0) {
                    throw new IllegalStateException("readings missing from Kafka or dead-lettered: " + inKafka
                            + " of " + g.readings() + ", " + dead + " dead letters");
                }
                if (run > 0) {
                    phases.add(c);
                    phases.add(g);
                }
            }
        } finally {
            for (Gateway g : gateways) {
                g.close();
            }
        }
        return phases;
    }

    private static Gateway startGateway(Payload payload, String name, int g, String root, int receiveMaximum,
            Map<String, String> overrides, MosquittoProcess mosquitto, EmbeddedKafka kafka) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("gateway.id", "bench-" + name + "-" + g);
        cfg.put("mqtt.url", mosquitto.url());
        cfg.put("mqtt.receive-maximum", Integer.toString(receiveMaximum));
        cfg.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        cfg.put("topics.replication-factor", "1");
        cfg.put("http.host", "127.0.0.1");
        cfg.put("http.port", "0");
        cfg.put("subscriptions", "bench");
        cfg.put("subscription.bench.filter", "$share/gateways/" + root + "/+");
        cfg.put("subscription.bench.format", payload.format);
        cfg.put("subscription.bench.topic-template", root + "/{deviceId}");
        cfg.putAll(overrides);
        return Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)));
    }

    /** The benchmark's messages: device {@code i % devices}, event times 1 s apart per device. */
    private static QosPublishers.Messages messages(Payload payload, String root, int devices, int run) {
        long epochMs = 1_767_225_600_000L + run * 100_000_000L; // 2026-01-01, a fresh range per run
        return new QosPublishers.Messages() {
            @Override
            public String topic(int i) {
                return root + "/" + device(i % devices);
            }

            @Override
            public byte[] payload(int i) {
                long ts = epochMs + (i / devices) * 1000L;
                double v = 20 + (i % 97) / 10.0;
                if (payload == Payload.JSON) {
                    return ("{\"ts\":" + ts + ",\"seq\":" + i / devices + ",\"temperature\":" + v + "}")
                            .getBytes(StandardCharsets.UTF_8);
                }
                ArrayNode pack = Json.mapper().createArrayNode();
                for (int m = 0; m < SENML_METRICS.length; m++) {
                    ObjectNode r = pack.addObject();
                    if (m == 0) {
                        r.put("bn", device(i % devices) + ":");
                        r.put("bt", ts / 1000.0);
                    }
                    r.put("n", SENML_METRICS[m][0]);
                    r.put("u", SENML_METRICS[m][1]);
                    r.put("v", v + m);
                }
                try {
                    return Json.mapper().writeValueAsBytes(pack);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** Which part of the benchmark a thread of this JVM belongs to, by the names clients give their threads. */
    static String partOf(String thread) {
        if (thread.contains("bench-pub")) {
            return "publishers";
        }
        if (thread.contains("bench-ceiling")) {
            return "no-op subscribers";
        }
        if (thread.contains("gateway")) {
            return "gateways";
        }
        if (thread.startsWith("kafka") || thread.startsWith("data-plane") || thread.startsWith("quorum")
                || thread.startsWith("controller") || thread.startsWith("broker") || thread.contains("raft")
                || thread.startsWith("ExpirationReaper") || thread.startsWith("log-")
                || thread.startsWith("transaction") || thread.startsWith("group-")
                || thread.startsWith("share-") || thread.startsWith("LogDirFailureHandler")) {
            return "kafka broker";
        }
        return "other threads";
    }

    private static String perMessage(Phase p) {
        return p.cpuNanos().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e3 / p.messages()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String device(int d) {
        return String.format(Locale.ROOT, "bench-%05d", d);
    }

    /**
     * Waits until {@code count} reaches {@code target}, or fails when it stops moving for 60 s.
     *
     * @return when it got there, by {@code endNanos}
     */
    private static long awaitCount(LongSupplier count, long target, LongSupplier endNanos, long start)
            throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = count.getAsLong();
            if (now >= target) {
                return endNanos.getAsLong();
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException("stuck at " + now + " of " + target + " after "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /** Records in {@code telemetry.readings}: the sum of its partitions' end offsets (no transactions here). */
    private static long readingsInKafka(EmbeddedKafka kafka) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            int partitions = admin.describeTopics(List.of(Topics.READINGS)).allTopicNames().get()
                    .get(Topics.READINGS).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.READINGS, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static void report(List<Phase> results, List<Payload> payloads, Path output) throws IOException {
        System.out.println();
        System.out.println("payload                        ceiling msg/s  gateway msg/s  gateway readings/s  ratio (msg/s)"
                + "  CPU µs/msg ceiling  gateway");
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("java", System.getProperty("java.version"));
        ArrayNode rows = json.putArray("results");
        for (Payload payload : payloads) {
            String name = payload == Payload.JSON ? "json" : "senml";
            double ceiling = median(results, name, "ceiling", Phase::messagesPerSecond);
            double gateway = median(results, name, "gateway", Phase::messagesPerSecond);
            double readings = median(results, name, "gateway", Phase::readingsPerSecond);
            double ceilingCpu = median(results, name, "ceiling", Phase::cpuMicrosPerMessage);
            double gatewayCpu = median(results, name, "gateway", Phase::cpuMicrosPerMessage);
            System.out.printf(Locale.ROOT, "%-30s %,13.0f  %,13.0f  %,18.0f  %13.2f  %18.1f  %7.1f%n", payload.label(),
                    ceiling, gateway, readings, gateway / ceiling, ceilingCpu, gatewayCpu);
            ObjectNode row = rows.addObject();
            row.put("payload", payload.label());
            row.put("ceilingMessagesPerSecond", Math.round(ceiling));
            row.put("gatewayMessagesPerSecond", Math.round(gateway));
            row.put("gatewayReadingsPerSecond", Math.round(readings));
            row.put("ratio", Math.round(gateway / ceiling * 100) / 100.0);
            row.put("ceilingCpuMicrosPerMessage", Math.round(ceilingCpu * 10) / 10.0);
            row.put("gatewayCpuMicrosPerMessage", Math.round(gatewayCpu * 10) / 10.0);
            ArrayNode runs = row.putArray("runs");
            results.stream().filter(r -> r.payload().equals(name)).forEach(r -> runs.addPOJO(Map.of(
                    "phase", r.phase(), "run", r.run(), "messages", r.messages(), "readings", r.readings(),
                    "seconds", r.seconds(), "cpuNanos", r.cpuNanos())));
        }
        Files.createDirectories(output);
        Path file = output.resolve("result.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        System.out.println("medians of the measured runs; details in " + file.toAbsolutePath());
    }

    private static double median(List<Phase> results, String payload, String phase,
            java.util.function.ToDoubleFunction<Phase> value) {
        double[] v = results.stream().filter(r -> r.payload().equals(payload) && r.phase().equals(phase))
                .mapToDouble(value).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** Paho v5 subscribers that only count and acknowledge: the broker's delivery ceiling for one consumer group. */
    private static final class NoOpSubscribers implements AutoCloseable {
        private final List<MqttAsyncClient> clients = new ArrayList<>();
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong lastReceivedNanos = new AtomicLong();

        NoOpSubscribers(String url, String clientIdPrefix, int connections, int receiveMaximum, String filter)
                throws MqttException {
            for (int c = 0; c < connections; c++) {
                MqttAsyncClient client = new MqttAsyncClient(url, clientIdPrefix + "-" + c, new MemoryPersistence());
                client.setManualAcks(true);
                client.setCallback(OnMessage.of((topic, message) -> {
                    received.incrementAndGet();
                    lastReceivedNanos.set(System.nanoTime());
                    ack(client, message);
                }));
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                options.setSessionExpiryInterval(300L);
                options.setReceiveMaximum(receiveMaximum);
                options.setSocketFactory(new NoDelaySocketFactory());
                client.connect(options).waitForCompletion(10_000);
                client.subscribe(filter, 1).waitForCompletion(10_000);
                clients.add(client);
            }
        }

        private static void ack(MqttAsyncClient client, MqttMessage message) {
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                System.err.println("ack failed: " + e);
            }
        }

        long received() {
            return received.get();
        }

        long lastReceivedNanos() {
            return lastReceivedNanos.get();
        }

        @Override
        public void close() {
            MqttProperties expireNow = new MqttProperties();
            expireNow.setSessionExpiryInterval(0L);
            for (MqttAsyncClient client : clients) {
                try {
                    client.disconnect(10_000, null, null, 0, expireNow).waitForCompletion(10_000);
                    client.close();
                } catch (MqttException e) {
                    System.err.println("closing a subscriber: " + e);
                }
            }
        }
    }

    private static String one(Map<String, List<String>> opts, String key, String def) {
        List<String> v = opts.get(key);
        return v == null ? def : v.get(v.size() - 1);
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; options start with --");
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            opts.computeIfAbsent(key, k -> new ArrayList<>()).add(flag ? "true" : args[++i]);
        }
        return opts;
    }

    private GatewayThroughputBench() {
    }
}
