package dev.telemetry.simulator;

import dev.telemetry.config.ConfigException;
import dev.telemetry.model.Reading;
import dev.telemetry.net.TlsFiles;
import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.fault.FaultConfig;
import dev.telemetry.simulator.format.MixedFormat;
import dev.telemetry.simulator.format.PayloadFormat;
import dev.telemetry.simulator.format.SparkplugFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything a simulator run needs; validated on construction (an {@link IllegalArgumentException}
 * names the field, its command-line option and what is allowed). Build one with {@link #builder()}
 * or start from {@link #defaults()} and {@link #toBuilder()}.
 *
 * @param mqttUrl           broker URL, {@code tcp://}, {@code ssl://}, {@code ws://} or {@code wss://}
 * @param username          MQTT user name, or null
 * @param password          MQTT password, or null (masked in {@link #toString()})
 * @param qos               MQTT QoS of every message, 0..2
 * @param topicPrefix       messages go to {@code <topicPrefix>/<deviceId>}
 * @param devicePrefix      device ids are the prefix plus a zero-padded 1-based number: {@code sim-00001}
 * @param devices           number of simulated devices
 * @param readingsPerSecond target readings (metric values) per second for the whole fleet; each message
 *                          carries one reading per metric, so messages/s = readingsPerSecond / metrics
 * @param duration          stop after this long, or null to run until {@link Simulator#stop()}
 * @param count             stop after this many readings (rounded up to whole messages), or 0 for no limit
 * @param connections       MQTT connections the devices are spread over (device i uses connection i mod n)
 * @param seed              seed of the simulated values; the same seed gives the same values per device and seq
 * @param maxInFlight       unsettled publishes allowed per connection (capped by the broker's receive maximum)
 * @param format            payload format name: {@code json}, {@code senml-json}, {@code senml-cbor}, {@code plain},
 *                          {@code sparkplug-b} or {@code mixed} (see {@code format.PayloadFormat} and the README)
 * @param recordFile        write every delivered message to this JSON-lines file, or null
 * @param clientIdPrefix    MQTT client ids are {@code <clientIdPrefix>-<connection number>}
 * @param connectTimeout    how long connecting may take before {@link Simulator#start} fails
 * @param drainTimeout      how long a finished or stopped run waits for unsettled publishes
 * @param faults            faults to inject ({@link FaultConfig#NONE} for a clean run)
 * @param mqttVersion       3 (MQTT 3.1.1: no content type or other properties travel) or 5
 * @param connectionDrops   injected connection drops per connection per minute at the target rate, 0 for
 *                          none; when above 0 every connection keeps a persistent session so that QoS 1/2
 *                          messages in flight at a drop are resent (see {@code fault.DropSchedule})
 * @param tls               CA, client certificate and host name checking for {@code ssl://} and {@code wss://}
 *                          ({@link #NO_TLS} for the JVM's trust store and no client certificate)
 */
public record SimulatorConfig(
        String mqttUrl,
        String username,
        String password,
        int qos,
        String topicPrefix,
        String devicePrefix,
        int devices,
        double readingsPerSecond,
        Duration duration,
        long count,
        int connections,
        long seed,
        int maxInFlight,
        String format,
        Path recordFile,
        String clientIdPrefix,
        Duration connectTimeout,
        Duration drainTimeout,
        FaultConfig faults,
        int mqttVersion,
        double connectionDrops,
        TlsFiles tls) {

    public static final int MAX_DEVICES = 1_000_000;
    /** The command-line options of the TLS fields, named in error messages. */
    public static final TlsFiles.Names TLS_OPTIONS = new TlsFiles.Names("--mqtt-url", "--ca-file", "--cert-file",
            "--key-file", "--key-password-file", "--insecure-skip-hostname-verify");
    /** No TLS options. */
    public static final TlsFiles NO_TLS = TlsFiles.none(TLS_OPTIONS);
    private static final List<String> SCHEMES = List.of("tcp", "ssl", "ws", "wss");

    public SimulatorConfig {
        checkUrl(mqttUrl);
        check(qos >= 0 && qos <= 2, "qos (--qos) must be 0, 1 or 2, got " + qos);
        check(topicPrefix != null && !topicPrefix.isEmpty() && !topicPrefix.endsWith("/")
                        && topicPrefix.chars().noneMatch(c -> c == '+' || c == '#' || c == 0),
                "topicPrefix (--topic-prefix) must be a non-empty topic without wildcards (+ #) or a trailing /, got '"
                        + topicPrefix + "'");
        check(devicePrefix != null && !devicePrefix.contains("/") && Reading.isValidName(devicePrefix + "00001"),
                "devicePrefix (--device-prefix) must be characters of [A-Za-z0-9._:-] (device ids become topic levels), got '"
                        + devicePrefix + "'");
        check(devices >= 1 && devices <= MAX_DEVICES,
                "devices (--devices) must be between 1 and " + MAX_DEVICES + ", got " + devices);
        check(readingsPerSecond > 0 && Double.isFinite(readingsPerSecond),
                "readingsPerSecond (--rate) must be a positive number of readings per second, got " + readingsPerSecond);
        check(duration == null || (!duration.isNegative() && !duration.isZero()),
                "duration (--duration) must be positive, got " + duration);
        check(count >= 0, "count (--count) must be positive (or 0 for no limit), got " + count);
        check(connections >= 1 && connections <= devices,
                "connections (--connections) must be between 1 and the number of devices (" + devices + "), got "
                        + connections);
        check(maxInFlight >= 1 && maxInFlight <= 65_535,
                "maxInFlight (--max-in-flight) must be between 1 and 65535, got " + maxInFlight);
        check(format != null, "format (--format) is required, known: " + PayloadFormat.names());
        PayloadFormat payloadFormat = PayloadFormat.byName(format);
        check(!(payloadFormat instanceof SparkplugFormat || payloadFormat instanceof MixedFormat)
                        || topicPrefix.matches("[A-Za-z0-9._-]+"),
                "topicPrefix (--topic-prefix) is the Sparkplug group id with --format " + format
                        + ": one topic level of [A-Za-z0-9._-], got '" + topicPrefix + "'");
        check(clientIdPrefix != null && !clientIdPrefix.isBlank(), "clientIdPrefix must not be blank");
        check(isPositive(connectTimeout), "connectTimeout must be positive, got " + connectTimeout);
        check(isPositive(drainTimeout), "drainTimeout must be positive, got " + drainTimeout);
        check(faults != null, "faults must not be null (FaultConfig.NONE for none)");
        check(mqttVersion == 3 || mqttVersion == 5, "mqttVersion (--mqtt-version) must be 3 or 5, got " + mqttVersion);
        check(mqttVersion == 5 || !(payloadFormat instanceof MixedFormat),
                "format (--format) mixed needs --mqtt-version 5: json and SenML share a topic and the gateway tells them"
                        + " apart by the MQTT 5 content type, which MQTT 3.1.1 cannot carry");
        check(connectionDrops >= 0 && Double.isFinite(connectionDrops),
                "connectionDrops (--connection-drops) must be drops per connection per minute, 0 or more, got "
                        + connectionDrops);
        check(connectionDrops == 0 || mqttUrl.startsWith("tcp://"),
                "connectionDrops (--connection-drops) needs a tcp:// broker URL (the simulator closes the TCP socket"
                        + " under the client), got " + mqttUrl);
        check(tls != null, "tls must not be null (SimulatorConfig.NO_TLS for none)");
        try {
            tls.requireTlsUrl(mqttUrl, URI.create(mqttUrl).getScheme());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The defaults of every field (a random seed and client id prefix); see {@link Builder}. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id of the device at 0-based {@code index}, e.g. {@code sim-00001} for index 0. */
    public String deviceId(int index) {
        return DeviceModel.deviceId(devicePrefix, index, devices);
    }

    /** The topic device {@code deviceId} publishes to in the json and SenML formats. */
    public String topic(String deviceId) {
        return topicPrefix + "/" + deviceId;
    }

    @Override
    public String toString() {
        return "SimulatorConfig[mqttUrl=" + mqttUrl + ", username=" + username + ", password="
                + (password == null ? null : "****") + ", qos=" + qos + ", topicPrefix=" + topicPrefix
                + ", devicePrefix=" + devicePrefix + ", devices=" + devices + ", readingsPerSecond=" + readingsPerSecond
                + ", duration=" + duration + ", count=" + count + ", connections=" + connections + ", seed=" + seed
                + ", maxInFlight=" + maxInFlight + ", format=" + format + ", recordFile=" + recordFile
                + ", clientIdPrefix=" + clientIdPrefix + ", connectTimeout=" + connectTimeout
                + ", drainTimeout=" + drainTimeout + ", faults=" + faults + ", mqttVersion=" + mqttVersion
                + ", connectionDrops=" + connectionDrops + (tls.isConfigured() ? ", " + tls : "") + "]";
    }

    private static void checkUrl(String url) {
        String expected = "mqttUrl (--mqtt-url, env MQTT_URL) must be a URL like tcp://host:1883 with scheme one of "
                + SCHEMES + ", got '" + url + "'";
        check(url != null, expected);
        try {
            URI uri = new URI(url);
            check(uri.getScheme() != null && SCHEMES.contains(uri.getScheme()) && uri.getHost() != null, expected);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Mutable builder; every setter returns the builder. Defaults are noted per field. */
    public static final class Builder {
        private String mqttUrl = "tcp://localhost:1883";
        private String username;
        private String password;
        private int qos = 1;
        private String topicPrefix = "sensors";
        private String devicePrefix = "sim-";
        private int devices = 100;
        private double readingsPerSecond = 1000;
        private Duration duration;
        private long count;
        private int connections = 1;
        private long seed = ThreadLocalRandom.current().nextLong();
        private int maxInFlight = 1000;
        private String format = "json";
        private Path recordFile;
        private String clientIdPrefix = "device-simulator-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(10);
        private FaultConfig faults = FaultConfig.NONE;
        private int mqttVersion = 5;
        private double connectionDrops;
        private TlsFiles tls = NO_TLS;

        private Builder() {
        }

        private Builder(SimulatorConfig c) {
            mqttUrl = c.mqttUrl; username = c.username; password = c.password; qos = c.qos;
            topicPrefix = c.topicPrefix; devicePrefix = c.devicePrefix; devices = c.devices;
            readingsPerSecond = c.readingsPerSecond; duration = c.duration; count = c.count;
            connections = c.connections; seed = c.seed; maxInFlight = c.maxInFlight; format = c.format;
            recordFile = c.recordFile; clientIdPrefix = c.clientIdPrefix; connectTimeout = c.connectTimeout;
            drainTimeout = c.drainTimeout;
            faults = c.faults;
            mqttVersion = c.mqttVersion;
            connectionDrops = c.connectionDrops;
            tls = c.tls;
        }

        /** Default {@code tcp://localhost:1883}. */
        public Builder mqttUrl(String v) { mqttUrl = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(String v) { password = v; return this; }
        /** Default 1. */
        public Builder qos(int v) { qos = v; return this; }
        /** Default {@code sensors}. */
        public Builder topicPrefix(String v) { topicPrefix = v; return this; }
        /** Default {@code sim-}. */
        public Builder devicePrefix(String v) { devicePrefix = v; return this; }
        /** Default 100. */
        public Builder devices(int v) { devices = v; return this; }
        /** Readings per second for the fleet; default 1000. */
        public Builder readingsPerSecond(double v) { readingsPerSecond = v; return this; }
        /** Default null: until stopped. */
        public Builder duration(Duration v) { duration = v; return this; }
        /** Readings; default 0: no limit. */
        public Builder count(long v) { count = v; return this; }
        /** Default 1. */
        public Builder connections(int v) { connections = v; return this; }
        /** Default: random. */
        public Builder seed(long v) { seed = v; return this; }
        /** Default 1000. */
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        /** Default {@code json}. */
        public Builder format(String v) { format = v; return this; }
        /** Default null: no recording. */
        public Builder recordFile(Path v) { recordFile = v; return this; }
        /** Default {@code device-simulator-<random hex>}. */
        public Builder clientIdPrefix(String v) { clientIdPrefix = v; return this; }
        /** Default 10 s. */
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        /** Default 10 s. */
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }

        /** Default {@link FaultConfig#NONE}. */
        public Builder faults(FaultConfig v) { faults = v; return this; }
        /** 3 or 5; default 5. */
        public Builder mqttVersion(int v) { mqttVersion = v; return this; }
        /** Drops per connection per minute; default 0: none. */
        public Builder connectionDrops(double v) { connectionDrops = v; return this; }

        /** Default {@link #NO_TLS}; build it with {@link #TLS_OPTIONS} so messages name the options. */
        public Builder tls(TlsFiles v) { tls = v; return this; }

        public SimulatorConfig build() {
            return new SimulatorConfig(mqttUrl, username, password, qos, topicPrefix, devicePrefix, devices,
                    readingsPerSecond, duration, count, connections, seed, maxInFlight, format, recordFile,
                    clientIdPrefix, connectTimeout, drainTimeout, faults, mqttVersion, connectionDrops, tls);
        }
    }
}
