package dev.telemetry.processor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.model.Rule;
import dev.telemetry.processor.query.StoreUnavailableException;
import dev.telemetry.processor.rules.RuleCatalog;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/rules}, {@code GET|PUT|DELETE /api/v1/rules/{id}}: the alert rules (docs/anomalies.md). Every
 * instance answers from its own copy of all rules; writes go to the rules topic. Maps {@link RuleCatalog} answers
 * to HTTP:
 *
 * <ul>
 *   <li>PUT: 201 (new) or 200 (replaced) with the stored rule, defaults filled in, once Kafka has it and this
 *       instance evaluates it; 202 when Kafka has it but this instance's copy has not caught up within the wait;
 *       400 naming what is wrong (unknown field, bad value, an id in the body that differs from the path);</li>
 *   <li>DELETE: 204; 404 for an unknown rule. Open alerts of the rule are resolved by the detectors' next check;</li>
 *   <li>503 + Retry-After while the rules cannot be read (starting) or Kafka does not take a write.</li>
 * </ul>
 */
final class RuleResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Typos must not pass silently: an unknown field in a PUT is a 400 (the topic's readers stay lenient). */
    private static final ObjectReader STRICT = Json.mapper().readerFor(Rule.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Set<String> RULE_FIELDS = fields(Rule.class);
    private static final Set<String> CONDITION_FIELDS = fields(Rule.Condition.class);

    private final RuleCatalog rules;

    RuleResource(RuleCatalog rules) {
        this.rules = rules;
    }

    void list(Context ctx) throws JsonProcessingException {
        QueryParams.only(ctx);
        List<Rule> all;
        try {
            all = rules.all().stream().sorted(Comparator.comparing(Rule::id)).toList();
        } catch (StoreUnavailableException e) {
            Responses.unavailable(ctx, e.getMessage());
            return;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("items", Json.mapper().valueToTree(all));
        Responses.json(ctx, 200, body);
    }

    void get(Context ctx) throws JsonProcessingException {
        String id = id(ctx);
        Optional<Rule> rule;
        try {
            rule = rules.find(id);
        } catch (StoreUnavailableException e) {
            Responses.unavailable(ctx, e.getMessage());
            return;
        }
        Responses.json(ctx, 200, rule.orElseThrow(() -> ApiException.notFound("no rule '" + id + "'")));
    }

    void put(Context ctx) throws JsonProcessingException {
        String id = id(ctx);
        Rule rule = parse(ctx.body(), id);
        RuleCatalog.Written written;
        try {
            written = rules.put(rule);
        } catch (StoreUnavailableException | RuleCatalog.WriteFailedException e) {
            Responses.unavailable(ctx, e.getMessage());
            return;
        }
        ctx.header("Location", "/api/v1/rules/" + id);
        Responses.json(ctx, !written.visible() ? 202 : written.created() ? 201 : 200, written.rule());
    }

    void delete(Context ctx) {
        String id = id(ctx);
        boolean existed;
        try {
            existed = rules.delete(id);
        } catch (StoreUnavailableException | RuleCatalog.WriteFailedException e) {
            Responses.unavailable(ctx, e.getMessage());
            return;
        }
        if (!existed) {
            throw ApiException.notFound("no rule '" + id + "'");
        }
        ctx.status(204);
    }

    private static String id(Context ctx) {
        QueryParams.only(ctx);
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest("rule id must be 1..100 characters of [A-Za-z0-9._-], got '"
                    + (id.length() > 60 ? id.substring(0, 60) + "..." : id) + "'");
        }
        return id;
    }

    /** The rule in {@code body}, its id taken from the path; a 400 saying precisely what is wrong otherwise. */
    static Rule parse(String body, String id) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body must be a rule as JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("the body must be a rule as a JSON object, e.g. {\"metric\": \"temperature\","
                    + " \"condition\": {\"type\": \"above\", \"threshold\": 80}}");
        }
        JsonNode bodyId = tree.get("id");
        if (bodyId != null && !bodyId.isNull() && !id.equals(bodyId.asText())) {
            throw ApiException.badRequest("id in the body ('" + bodyId.asText() + "') differs from the id in the path ('"
                    + id + "'); leave it out or make them equal");
        }
        ((ObjectNode) tree).put("id", id);
        // before binding: a misspelt field is the likelier cause of a missing one, so say that first
        unknownFields(tree, RULE_FIELDS, "");
        JsonNode condition = tree.get("condition");
        if (condition != null && condition.isObject()) {
            unknownFields(condition, CONDITION_FIELDS, "condition.");
        }
        try {
            return STRICT.readValue(tree);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : "; known: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw ApiException.badRequest("unknown field '" + path(e, true) + "'" + known);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw ApiException.badRequest(cause.getMessage());
        } catch (JsonMappingException e) {
            throw ApiException.badRequest(path(e, true) + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the body must be a rule as JSON: " + e.getMessage());
        }
    }

    private static void unknownFields(JsonNode object, Set<String> known, String prefix) {
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!known.contains(field)) {
                throw ApiException.badRequest("unknown field '" + prefix + field + "'; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static Set<String> fields(Class<?> type) {
        JavaType t = Json.mapper().constructType(type);
        return Json.mapper().getDeserializationConfig().introspect(t).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** The JSON path of the failure, e.g. {@code condition.duration}. */
    private static String path(JsonMappingException e, boolean withLast) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String p = refs.stream().limit(withLast ? refs.size() : Math.max(0, refs.size() - 1))
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "(body)" : p;
    }
}
