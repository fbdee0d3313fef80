package dev.telemetry.processor.http;

import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceQueries;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses and checks the query parameters of the device endpoints; a bad value is a 400 naming it. */
final class QueryParams {

    static final int DEFAULT_LIMIT = 100;

    private QueryParams() {
    }

    /**
     * Refuses parameters the endpoint does not take (a misspelt {@code limt} would otherwise be silently ignored)
     * and parameters given more than once (which one counts would be a guess).
     */
    static void only(Context ctx, String... known) {
        Set<String> allowed = Set.of(known);
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                String name = p.getKey().length() > 40 ? p.getKey().substring(0, 40) + "..." : p.getKey();
                throw ApiException.badRequest("unknown query parameter '" + name + "'; " + (known.length == 0
                        ? "this endpoint takes none" : "this endpoint takes " + String.join(", ", new TreeSet<>(allowed))));
            }
            if (p.getValue().size() > 1) {
                throw ApiException.badRequest("query parameter '" + p.getKey() + "' is given " + p.getValue().size()
                        + " times; give it once");
            }
        }
    }

    static boolean allowStale(Context ctx) {
        String raw = ctx.queryParam("allowStale");
        if (raw == null || raw.isEmpty() || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest("allowStale must be true or false, got '" + raw + "'");
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= DeviceQueries.MAX_PAGE_SIZE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ApiException.badRequest("limit must be an integer between 1 and " + DeviceQueries.MAX_PAGE_SIZE
                + ", got '" + raw + "'");
    }

    /** The cursor, or null for the first page. */
    static String cursor(Context ctx) {
        String cursor = ctx.queryParam("cursor");
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (!Reading.isValidName(cursor)) {
            throw ApiException.badRequest("cursor must be the nextCursor of a previous page (1..200 characters of"
                    + " [A-Za-z0-9._:/-])");
        }
        return cursor;
    }

    static DeviceFilter filter(Context ctx) {
        String status = ctx.queryParam("status");
        String metric = ctx.queryParam("metric");
        DeviceStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            try {
                wanted = DeviceStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status must be ONLINE or OFFLINE, got '" + status + "'");
            }
        }
        if (metric != null && metric.isEmpty()) {
            metric = null;
        }
        if (metric != null && !Reading.isValidName(metric)) {
            throw ApiException.badRequest("metric must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        return new DeviceFilter(wanted, metric);
    }

    /** {@code scope=local}: only this instance's devices (what instances ask each other); absent or {@code fleet}: all. */
    static boolean localScope(Context ctx) {
        String scope = ctx.queryParam("scope");
        if (scope == null || scope.isEmpty() || scope.equals("fleet")) {
            return false;
        }
        if (scope.equals("local")) {
            return true;
        }
        throw ApiException.badRequest("scope must be fleet or local, got '" + scope + "'");
    }
}
