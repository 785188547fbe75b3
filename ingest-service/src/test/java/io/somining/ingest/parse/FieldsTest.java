package io.somining.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void shouldReadTheDumpsDatesAsTheJdkParserDoes() {
        // given dates in the dump's form with 0 to 3 fraction digits, across leap days and centuries
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime time = LocalDateTime.of(1990 + random.nextInt(60), 1, 1, 0, 0)
                    .plusSeconds(random.nextInt(Integer.MAX_VALUE)).withNano(random.nextInt(1000) * 1_000_000);
            String full = String.format("%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tL", time);
            int fractionDigits = random.nextInt(4);
            String text = full.substring(0, fractionDigits == 0 ? 19 : 20 + fractionDigits);

            // when
            Instant read = Fields.optionalInstant("CreationDate", text);

            // then
            assertThat(read).as(text).isEqualTo(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        }
        assertThat(Fields.optionalInstant("CreationDate", "2016-02-29T23:59:59.5"))
                .isEqualTo(Instant.parse("2016-02-29T23:59:59.500Z"));
    }

    @Test
    void shouldReadZonedDatesAndRejectImpossibleOnes() {
        assertThat(Fields.optionalInstant("ClosedDate", "2016-08-02T15:39:14.947Z"))
                .isEqualTo(Instant.parse("2016-08-02T15:39:14.947Z"));
        assertThat(Fields.optionalInstant("ClosedDate", "2016-08-02T15:39:14+02:00"))
                .isEqualTo(Instant.parse("2016-08-02T13:39:14Z"));
        for (String impossible : new String[] { "2017-02-29T00:00:00", "2017-13-01T00:00:00", "2017-01-01T24:00:00",
                "2017-01-01 00:00:00", "2017-01-0aT00:00:00" }) {
            assertThatThrownBy(() -> Fields.optionalInstant("CreationDate", impossible)).as(impossible)
                    .isInstanceOf(Fields.BadField.class)
                    .hasMessage("field CreationDate = '" + impossible + "': not an ISO date-time");
        }
    }
}
