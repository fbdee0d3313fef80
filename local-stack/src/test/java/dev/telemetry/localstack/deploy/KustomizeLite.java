package dev.telemetry.localstack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of Kustomize to render deploy/k8s without a kubectl binary: {@code resources} (files and
 * directories with a kustomization.yaml) and {@code patches} with a {@code path}, either a strategic merge
 * patch (a YAML object naming its kind and metadata.name) or a JSON 6902 patch (a YAML list of add / replace
 * operations) applied to every resource matching {@code target} kind and optional name. Strategic merge is
 * simplified: objects merge recursively, lists of objects with a {@code name} merge by name (new entries first,
 * as Kustomize puts them), other lists are replaced. That matches Kubernetes' merge keys for the fields
 * deploy/k8s patches (containers, env); {@link DeployManifestsTest} compares this rendering with
 * {@code kubectl kustomize} where kubectl is installed.
 */
final class KustomizeLite {
    private KustomizeLite() {
    }

    static List<ObjectNode> render(Path dir) {
        JsonNode k = Manifests.readTree(dir.resolve("kustomization.yaml"));
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : Manifests.list(k.get("resources"))) {
            Path p = dir.resolve(r.asText()).normalize();
            out.addAll(Files.isDirectory(p) ? render(p) : Manifests.readAll(p));
        }
        for (JsonNode patch : Manifests.list(k.get("patches"))) {
            Path file = dir.resolve(patch.get("path").asText());
            List<JsonNode> docs = Manifests.readDocs(file);
            if (docs.size() == 1 && docs.get(0).isArray()) {
                JsonNode ops = docs.get(0);
                JsonNode target = patch.get("target");
                for (ObjectNode res : out) {
                    if (matches(res, target)) {
                        Manifests.list(ops).forEach(op -> applyOp(res, op));
                    }
                }
            } else {
                for (JsonNode smp : docs) {
                    ObjectNode res = out.stream().filter(r -> sameObject(r, smp)).findFirst()
                            .orElseThrow(() -> new IllegalStateException(file + ": no resource " + id(smp)));
                    merge(res, smp);
                }
            }
        }
        return out;
    }

    private static boolean matches(JsonNode res, JsonNode target) {
        return res.path("kind").asText().equals(target.path("kind").asText())
                && (!target.has("name") || res.path("metadata").path("name").asText().equals(target.get("name").asText()));
    }

    private static boolean sameObject(JsonNode a, JsonNode b) {
        return id(a).equals(id(b));
    }

    static String id(JsonNode r) {
        return r.path("kind").asText() + "/" + r.path("metadata").path("name").asText();
    }

    private static void applyOp(ObjectNode res, JsonNode op) {
        String kind = op.get("op").asText();
        if (!kind.equals("add") && !kind.equals("replace")) {
            throw new IllegalArgumentException("only add and replace are supported, got " + op);
        }
        String[] parts = op.get("path").asText().substring(1).split("/");
        JsonNode node = res;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = unescape(parts[i]);
            node = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
            if (node == null) {
                throw new IllegalArgumentException("no " + op.get("path") + " in " + id(res));
            }
        }
        String last = unescape(parts[parts.length - 1]);
        if (node instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), op.get("value").deepCopy());
        } else {
            if (kind.equals("replace") && !node.has(last)) {
                throw new IllegalArgumentException("replace of missing " + op.get("path") + " in " + id(res));
            }
            ((ObjectNode) node).set(last, op.get("value").deepCopy());
        }
    }

    private static String unescape(String part) {
        return part.replace("~1", "/").replace("~0", "~");
    }

    private static void merge(ObjectNode into, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode old = into.get(e.getKey());
            JsonNode value = e.getValue();
            if (old instanceof ObjectNode o && value.isObject()) {
                merge(o, value);
            } else if (old instanceof ArrayNode a && value.isArray() && namedObjects(a) && namedObjects(value)) {
                into.set(e.getKey(), mergeByName(a, value));
            } else {
                into.set(e.getKey(), value.deepCopy());
            }
        });
    }

    private static ArrayNode mergeByName(ArrayNode old, JsonNode patch) {
        ArrayNode result = old.arrayNode();
        for (JsonNode p : patch) {
            if (find(old, p.get("name").asText()) == null) {
                result.add(p.deepCopy());
            }
        }
        for (JsonNode o : old) {
            ObjectNode copy = o.deepCopy();
            JsonNode p = find(patch, o.get("name").asText());
            if (p != null) {
                merge(copy, p);
            }
            result.add(copy);
        }
        return result;
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (name.equals(n.path("name").asText())) {
                return n;
            }
        }
        return null;
    }

    private static boolean namedObjects(JsonNode list) {
        for (JsonNode n : list) {
            if (!n.isObject() || !n.has("name")) {
                return false;
            }
        }
        return list.size() > 0;
    }
}
