package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeLimitsTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The rule as documented: no empty, {@code .} or {@code ..} segment between slashes. */
    private static boolean pathSafeByDefinition(String id) {
        if (id.isEmpty() || id.startsWith("/") || id.endsWith("/") || id.contains("//")) {
            return false;
        }
        for (String segment : id.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldDecidePathSafetyAsTheDefinitionForEveryShortId() {
        // every string of up to 7 characters over the characters that matter: 3,280 ids
        List<String> ids = new ArrayList<>(List.of(""));
        for (int from = 0, length = 1; length <= 7; length++) {
            int to = ids.size();
            for (int i = from; i < to; i++) {
                for (char c : new char[] {'a', '.', '/'}) {
                    ids.add(ids.get(i) + c);
                }
            }
            from = to;
        }

        assertThat(ids).hasSize(3_280).allSatisfy(id ->
                assertThat(DecodeLimits.isPathSafe(id)).as("'%s'", id).isEqualTo(pathSafeByDefinition(id)));
    }

    @Test
    void shouldCheckTheDeviceIdOfAMessageOnceNotOncePerReading() throws DecodeException {
        // GIVEN a Sparkplug-sized message: 5,000 readings of one device (one String instance, as decoders give)
        THREADS.setThreadAllocatedMemoryEnabled(true);
        String device = "Sparkplug_B_Devices/Raspberry_Pi/Pibrella";
        Source source = new Source("spBv1.0/Sparkplug B Devices/DDATA/Raspberry Pi/Pibrella", "sparkplug-b", "gw");
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            readings.add(new Reading(device, "m" + i, ReadingValue.of(i), null, 1L, TimeSource.DEVICE, null, 1L,
                    source));
        }
        for (int i = 0; i < 20; i++) {
            DecodeLimits.DEFAULTS.check(readings, List.of()); // warm-up
        }

        // WHEN the limits are checked
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        DecodeLimits.DEFAULTS.check(readings, List.of());
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;

        // THEN the cost does not grow with the readings (splitting the id for each one was ~150 B per reading)
        assertThat(allocated).as("bytes allocated checking 5,000 readings").isLessThan(5_000);
    }

    @Test
    void shouldRejectAnUnsafeDeviceIdAmongReadingsOfAnotherDevice() {
        Source source = new Source("t", "json", "gw");
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            readings.add(new Reading("plant/line-1", "m" + i, ReadingValue.of(i), null, 1L, TimeSource.DEVICE,
                    null, 1L, source));
        }
        readings.add(new Reading("plant/../etc", "m", ReadingValue.of(1), null, 1L, TimeSource.DEVICE, null, 1L,
                source));

        assertThatThrownBy(() -> DecodeLimits.DEFAULTS.check(readings, List.of()))
                .isInstanceOfSatisfying(DecodeException.class,
                        e -> assertThat(e.code()).isEqualTo(DecodeException.Code.INVALID_DEVICE_ID));
    }
}
