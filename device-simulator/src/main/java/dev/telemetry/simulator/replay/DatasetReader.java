package dev.telemetry.simulator.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dataset into readings through a {@link ColumnMapping}: a CSV file with a header line, or
 * JSON, either one array of objects or one object per line (JSON lines). Rows stay in file order
 * (replay paces by the time column, so a file should be in time order; an earlier time than the
 * previous row's is sent at once). Rows without any metric value are skipped and counted.
 * The whole file is read into memory: datasets of a few hundred thousand rows are fine.
 */
public final class DatasetReader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What a file holds. */
    public enum Kind { CSV, JSON }

    /** The readings of a file and how many rows had no value. */
    public record Dataset(List<DatasetReading> readings, int skippedRows) {
    }

    private DatasetReader() {
    }

    /** CSV for {@code .csv} and {@code .txt}, JSON for anything else ({@code .json}, {@code .jsonl}, ...). */
    public static Kind kindOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".txt") ? Kind.CSV : Kind.JSON;
    }

    /**
     * Reads at most {@code limit} rows (0: all).
     *
     * @throws IllegalArgumentException naming the file, line or element and the column when a row does
     *                                  not fit the mapping
     */
    public static Dataset read(Path file, Kind kind, ColumnMapping mapping, int limit) {
        try {
            return kind == Kind.CSV ? readCsv(file, mapping, limit) : readJson(file, mapping, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + file + ": " + e.getMessage(), e);
        }
    }

    private static Dataset readCsv(Path file, ColumnMapping mapping, int limit) throws IOException {
        List<DatasetReading> out = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                return new Dataset(List.of(), 0);
            }
            List<String> names = Csv.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i).trim(), i);
            }
            checkColumns(file, mapping, index);
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null && (limit == 0 || out.size() < limit)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.split(line);
                DatasetReading reading = mapping.apply(column -> {
                    Integer i = index.get(column);
                    return i == null || i >= cells.size() ? null : cells.get(i);
                }, file + " line " + number);
                if (reading == null) {
                    skipped++;
                } else {
                    out.add(reading);
                }
            }
        }
        return new Dataset(List.copyOf(out), skipped);
    }

    private static void checkColumns(Path file, ColumnMapping mapping, Map<String, Integer> index) {
        List<String> wanted = new ArrayList<>(mapping.metrics().keySet());
        wanted.add(mapping.timeColumn());
        if (mapping.deviceColumn() != null) {
            wanted.add(mapping.deviceColumn());
        }
        for (String column : wanted) {
            if (!index.containsKey(column)) {
                throw new IllegalArgumentException(file + " has no column '" + column + "'; its header names "
                        + index.keySet());
            }
        }
    }

    private static Dataset readJson(Path file, ColumnMapping mapping, int limit) throws IOException {
        List<DatasetReading> out = new ArrayList<>();
        int skipped = 0;
        int element = 0;
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            boolean array = first == JsonToken.START_ARRAY;
            JsonToken token = array ? p.nextToken() : first;
            while (token != null && token != JsonToken.END_ARRAY && (limit == 0 || out.size() < limit)) {
                element++;
                JsonNode node = MAPPER.readTree(p);
                String where = file + (array ? " element " : " object ") + element;
                if (!node.isObject()) {
                    throw new IllegalArgumentException(where + " is not a JSON object");
                }
                DatasetReading reading = mapping.apply(path -> cell(node, path), where);
                if (reading == null) {
                    skipped++;
                } else {
                    out.add(reading);
                }
                token = p.nextToken();
            }
        }
        return new Dataset(List.copyOf(out), skipped);
    }

    /** The value at a dotted path: a number, boolean or text, or null when missing or null. */
    static Object cell(JsonNode node, String path) {
        JsonNode at = node.get(path); // a field whose name has dots wins over the path
        if (at == null) {
            at = node;
            for (String part : path.split("\\.")) {
                at = at == null ? null : at.get(part);
            }
        }
        if (at == null || at.isNull() || at.isContainerNode()) {
            return null;
        }
        if (at.isNumber()) {
            return at.decimalValue();
        }
        if (at.isBoolean()) {
            return at.booleanValue();
        }
        return at.asText();
    }

    /** A minimal RFC 4180 line splitter: commas, double quotes, doubled quotes inside quotes. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
