package dev.telemetry.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DatasetReaderTest.class.getResource("/replay/" + name).toURI());
    }

    private static ColumnMapping nab() {
        return new ColumnMapping(null, "nab-machine", "timestamp", TimeFormat.of("yyyy-MM-dd HH:mm:ss"),
                ColumnMapping.metrics(null, "value", "temperature"));
    }

    @Test
    void shouldMapANabCsvToOneReadingPerRowKeepingTheFilesDigits() throws Exception {
        DatasetReader.Dataset dataset = DatasetReader.read(resource("nab-machine-temperature-head.csv"),
                DatasetReader.Kind.CSV, nab(), 0);

        assertThat(dataset.readings()).hasSize(5);
        assertThat(dataset.skippedRows()).isZero();
        DatasetReading second = dataset.readings().get(1);
        assertThat(second.deviceId()).isEqualTo("nab-machine");
        assertThat(second.eventTimeMillis()).isEqualTo(Instant.parse("2013-12-02T21:20:00Z").toEpochMilli());
        assertThat(second.values()).containsExactly(
                new DatasetReading.Value("temperature", new BigDecimal("74.93588199999998")));
        assertThat(new String(second.payload(second.eventTimeMillis()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"deviceId\":\"nab-machine\",\"ts\":1386019200000,\"temperature\":74.93588199999998}");
    }

    @Test
    void shouldMapNestedJsonColumnsByDottedPathAndNameMetricsAfterTheLastSegment() throws Exception {
        ColumnMapping mapping = new ColumnMapping("device", null, "ts", TimeFormat.of("epoch-s"),
                ColumnMapping.metrics("data.temp,data.humidity=rh,data.light", null, null));

        DatasetReader.Dataset dataset = DatasetReader.read(resource("garystafford-raw-data-small.json"),
                DatasetReader.Kind.JSON, mapping, 0);

        assertThat(dataset.readings()).hasSize(5);
        DatasetReading first = dataset.readings().get(0);
        assertThat(first.deviceId()).isEqualTo("iot-device-02");
        assertThat(first.eventTimeMillis()).isEqualTo(1594598726539L);
        assertThat(new String(first.payload(first.eventTimeMillis()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"deviceId\":\"iot-device-02\",\"ts\":1594598726539,\"temp\":27,\"rh\":58.20000076293945,"
                        + "\"light\":true}");
        assertThat(dataset.readings()).extracting(DatasetReading::deviceId)
                .containsExactly("iot-device-02", "iot-device-03", "iot-device-03", "iot-device-02", "iot-device-03");
    }

    @Test
    void shouldReadJsonLinesQuotedCsvCellsSkipRowsWithoutValuesAndHonourTheLimit() throws Exception {
        Path lines = Files.writeString(dir.resolve("r.jsonl"), "{\"id\":\"a\",\"t\":1000,\"v\":1}\n"
                + "{\"id\":\"a\",\"t\":2000,\"v\":null}\n{\"id\":\"b\",\"t\":3000,\"v\":3}\n");
        ColumnMapping byId = new ColumnMapping("id", null, "t", TimeFormat.of("epoch-ms"),
                ColumnMapping.metrics("v", null, null));
        DatasetReader.Dataset jsonl = DatasetReader.read(lines, DatasetReader.Kind.JSON, byId, 0);
        assertThat(jsonl.readings()).extracting(DatasetReading::eventTimeMillis).containsExactly(1000L, 3000L);
        assertThat(jsonl.skippedRows()).isEqualTo(1);

        Path csv = Files.writeString(dir.resolve("q.csv"), "id,t,v,note\n\"a\",1000,\"1,5\",x\nb,2000,2,\"say \"\"hi\"\"\"\n"
                + "c,3000,3,z\n");
        ColumnMapping withNote = new ColumnMapping("id", null, "t", TimeFormat.of("epoch-ms"),
                ColumnMapping.metrics("v,note", null, null));
        List<DatasetReading> rows = DatasetReader.read(csv, DatasetReader.Kind.CSV, withNote, 2).readings();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly(new DatasetReading.Value("v", "1,5"),
                new DatasetReading.Value("note", "x"));
        assertThat(rows.get(1).values().get(1)).isEqualTo(new DatasetReading.Value("note", "say \"hi\""));
    }

    @Test
    void shouldNameTheMissingColumnAndTheHeader() throws Exception {
        ColumnMapping wrong = new ColumnMapping(null, "x", "time", TimeFormat.of("auto"),
                ColumnMapping.metrics(null, "value", "temperature"));

        assertThatThrownBy(() -> DatasetReader.read(resource("nab-machine-temperature-head.csv"),
                DatasetReader.Kind.CSV, wrong, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'time'").hasMessageContaining("timestamp");
    }

    @Test
    void shouldRejectAmbiguousOrIncompleteMappingsNamingTheOptions() {
        assertThatThrownBy(() -> new ColumnMapping("device", "x", "t", TimeFormat.of("auto"),
                ColumnMapping.metrics("v", null, null))).hasMessageContaining("--device-column")
                .hasMessageContaining("--device-id");
        assertThatThrownBy(() -> ColumnMapping.metrics(null, "value", null)).hasMessageContaining("--metric");
        assertThatThrownBy(() -> new ColumnMapping(null, "x", "t", TimeFormat.of("auto"),
                ColumnMapping.metrics("a.ts", null, null))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new ColumnMapping(null, "x", null, TimeFormat.of("auto"),
                ColumnMapping.metrics("v", null, null))).hasMessageContaining("--time-column");
    }
}
