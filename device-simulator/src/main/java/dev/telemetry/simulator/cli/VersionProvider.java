package dev.telemetry.simulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version from the Maven metadata packed into the jar; "unknown" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.telemetry/device-simulator/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        String version = "unknown (not running from the packaged jar)";
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                version = props.getProperty("version", version);
            }
        }
        return new String[] {
            "device-simulator " + version,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
