package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Reading#isValidName} checks names without a regex; it must agree with {@link Reading#NAME}. */
class ReadingNameTest {

    // every allowed character, neighbours of each range, and characters that look alike
    private static final String ALPHABET = "azAZ09._:/-`{@[/:\\ \t\n\u00e9\u0430\u2215\u0000<>*%+";

    @Test
    void shouldAgreeWithTheDocumentedPatternOnRandomNames() {
        Random random = new Random(42);
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(8) == 0 ? 195 + random.nextInt(10) : random.nextInt(12);
            StringBuilder name = new StringBuilder(length);
            for (int c = 0; c < length; c++) {
                name.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : ALPHABET.charAt(random.nextInt(11)));
            }
            String s = name.toString();
            boolean expected = Reading.NAME.matcher(s).matches();
            assertThat(Reading.isValidName(s)).as("'%s'", s).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        // both outcomes were exercised, including names around the 200-character limit
        assertThat(valid).isBetween(10_000, 190_000);
        assertThat(Reading.isValidName("a".repeat(200))).isTrue();
        assertThat(Reading.isValidName("a".repeat(201))).isFalse();
        assertThat(Reading.isValidName("")).isFalse();
        assertThat(Reading.isValidName(null)).isFalse();
    }
}
