package io.somining.taxonomy.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rounds, their sampled questions and every label and decision, within the caller's transaction. */
@ApplicationScoped
public class LabelingStore {

    /** A labeling round as stored. */
    public record Round(UUID id, String name, String kind, String studyId, String setId, String taxonomyId,
            Integer taxonomyVersion, String raterA, String raterB, String arbitrator, long seed, int population,
            String createdBy, Instant createdAt) {
    }

    /** A sampled question, with its stratum when the sample was stratified. */
    public record Item(String site, long postId, int position, boolean pilot, String stratum) {
    }

    /** The latest label of an author on a question. */
    public record Entry(String site, long postId, String author, String role, List<String> labels, String note,
            Instant createdAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    public void insertRound(Round round, List<Item> items) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO labeling_round (id, name, kind, study_id, set_id, taxonomy_id, taxonomy_version,
                            rater_a, rater_b, arbitrator, seed, population, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement item = connection.prepareStatement(
                        "INSERT INTO round_item (round_id, site, post_id, position, pilot, stratum) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, round.id());
            insert.setString(2, round.name());
            insert.setString(3, round.kind());
            insert.setString(4, round.studyId());
            insert.setString(5, round.setId());
            insert.setString(6, round.taxonomyId());
            insert.setObject(7, round.taxonomyVersion());
            insert.setString(8, round.raterA());
            insert.setString(9, round.raterB());
            insert.setString(10, round.arbitrator());
            insert.setLong(11, round.seed());
            insert.setInt(12, round.population());
            insert.setString(13, round.createdBy());
            insert.setTimestamp(14, Timestamp.from(round.createdAt()));
            insert.executeUpdate();
            for (Item i : items) {
                item.setObject(1, round.id());
                item.setString(2, i.site());
                item.setLong(3, i.postId());
                item.setInt(4, i.position());
                item.setBoolean(5, i.pilot());
                item.setString(6, i.stratum());
                item.addBatch();
            }
            item.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store round " + round.id(), e);
        }
    }

    private static final String ROUND_COLUMNS = "SELECT id, name, kind, study_id, set_id, taxonomy_id, taxonomy_version, "
            + "rater_a, rater_b, arbitrator, seed, population, created_by, created_at FROM labeling_round ";

    public Optional<Round> round(UUID id) {
        List<Round> rounds = rounds(ROUND_COLUMNS + "WHERE id = ?", id);
        return rounds.stream().findFirst();
    }

    /** Every round, newest first; or only those the user rates or arbitrates. */
    public List<Round> roundsWith(String participant) {
        return participant == null ? rounds(ROUND_COLUMNS + "ORDER BY created_at DESC, id", new Object[0])
                : rounds(ROUND_COLUMNS + "WHERE rater_a = ? OR rater_b = ? OR arbitrator = ? ORDER BY created_at DESC, id",
                        participant, participant, participant);
    }

    /** The rounds that label with one version of a taxonomy. */
    public List<Round> roundsOn(String taxonomyId, int version) {
        return rounds(ROUND_COLUMNS + "WHERE taxonomy_id = ? AND taxonomy_version = ? ORDER BY created_at", taxonomyId, version);
    }

    /** After an edit, the rounds on the edited version label with the new one (their labels follow node_lineage). */
    public int moveRounds(String taxonomyId, int from, int to) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE labeling_round SET taxonomy_version = ? WHERE taxonomy_id = ? AND taxonomy_version = ?")) {
            update.setInt(1, to);
            update.setString(2, taxonomyId);
            update.setInt(3, from);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the rounds of " + taxonomyId + " to version " + to, e);
        }
    }

    private List<Round> rounds(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<Round> rounds = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rounds.add(new Round(r.getObject(1, UUID.class), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), (Integer) r.getObject(7), r.getString(8), r.getString(9),
                            r.getString(10), r.getLong(11), r.getInt(12), r.getString(13), r.getTimestamp(14).toInstant()));
                }
            }
            return rounds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rounds", e);
        }
    }

    public List<Item> items(UUID roundId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT site, post_id, position, pilot, stratum FROM round_item WHERE round_id = ? ORDER BY position")) {
            select.setObject(1, roundId);
            List<Item> items = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    items.add(new Item(r.getString(1), r.getLong(2), r.getInt(3), r.getBoolean(4), r.getString(5)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the items of round " + roundId, e);
        }
    }

    /** Whether the question is in the round's sample (one key lookup, for every label and decision). */
    public boolean inSample(UUID roundId, String site, long postId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM round_item WHERE round_id = ? AND site = ? AND post_id = ?")) {
            select.setObject(1, roundId);
            select.setString(2, site);
            select.setLong(3, postId);
            try (ResultSet r = select.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sample of round " + roundId, e);
        }
    }

    public void append(UUID roundId, Entry entry) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO label_entry (round_id, site, post_id, "
                        + "author, role, labels, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, roundId);
            insert.setString(2, entry.site());
            insert.setLong(3, entry.postId());
            insert.setString(4, entry.author());
            insert.setString(5, entry.role());
            insert.setArray(6, connection.createArrayOf("text", entry.labels().toArray()));
            insert.setString(7, entry.note());
            insert.setTimestamp(8, Timestamp.from(entry.createdAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a label in round " + roundId, e);
        }
    }

    /** The latest entry of every author on every question of the round. */
    public List<Entry> latestEntries(UUID roundId) {
        return entries("""
                SELECT DISTINCT ON (site, post_id, author, role) site, post_id, author, role, labels, note, created_at
                FROM label_entry WHERE round_id = ? ORDER BY site, post_id, author, role, id DESC""",
                "the labels of round " + roundId, roundId);
    }

    /** Every entry on one question, oldest first: who did what when. */
    public List<Entry> history(UUID roundId, String site, long postId) {
        return entries("SELECT site, post_id, author, role, labels, note, created_at FROM label_entry "
                + "WHERE round_id = ? AND site = ? AND post_id = ? ORDER BY id",
                "the history of a question in round " + roundId, roundId, site, postId);
    }

    private List<Entry> entries(String sql, String what, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getString(1), r.getLong(2), r.getString(3), r.getString(4),
                            List.of((String[]) r.getArray(5).getArray()), r.getString(6), r.getTimestamp(7).toInstant()));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
    }
}
