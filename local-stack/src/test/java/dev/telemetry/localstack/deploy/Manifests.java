package dev.telemetry.localstack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads YAML (all documents of a file) into Jackson trees. SnakeYAML (what jackson-dataformat-yaml parses
 * with) is used directly because it resolves anchors and {@code <<} merge keys, which docker-compose files
 * use and Jackson's YAML parser leaves unresolved.
 */
final class Manifests {
    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static List<ObjectNode> readAll(Path file) {
        try {
            return parseAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of the file, objects or lists. */
    static List<JsonNode> readDocs(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> parseAll(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc != null) {
                docs.add((ObjectNode) JSON.valueToTree(doc));
            }
        }
        return docs;
    }

    static JsonNode readTree(Path file) {
        try {
            return JSON.valueToTree(new Yaml(new LoaderOptions()).load(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the first directory upwards from the working directory that holds deploy/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node instanceof ArrayNode array) {
            array.forEach(out::add);
        }
        return out;
    }
}
