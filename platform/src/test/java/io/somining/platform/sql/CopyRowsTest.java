package io.somining.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    /** COPY text as PostgreSQL documents it, built the plain way: escape into a String, then UTF-8. */
    private static String reference(String value) {
        StringBuilder text = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return text.toString();
    }

    @Test
    void shouldEncodeTextExactlyAsEscapingThenUtf8Would() {
        // given: random strings over ASCII, the escaped characters, 2- and 3-byte characters,
        // surrogate pairs and unpaired surrogates
        Random random = new Random(42);
        char[] alphabet = { 'a', 'Z', '0', ' ', '<', '&', '\\', '\n', '\r', '\t', 'é', 'ß', 'Ω', '中', '€', '\uFFFD',
                '\uD83D', '\uDE00', '\u0000', '\u007F', '\u0080', '\u07FF', '\u0800' };
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(chars);

            // when
            byte[] encoded = new CopyRows(0).text(value).endRow().encoded();

            // then
            assertThat(encoded).as("encoding of %s", value)
                    .isEqualTo((reference(value) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldSeparateFieldsWithTabsAndWriteNullsAndNumbers() {
        // when
        String row = new String(new CopyRows(4).text("a\tb").number((Long) null).number(-1234567890123L)
                .number(Long.MIN_VALUE).number(0).number(Integer.valueOf(7)).number(2.5).text(null).endRow()
                .text("second").endRow().encoded(), StandardCharsets.UTF_8);

        // then
        assertThat(row).isEqualTo("a\\tb\t\\N\t-1234567890123\t-9223372036854775808\t0\t7\t2.5\t\\N\nsecond\n");
    }

    @Test
    void shouldWriteInstantsThatParseBackToTheSameInstant() {
        // given: whole seconds, milliseconds, nanoseconds, the epoch, a leap day, years outside 4 digits
        Instant[] instants = { Instant.parse("2008-07-31T21:42:52.667Z"), Instant.parse("2024-02-29T23:59:59Z"),
                Instant.parse("1970-01-01T00:00:00Z"), Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                Instant.parse("0001-01-01T00:00:00.000001Z"), Instant.parse("+12000-01-01T00:00:00Z"),
                Instant.parse("-0005-06-01T00:00:00Z") };
        for (Instant instant : instants) {
            // when
            String field = new String(new CopyRows(0).instant(instant).encoded(), StandardCharsets.US_ASCII);

            // then
            assertThat(Instant.parse(field)).isEqualTo(instant);
        }
        assertThat(new String(new CopyRows(0).instant(Instant.parse("2008-07-31T21:42:52.667Z")).encoded(),
                StandardCharsets.US_ASCII)).isEqualTo("2008-07-31T21:42:52.667000000Z");
    }
}
