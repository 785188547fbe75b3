package io.somining.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.somining.testing.EmbeddedInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    private static final int HEADER = 19;

    @Test
    void shouldEncodeTextExactlyAsUtf8GetBytesWould() {
        // given: random strings over ASCII, control characters, 2- and 3-byte characters,
        // surrogate pairs and unpaired surrogates
        Random random = new Random(42);
        List<String> values = new ArrayList<>();
        for (int round = 0; round < 2_000; round++) {
            values.add(randomText(random));
        }
        // long strings, encoded in chunks: a surrogate pair across a chunk's end, and random ones
        values.add("a".repeat(4_095) + "\uD83D\uDE00" + "é".repeat(5_000) + "\uD83D");
        for (int round = 0; round < 20; round++) {
            StringBuilder longText = new StringBuilder();
            while (longText.length() < 20_000) {
                longText.append(randomText(random));
            }
            values.add(longText.toString());
        }
        for (String value : values) {

            // when
            byte[] encoded = new CopyRows(0).text(value).endRow().encoded();

            // then: header, a field count of 1, the value's length and bytes, the trailer
            byte[] expected = value.getBytes(StandardCharsets.UTF_8);
            ByteBuffer row = ByteBuffer.wrap(encoded, HEADER, encoded.length - HEADER);
            assertThat(row.getShort()).isEqualTo((short) 1);
            assertThat(row.getInt()).as("length of %s", value).isEqualTo(expected.length);
            byte[] bytes = new byte[expected.length];
            row.get(bytes);
            assertThat(bytes).as("encoding of %s", value.length() > 80 ? value.substring(0, 80) + "..." : value)
                    .isEqualTo(expected);
            assertThat(row.getShort()).isEqualTo((short) -1);
            assertThat(row.hasRemaining()).isFalse();
        }
    }

    @Test
    void shouldStoreEveryColumnTypeAsPostgresqlReadsItBack() throws Exception {
        // given: values at the edges of each type, nulls, and 500 random rows
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] { "a\tb\nc\\d \"q\" é中😀", (short) -32768, Integer.MIN_VALUE, Long.MIN_VALUE,
                Instant.parse("2008-07-31T21:42:52.667Z"), new UUID(0, 1), List.of("c#", "a,b", "{x}", "\"q\"", "\\", "") });
        rows.add(new Object[] { "", (short) 32767, Integer.MAX_VALUE, Long.MAX_VALUE,
                Instant.parse("1969-12-31T23:59:59.999999Z"), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                List.of() });
        rows.add(new Object[] { null, (short) 0, null, null, null, null, List.of("NULL") });
        rows.add(new Object[] { "far", (short) 1, 0, 0L, Instant.parse("+12000-01-01T00:00:00Z"), UUID.randomUUID(),
                List.of("python") });
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(6); t > 0; t--) {
                tags.add(randomText(random));
            }
            rows.add(new Object[] { randomText(random), (short) random.nextInt(), random.nextInt(), random.nextLong(),
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000) * 1_000L),
                    new UUID(random.nextLong(), random.nextLong()), tags });
        }
        CopyRows copy = new CopyRows(16);
        for (Object[] row : rows) {
            copy.text((String) row[0]).int2((Short) row[1]).int4((Integer) row[2]).int8((Long) row[3])
                    .timestamptz((Instant) row[4]).uuid((UUID) row[5]).textArray(castTags(row[6])).endRow();
        }

        try (Connection connection = EmbeddedInfrastructure.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE copied (n SERIAL, t TEXT, s SMALLINT, i INTEGER, l BIGINT, "
                    + "ts TIMESTAMPTZ, u UUID, a TEXT[])");

            // when
            long copied = CopyRows.copyInto(connection, "copied (t, s, i, l, ts, u, a)", copy.encoded());

            // then
            assertThat(copied).isEqualTo(rows.size());
            assertThat(copy.rows()).isEqualTo(rows.size());
            try (ResultSet stored = statement.executeQuery("SELECT t, s, i, l, ts, u, a FROM copied ORDER BY n")) {
                for (Object[] row : rows) {
                    assertThat(stored.next()).isTrue();
                    assertThat(stored.getString(1)).isEqualTo(utf8RoundTrip((String) row[0]));
                    assertThat(stored.getShort(2)).isEqualTo((Short) row[1]);
                    assertThat(stored.getObject(3)).isEqualTo(row[2]);
                    assertThat(stored.getObject(4)).isEqualTo(row[3]);
                    OffsetDateTime time = stored.getObject(5, OffsetDateTime.class);
                    assertThat(time == null ? null : time.toInstant()).isEqualTo(row[4]);
                    assertThat(stored.getObject(6)).isEqualTo(row[5]);
                    assertThat(Arrays.asList((String[]) stored.getArray(7).getArray()))
                            .isEqualTo(castTags(row[6]).stream().map(CopyRowsTest::utf8RoundTrip).toList());
                }
                assertThat(stored.next()).isFalse();
            }
        }
    }

    @Test
    void shouldRoundInstantsToTheNearestMicrosecond() throws Exception {
        // given
        Instant[] instants = { Instant.ofEpochSecond(1_700_000_000L, 123_456_499),
                Instant.ofEpochSecond(1_700_000_000L, 123_456_500), Instant.ofEpochSecond(1_700_000_000L, 999_999_999) };
        CopyRows copy = new CopyRows(0);
        for (Instant instant : instants) {
            copy.timestamptz(instant).endRow();
        }
        try (Connection connection = EmbeddedInfrastructure.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE times (n SERIAL, ts TIMESTAMPTZ)");

            // when
            CopyRows.copyInto(connection, "times (ts)", copy.encoded());

            // then
            List<Instant> stored = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT ts FROM times ORDER BY n")) {
                while (result.next()) {
                    stored.add(result.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            assertThat(stored).containsExactly(Instant.ofEpochSecond(1_700_000_000L, 123_456_000),
                    Instant.ofEpochSecond(1_700_000_000L, 123_457_000), Instant.ofEpochSecond(1_700_000_001L));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castTags(Object tags) {
        return (List<String>) tags;
    }

    /** What a string is after UTF-8 encoding: an unpaired surrogate becomes '?'. */
    private static String utf8RoundTrip(String value) {
        return value == null ? null : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String randomText(Random random) {
        char[] alphabet = { 'a', 'Z', '0', ' ', '<', '&', '\\', '\n', '\r', '\t', '"', ',', '{', 'é', 'ß', 'Ω', '中',
                '€', '\uFFFD', '\uD83D', '\uDE00', '\u007F', '\u0080', '\u07FF', '\u0800' };
        char[] chars = new char[random.nextInt(40)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
