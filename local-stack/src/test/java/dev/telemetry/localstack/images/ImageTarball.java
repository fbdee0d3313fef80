package dev.telemetry.localstack.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker save} style image tarball as {@code jib:buildTar} writes it ({@code manifest.json},
 * {@code config.json}, one gzipped tar per layer), read without a Docker engine: the image config for
 * assertions, and the layers unpacked in order into a root file system that a test can run with
 * {@code chroot}. Unpacking uses the system's {@code tar}.
 */
final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path dir;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageTarball(Path file, Path dir, JsonNode manifest, JsonNode config) {
        this.file = file;
        this.dir = dir;
        this.manifest = manifest;
        this.config = config;
    }

    /** Unpacks the outer tarball (not the layers) into {@code workDir}. */
    static ImageTarball open(Path file, Path workDir) {
        try {
            Files.createDirectories(workDir);
            run(workDir, "tar", "-xf", file.toAbsolutePath().toString(), "-C", workDir.toString());
            JsonNode manifest = JSON.readTree(workDir.resolve("manifest.json").toFile()).get(0);
            JsonNode config = JSON.readTree(workDir.resolve(manifest.get("Config").asText()).toFile());
            return new ImageTarball(file, workDir, manifest, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image tarball " + file, e);
        }
    }

    Path file() {
        return file;
    }

    List<String> repoTags() {
        List<String> tags = new ArrayList<>();
        manifest.get("RepoTags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    List<String> entrypoint() {
        return strings(config.path("config").path("Entrypoint"));
    }

    List<String> cmd() {
        return strings(config.path("config").path("Cmd"));
    }

    String user() {
        return config.path("config").path("User").asText("");
    }

    List<String> exposedPorts() {
        List<String> ports = new ArrayList<>();
        config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return ports;
    }

    List<String> volumes() {
        List<String> volumes = new ArrayList<>();
        config.path("config").path("Volumes").fieldNames().forEachRemaining(volumes::add);
        return volumes;
    }

    /** The image's environment, {@code NAME=value} entries as a map, in order. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : strings(config.path("config").path("Env"))) {
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    String architecture() {
        return config.path("architecture").asText() + "/" + config.path("os").asText();
    }

    /** Unpacks every layer, in order, into {@code rootfs} (which must be empty or missing). */
    Path unpackRootFs(Path rootfs) {
        try {
            Files.createDirectories(rootfs);
            for (JsonNode layer : manifest.get("Layers")) {
                // keep the layers' permissions (e.g. the executable java launcher, the writable state dir)
                run(dir, "tar", "--warning=no-unknown-keyword", "--same-permissions", "-xzf", dir.resolve(layer.asText()).toString(), "-C", rootfs.toString());
            }
            return rootfs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack layers of " + file, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
    }
}
