package dev.telemetry.processor.anomaly.nab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads NAB's data files, windows and profiles. */
public final class NabCorpus {

    /** Data rows have seconds; windows add microseconds ({@code 2013-12-15 07:00:00.000000}). */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private NabCorpus() {
    }

    /** Reads the named data sets ({@code realKnownCause/x.csv}) with their windows from combined_windows.json. */
    public static List<NabDataSet> load(NabFiles files, List<String> names) throws IOException {
        JsonNode windows = readJson(files, "labels/combined_windows.json");
        List<NabDataSet> sets = new ArrayList<>();
        for (String name : names) {
            JsonNode limits = windows.get(name);
            if (limits == null) {
                throw new IOException("labels/combined_windows.json in " + files.describe() + " has no entry for " + name);
            }
            List<NabWindow> ws = new ArrayList<>();
            for (JsonNode pair : limits) {
                ws.add(new NabWindow(parse(pair.get(0).asText(), name), parse(pair.get(1).asText(), name)));
            }
            NabDataSet set = readData(files, name, ws);
            for (NabWindow w : ws) {
                // NAB's scorer finds windows by their exact first and last timestamps
                if (!set.timestamps().contains(w.start()) || !set.timestamps().contains(w.end())) {
                    throw new IOException(name + ": window " + w + " does not start and end on rows of the file");
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /** The cost profiles of config/profiles.json, in file order. */
    public static List<NabProfile> profiles(NabFiles files) throws IOException {
        JsonNode root = readJson(files, "config/profiles.json");
        List<NabProfile> profiles = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            JsonNode m = e.getValue().get("CostMatrix");
            profiles.add(new NabProfile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fpWeight").asDouble(),
                    m.get("fnWeight").asDouble()));
        });
        return profiles;
    }

    private static NabDataSet readData(NabFiles files, String name, List<NabWindow> windows) throws IOException {
        List<LocalDateTime> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        String path = "data/" + name;
        try (BufferedReader in = reader(files.open(path))) {
            String header = in.readLine();
            if (header == null || !header.startsWith("timestamp,value")) {
                throw new IOException(path + ": expected a 'timestamp,value' header, got " + header);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                timestamps.add(parse(cells[0], path));
                try {
                    values.add(Double.parseDouble(cells[1]));
                } catch (NumberFormatException e) {
                    throw new IOException(path + ": not a number in line " + line, e);
                }
            }
        }
        return new NabDataSet(name, timestamps, values.stream().mapToDouble(Double::doubleValue).toArray(), windows);
    }

    static LocalDateTime parse(String text, String where) throws IOException {
        try {
            return LocalDateTime.parse(text.trim(), TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new IOException(where + ": not a NAB timestamp: " + text, e);
        }
    }

    private static JsonNode readJson(NabFiles files, String path) throws IOException {
        try (InputStream in = files.open(path)) {
            return Json.mapper().readTree(in);
        }
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
