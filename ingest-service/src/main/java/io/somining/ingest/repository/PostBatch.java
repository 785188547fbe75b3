package io.somining.ingest.repository;

import io.somining.contracts.PostKey;
import io.somining.ingest.parse.PostRow;
import io.somining.platform.sql.CopyRows;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A batch of post rows encoded for {@link PostStore#upsert}. Encoding (content hashes, COPY rows)
 * is CPU work done on the reading thread, so that the storing thread only talks to PostgreSQL.
 * A row repeated within the batch (the artifact lists some questions in two files) counts once, last wins.
 */
public final class PostBatch {

    /** The columns every batch carries, in its COPY rows' order: the post table's own, so it can go straight in. */
    static final String COLUMNS = "(site, id, post_type, parent_id, accepted_answer_id, creation_date, owner_user_id, "
            + "owner_display_name, title, body, tags, score, view_count, answer_count, closed_date, content_hash, "
            + "last_changed_job)";

    private final String site;
    private final Map<Long, PostRow> rows;
    private final byte[] copyRows;
    private final boolean storedAsRead;

    private PostBatch(String site, Map<Long, PostRow> rows, byte[] copyRows, boolean storedAsRead) {
        this.site = site;
        this.rows = rows;
        this.copyRows = copyRows;
        this.storedAsRead = storedAsRead;
    }

    /** Encodes the rows of {@code site} as stored by {@code jobId}. */
    public static PostBatch of(String site, UUID jobId, Collection<PostRow> batch) {
        Map<Long, PostRow> rows = new LinkedHashMap<>();
        long chars = 0;
        for (PostRow row : batch) {
            rows.remove(row.id());
            rows.put(row.id(), row);
            chars += 200 + (row.body() == null ? 0 : row.body().length());
        }
        CopyRows copy = new CopyRows((int) Math.min(Integer.MAX_VALUE - 16, chars));
        ContentHash hash = new ContentHash();
        for (PostRow row : rows.values()) {
            copy.text(site).int8(row.id()).int2(row.postTypeId()).int8(row.parentId()).int8(row.acceptedAnswerId())
                    .timestamptz(row.creationDate()).int8(row.ownerUserId()).text(row.ownerDisplayName())
                    .text(row.title()).text(row.body()).textArray(row.tags()).int4(row.score())
                    .int4(row.viewCount()).int4(row.answerCount()).timestamptz(row.closedDate())
                    .int8(hash.of(row)).uuid(jobId).endRow();
        }
        return new PostBatch(site, rows, copy.encoded(), !copy.replacedText());
    }

    public String site() {
        return site;
    }

    /** Whether PostgreSQL stores every text of the batch as read (no unpaired surrogate had to be replaced). */
    public boolean storedAsRead() {
        return storedAsRead;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    PostRow row(long id) {
        return rows.get(id);
    }

    byte[] copyRows() {
        return copyRows;
    }

    /** The event keys of the batch's questions. */
    public List<String> questionKeys() {
        return rows.values().stream().filter(PostRow::isQuestion).map(row -> PostKey.of(site, row.id())).toList();
    }

    /** The batch's post ids, each once. */
    public Set<Long> ids() {
        return Collections.unmodifiableSet(rows.keySet());
    }

    public List<PostRow> rows() {
        return List.copyOf(rows.values());
    }
}
