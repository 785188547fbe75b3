package io.somining.ingest.parse;

import java.time.Instant;
import java.util.List;

/**
 * One row of a dump's Posts table, whatever the file format it came from.
 *
 * @param line where the row starts in its file, for messages
 */
public record PostRow(
        long id,
        int postTypeId,
        Long parentId,
        Long acceptedAnswerId,
        Instant creationDate,
        Long ownerUserId,
        String ownerDisplayName,
        String title,
        String body,
        List<String> tags,
        Integer score,
        Integer viewCount,
        Integer answerCount,
        Instant closedDate,
        long line) {

    public static final int QUESTION = 1;
    public static final int ANSWER = 2;

    public boolean isQuestion() {
        return postTypeId == QUESTION;
    }
}
