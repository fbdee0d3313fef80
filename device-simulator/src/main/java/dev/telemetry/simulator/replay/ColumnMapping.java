package dev.telemetry.simulator.replay;

import dev.telemetry.model.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which columns of a dataset row are the device, the time and the metrics. A column of a JSON
 * dataset may be a dotted path into nested objects ({@code data.temp}). Metrics are named after
 * the last path segment ({@code data.temp} is {@code temp}) unless renamed ({@code data.temp=temperature}).
 *
 * @param deviceColumn  the column holding the device id, or null to use {@code deviceId}
 * @param deviceId      the device id of every row of a single-series file (with no device column)
 * @param timeColumn    the column holding the time
 * @param timeFormat    how that time is written
 * @param metrics       metric name by column, in payload order
 */
public record ColumnMapping(String deviceColumn, String deviceId, String timeColumn, TimeFormat timeFormat,
        Map<String, String> metrics) {

    public ColumnMapping {
        if ((deviceColumn == null) == (deviceId == null)) {
            throw new IllegalArgumentException("name the device by exactly one of --device-column (a column) and"
                    + " --device-id (a constant, for single-series files)");
        }
        if (deviceId != null && (deviceId.contains("/") || !Reading.isValidName(deviceId))) {
            throw new IllegalArgumentException("--device-id must be characters of [A-Za-z0-9._:-], got '"
                    + deviceId + "'");
        }
        if (timeColumn == null || timeColumn.isBlank()) {
            throw new IllegalArgumentException("--time-column is required: replay paces messages by it");
        }
        if (timeFormat == null) {
            throw new IllegalArgumentException("--time-format is required");
        }
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("name the values with --metric-columns c1,c2 or with --value-column"
                    + " and --metric");
        }
        metrics.values().forEach(name -> {
            if (name.equals("deviceId") || name.equals("ts") || name.equals("seq")) {
                throw new IllegalArgumentException("metric name '" + name + "' is a reserved field of the json"
                        + " format; rename the column with column=name");
            }
            if (!Reading.isValidName(name)) {
                throw new IllegalArgumentException("metric name '" + name + "' must be characters of"
                        + " [A-Za-z0-9._:-]; rename the column with column=name");
            }
        });
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The metrics of {@code --metric-columns} ({@code "data.temp=temperature,data.humidity"}) or, when
     * that is null, the single {@code --value-column} named {@code --metric}.
     */
    public static Map<String, String> metrics(String metricColumns, String valueColumn, String metric) {
        Map<String, String> out = new LinkedHashMap<>();
        if (metricColumns != null) {
            if (valueColumn != null || metric != null) {
                throw new IllegalArgumentException("use either --metric-columns or --value-column with --metric,"
                        + " not both");
            }
            for (String spec : metricColumns.split(",")) {
                String s = spec.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int eq = s.indexOf('=');
                String column = eq < 0 ? s : s.substring(0, eq).trim();
                String name = eq < 0 ? column.substring(column.lastIndexOf('.') + 1) : s.substring(eq + 1).trim();
                out.put(column, name);
            }
        } else if (valueColumn != null) {
            if (metric == null) {
                throw new IllegalArgumentException("--value-column needs --metric NAME: the column's name is rarely"
                        + " the metric's");
            }
            out.put(valueColumn, metric);
        }
        return out;
    }

    /** One row: a reading per non-empty metric cell, or null when the row has no value at all. */
    public DatasetReading apply(Function<String, Object> row, String where) {
        String device = deviceId;
        if (deviceColumn != null) {
            Object cell = row.apply(deviceColumn);
            if (cell == null || cell.toString().isBlank()) {
                throw new IllegalArgumentException(where + ": no device id in column '" + deviceColumn + "'");
            }
            device = cell.toString().trim();
            if (device.contains("/") || !Reading.isValidName(device)) {
                throw new IllegalArgumentException(where + ": device id '" + device + "' must be characters of"
                        + " [A-Za-z0-9._:-] (it becomes a topic level)");
            }
        }
        Object time = row.apply(timeColumn);
        if (time == null) {
            throw new IllegalArgumentException(where + ": no time in column '" + timeColumn + "'");
        }
        long eventTime;
        try {
            eventTime = timeFormat.toEpochMillis(time instanceof java.math.BigDecimal d ? d.toPlainString()
                    : time.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ", column '" + timeColumn + "': " + e.getMessage(), e);
        }
        List<DatasetReading.Value> values = new ArrayList<>(metrics.size());
        metrics.forEach((column, name) -> {
            Object cell = row.apply(column);
            Object value = value(cell);
            if (value != null) {
                values.add(new DatasetReading.Value(name, value));
            }
        });
        return values.isEmpty() ? null : new DatasetReading(device, eventTime, values);
    }

    /** A number, boolean or string as the gateway takes them; text that reads as a number is one. */
    static Object value(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof Number || cell instanceof Boolean) {
            return cell;
        }
        String text = cell.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        try {
            return new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
