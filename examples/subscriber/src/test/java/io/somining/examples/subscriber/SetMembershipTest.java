package io.somining.examples.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetMembershipTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String event(String study, int version, long postId, String sets, String studySets) {
        return "{\"eventId\":\"e" + postId + version + "\",\"eventType\":\"QuestionClassified\",\"schemaVersion\":2,"
                + "\"occurredAt\":\"2026-12-03T10:00:00Z\",\"studyId\":\"" + study + "\",\"studyVersion\":" + version
                + ",\"site\":\"stackoverflow.com\",\"postId\":" + postId + ",\"sets\":" + sets + ",\"matches\":[]"
                + (studySets == null ? "" : ",\"studySets\":" + studySets) + "}";
    }

    @Test
    void shouldKeepEachQuestionInTheSetsOfItsLatestEventAndNameEmptySets() throws IOException {
        SetMembership membership = new SetMembership("fse2020");

        membership.apply(JSON.readTree(event("fse2020", 1, 1, "[\"A\",\"C\"]", "[\"A\",\"C\",\"D\"]")));
        membership.apply(JSON.readTree(event("fse2020", 1, 2, "[\"A\"]", null)));
        membership.apply(JSON.readTree(event("fse2020", 2, 1, "[\"A\"]", "[\"A\",\"C\",\"D\",\"E\"]")));
        membership.apply(JSON.readTree(event("fse2020", 2, 2, "[]", "[\"A\",\"C\",\"D\",\"E\"]")));
        boolean other = membership.apply(JSON.readTree(event("another", 1, 3, "[\"A\"]", "[\"A\"]")));
        // a redelivery changes nothing
        membership.apply(JSON.readTree(event("fse2020", 2, 1, "[\"A\"]", "[\"A\",\"C\",\"D\",\"E\"]")));

        assertThat(other).isFalse();
        assertThat(membership.studyVersion()).isEqualTo(2);
        assertThat(membership.members()).isEqualTo(Map.of("A", Set.of("stackoverflow.com/1"), "C", Set.of(),
                "D", Set.of(), "E", Set.of()));
    }
}
