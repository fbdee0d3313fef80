package dev.telemetry.processor.anomaly.nab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Where NAB's files are read from: the copy bundled in the jar, or a directory laid out like a NAB checkout. */
public interface NabFiles {

    /** The four realKnownCause files this project bundles (see nab/PROVENANCE.md in the resources). */
    List<String> BUNDLED_DATA_SETS = List.of(
            "realKnownCause/ambient_temperature_system_failure.csv",
            "realKnownCause/ec2_request_latency_system_failure.csv",
            "realKnownCause/machine_temperature_system_failure.csv",
            "realKnownCause/rogue_agent_key_hold.csv");

    /**
     * @param relativePath a path inside the NAB layout, e.g. {@code labels/combined_windows.json}
     * @throws IOException if there is no such file
     */
    InputStream open(String relativePath) throws IOException;

    /** What to name in messages. */
    String describe();

    /** The files bundled under {@code nab/} on the class path. */
    static NabFiles bundled() {
        return new NabFiles() {
            @Override
            public InputStream open(String relativePath) throws IOException {
                InputStream in = NabFiles.class.getClassLoader().getResourceAsStream("nab/" + relativePath);
                if (in == null) {
                    throw new NoSuchFileException("nab/" + relativePath + " (class path)");
                }
                return in;
            }

            @Override
            public String describe() {
                return "the NAB files bundled in the jar";
            }
        };
    }

    /** A NAB checkout, or any directory with its {@code data/}, {@code labels/} and {@code config/} layout. */
    static NabFiles directory(Path dir) {
        return new NabFiles() {
            @Override
            public InputStream open(String relativePath) throws IOException {
                return Files.newInputStream(dir.resolve(relativePath));
            }

            @Override
            public String describe() {
                return dir.toString();
            }
        };
    }
}
