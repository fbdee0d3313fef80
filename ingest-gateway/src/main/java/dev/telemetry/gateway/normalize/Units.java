package dev.telemetry.gateway.normalize;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * One canonical unit per quantity, so that the same quantity from different devices can be compared,
 * aggregated and alerted on. A numeric reading in a known unit is converted to its quantity's
 * canonical unit (SenML / UCUM symbols); readings without a unit, in an unknown unit, or with a
 * boolean or text value pass unchanged. The table is documented in the module README.
 */
public final class Units {

    /** A unit's canonical unit, and how to convert a value to it. */
    public record Conversion(String quantity, String canonical, DoubleUnaryOperator toCanonical) {
    }

    private static final Map<String, Conversion> TABLE = new LinkedHashMap<>();

    static {
        // temperature: degree Celsius
        add("temperature", "Cel", v -> v, "Cel", "°C", "degC");
        add("temperature", "Cel", v -> (v - 32) * 5 / 9, "degF", "°F", "[degF]");
        add("temperature", "Cel", v -> v - 273.15, "K");
        // pressure: pascal
        add("pressure", "Pa", v -> v, "Pa");
        add("pressure", "Pa", v -> v * 100, "hPa", "mbar");
        add("pressure", "Pa", v -> v * 1000, "kPa");
        add("pressure", "Pa", v -> v * 100_000, "bar");
        add("pressure", "Pa", v -> v * 6_894.757293168, "psi", "[psi]");
        add("pressure", "Pa", v -> v * 101_325, "atm");
        add("pressure", "Pa", v -> v * 133.322387415, "mmHg", "mm[Hg]");
        // relative humidity: percent
        add("humidity", "%RH", v -> v, "%RH", "%rh");
        // speed: metre per second
        add("speed", "m/s", v -> v, "m/s");
        add("speed", "m/s", v -> v / 3.6, "km/h");
        add("speed", "m/s", v -> v * 0.44704, "mph", "[mi_i]/h");
        add("speed", "m/s", v -> v * 1852.0 / 3600, "kn", "[kn_i]");
        // energy: joule
        add("energy", "J", v -> v, "J");
        add("energy", "J", v -> v * 1000, "kJ");
        add("energy", "J", v -> v * 3600, "Wh");
        add("energy", "J", v -> v * 3_600_000, "kWh");
        // power: watt
        add("power", "W", v -> v, "W");
        add("power", "W", v -> v / 1000, "mW");
        add("power", "W", v -> v * 1000, "kW");
        // electric potential: volt; current: ampere
        add("voltage", "V", v -> v, "V");
        add("voltage", "V", v -> v / 1000, "mV");
        add("current", "A", v -> v, "A");
        add("current", "A", v -> v / 1000, "mA");
        // length: metre
        add("length", "m", v -> v, "m");
        add("length", "m", v -> v / 1000, "mm");
        add("length", "m", v -> v / 100, "cm");
        add("length", "m", v -> v * 1000, "km");
        // mass: kilogram
        add("mass", "kg", v -> v, "kg");
        add("mass", "kg", v -> v / 1000, "g");
        // time: second
        add("duration", "s", v -> v, "s");
        add("duration", "s", v -> v / 1000, "ms");
        add("duration", "s", v -> v * 60, "min");
        add("duration", "s", v -> v * 3600, "h");
    }

    private Units() {
    }

    private static void add(String quantity, String canonical, DoubleUnaryOperator f, String... units) {
        for (String u : units) {
            TABLE.put(u, new Conversion(quantity, canonical, f));
        }
    }

    /** Every known unit and its conversion, in table order. */
    public static Map<String, Conversion> table() {
        return java.util.Collections.unmodifiableMap(TABLE);
    }

    /** The reading in its quantity's canonical unit; the same reading when there is nothing to convert. */
    public static Reading normalize(Reading r) {
        if (r.unit() == null || !(r.value() instanceof ReadingValue.Num num)) {
            return r;
        }
        Conversion c = TABLE.get(r.unit());
        if (c == null || (c.canonical().equals(r.unit()))) {
            return r;
        }
        double converted = c.toCanonical().applyAsDouble(num.value());
        return new Reading(r.deviceId(), r.metric(), ReadingValue.of(converted), c.canonical(), r.eventTime(),
                r.timeSource(), r.seq(), r.receivedAt(), r.source());
    }

    /** {@link #normalize(Reading)} for each reading. */
    public static List<Reading> normalize(List<Reading> readings) {
        return readings.stream().map(Units::normalize).toList();
    }
}
