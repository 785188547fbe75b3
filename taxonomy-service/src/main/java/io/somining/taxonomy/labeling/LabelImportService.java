package io.somining.taxonomy.labeling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.somining.taxonomy.repository.LabelingStore;
import io.somining.taxonomy.repository.LabelingStore.Entry;
import io.somining.taxonomy.repository.LabelingStore.Round;
import io.somining.taxonomy.repository.TaxonomyNode;
import io.somining.taxonomy.repository.TaxonomyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Imports existing labels, such as the FSE 2020 artifact's category.xlsx: each sheet becomes a
 * category round of its study set whose questions carry the spreadsheet's labels as final decisions
 * (by the importing user, each noting the rows it came from), so that shares, exports and events work
 * on them as on labels made here. A label maps to a node when it names it exactly (case and spaces
 * aside) or through the alias table; anything else fails the whole import with every problem listed,
 * and nothing is stored.
 */
@ApplicationScoped
public class LabelImportService {

    /**
     * What to import: the file, the alias table, which study set each sheet labels, and the site of the ids.
     *
     * @param membersBySet each named set's members on the site ({@code site/postId}), as the classifier has them
     * @param kind         {@code CATEGORY} (labels mapped onto the taxonomy) or {@code RELEVANCE} (KEEP or DROP per
     *                     question: a review's decisions, e.g. a published set as the outcome of reviewing candidates)
     */
    public record Request(String fileName, byte[] content, String aliasesName, String aliases, String studyId,
            String taxonomyId, Map<String, String> setsBySheet, String site, String csvSheet,
            Map<String, Set<String>> membersBySet, String kind) {
    }

    /** What an import did, sheet by sheet; a relevance import has no taxonomy. */
    public record Report(String id, String fileName, String studyId, String taxonomyId, Integer taxonomyVersion,
            String importedBy, Instant importedAt, List<SheetReport> sheets, String kind) {
    }

    /** A sheet: its platform and set, the round holding its labels, and how each distinct label was mapped. */
    /** @param onSeveralRows questions the sheet labels on more than one row: their labels are combined into one */
    public record SheetReport(String sheet, String platform, String setId, UUID roundId, int rows, int questions,
            List<Mapping> mappings, List<SeveralRows> onSeveralRows) {
    }

    /** A question on several rows of a sheet, and the categories its rows name together. */
    public record SeveralRows(long postId, List<Integer> rows, int categories) {
    }

    /** A distinct label as typed, the node it was mapped to, how ({@code name} or {@code alias}) and on how many rows. */
    public record Mapping(String label, String node, String via, int rows) {
    }

    /** The report, and whether this call imported it (false: the same import was made before). */
    public record Outcome(Report report, boolean created) {
    }

    public static final String IMPORTED = "imported";
    public static final String CATEGORY = "CATEGORY";
    public static final String RELEVANCE = "RELEVANCE";

    @Inject
    LabelingStore store;

    @Inject
    LabelingService labeling;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    static String normalized(String text) {
        return String.join(" ", text.trim().toLowerCase(Locale.ROOT).split("\\s+")).trim();
    }

    @Transactional
    public Outcome importLabels(Request request, String user) {
        String id = digest(request);
        Optional<Report> existing = stored(id);
        if (existing.isPresent()) {
            return new Outcome(existing.get(), false);
        }
        if (RELEVANCE.equals(request.kind())) {
            return importDecisions(id, request, user);
        }
        TaxonomyVersion version = TaxonomyVersion.latest(request.taxonomyId())
                .orElseThrow(() -> new IllegalArgumentException("taxonomyId: no taxonomy '" + request.taxonomyId() + "'"));
        List<TaxonomyNode> nodes = TaxonomyNode.ofVersion(request.taxonomyId(), version.version);
        Map<Long, TaxonomyNode> byId = nodes.stream().collect(Collectors.toMap(n -> n.id, n -> n));
        Map<String, TaxonomyNode> byPath = new HashMap<>();
        nodes.forEach(n -> byPath.put(normalized(n.path(byId)), n));
        Set<Long> parents = nodes.stream().map(n -> n.parentId).filter(java.util.Objects::nonNull).collect(Collectors.toSet());

        List<LabelImportException.Problem> problems = new ArrayList<>();
        AliasTable aliases = AliasTable.parse(request.aliases(), request.aliasesName(), byPath, problems);
        List<LabelSheets.LabelRow> rows = LabelSheets.read(request.content(), request.fileName(), request.csvSheet(), problems);

        Map<String, SheetPlan> sheets = new LinkedHashMap<>();
        for (LabelSheets.LabelRow row : rows) {
            // planned once per sheet: a sheet without platform or set is one problem, not one per row
            if (!sheets.containsKey(row.sheet())) {
                sheets.put(row.sheet(), plan(row.sheet(), request, aliases, nodes, byId, problems));
            }
            SheetPlan sheet = sheets.get(row.sheet());
            if (sheet == null) {
                continue;
            }
            if (!request.membersBySet().get(sheet.setId()).contains(request.site() + "/" + row.postId())) {
                problems.add(new LabelImportException.Problem(request.fileName() + ", sheet " + row.sheet() + ", row "
                        + row.row(), "question " + request.site() + "/" + row.postId() + " is not a member of "
                        + request.studyId() + "/" + sheet.setId() + " in the classifier"));
                continue;
            }
            String where = request.fileName() + ", sheet " + row.sheet() + ", row " + row.row() + ", column category";
            String path = sheet.platform().path(byId) + TaxonomyNode.PATH_SEPARATOR
                    + String.join(TaxonomyNode.PATH_SEPARATOR, row.category().split("\\s+-\\s+"));
            TaxonomyNode named = byPath.get(normalized(path));
            String via = "name";
            TaxonomyNode node = named;
            if (node == null) {
                node = aliases.node(row.sheet(), row.category()).orElse(null);
                via = "alias";
            }
            if (node == null) {
                problems.add(new LabelImportException.Problem(where, "'" + row.category() + "' names no category of "
                        + sheet.platform().name + " in taxonomy " + request.taxonomyId() + " version " + version.version
                        + ", and the alias table does not map it"));
            } else if (parents.contains(node.id)) {
                problems.add(new LabelImportException.Problem(where, "'" + row.category() + "' maps to '" + node.path(byId)
                        + "', which has sub-categories: a label names a leaf (or childless) category"));
            } else {
                sheet.add(row, node, node.path(byId), via);
            }
        }
        if (!problems.isEmpty()) {
            throw LabelImportException.of(problems);
        }

        Instant now = Instant.now();
        List<SheetReport> reports = new ArrayList<>();
        for (Map.Entry<String, SheetPlan> sheet : sheets.entrySet()) {
            reports.add(store(sheet.getKey(), sheet.getValue(), request, version.version, user, now));
        }
        Report report = new Report(id, request.fileName(), request.studyId(), request.taxonomyId(), version.version, user, now,
                reports, CATEGORY);
        save(report, request);
        return new Outcome(report, true);
    }

    /**
     * A review's decisions, KEEP or DROP per question (the {@code category} column), each sheet a relevance
     * round of its set with the decisions final: the kept questions become the set's reviewed members. A
     * question with both decisions, or a cell that is neither, fails the import with its row.
     */
    private Outcome importDecisions(String id, Request request, String user) {
        List<LabelImportException.Problem> problems = new ArrayList<>();
        List<LabelSheets.LabelRow> rows = LabelSheets.read(request.content(), request.fileName(), request.csvSheet(), problems);
        Map<String, Map<Long, String>> decisions = new LinkedHashMap<>();
        Map<String, Map<Long, List<Integer>>> rowsOf = new HashMap<>();
        for (LabelSheets.LabelRow row : rows) {
            String where = request.fileName() + ", sheet " + row.sheet() + ", row " + row.row();
            String setId = request.setsBySheet().get(row.sheet());
            if (setId == null) {
                if (!decisions.containsKey(row.sheet())) {
                    problems.add(new LabelImportException.Problem(request.fileName() + ", sheet " + row.sheet(),
                            "which study set does it review? Name it in sets (" + row.sheet() + "=<set id>)"));
                    decisions.put(row.sheet(), null);
                }
                continue;
            }
            String decision = row.category().trim().toUpperCase(Locale.ROOT);
            if (!LabelingService.RELEVANCE.contains(decision)) {
                problems.add(new LabelImportException.Problem(where + ", column category", "'" + row.category()
                        + "' is no decision of a relevance review: KEEP or DROP"));
                continue;
            }
            if (!request.membersBySet().get(setId).contains(request.site() + "/" + row.postId())) {
                problems.add(new LabelImportException.Problem(where, "question " + request.site() + "/" + row.postId()
                        + " is not a member of " + request.studyId() + "/" + setId + " in the classifier"));
                continue;
            }
            String earlier = decisions.computeIfAbsent(row.sheet(), s -> new LinkedHashMap<>()).putIfAbsent(row.postId(), decision);
            rowsOf.computeIfAbsent(row.sheet(), s -> new HashMap<>()).computeIfAbsent(row.postId(), p -> new ArrayList<>()).add(row.row());
            if (earlier != null && !earlier.equals(decision)) {
                problems.add(new LabelImportException.Problem(where, "question " + request.site() + "/" + row.postId()
                        + " is " + earlier + " on row " + rowsOf.get(row.sheet()).get(row.postId()).get(0) + " and " + decision + " here"));
            }
        }
        if (!problems.isEmpty()) {
            throw LabelImportException.of(problems);
        }
        Instant now = Instant.now();
        List<SheetReport> reports = new ArrayList<>();
        for (var sheet : decisions.entrySet()) {
            String setId = request.setsBySheet().get(sheet.getKey());
            Round round = new Round(UUID.randomUUID(), request.fileName() + ", sheet " + sheet.getKey(), RELEVANCE,
                    request.studyId(), setId, null, null, IMPORTED, IMPORTED, user, 0, sheet.getValue().size(), user, now);
            Map<Long, List<String>> finals = new LinkedHashMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            sheet.getValue().forEach((postId, decision) -> {
                finals.put(postId, List.of(decision));
                counts.merge(decision, 1, Integer::sum);
            });
            Map<Long, List<Integer>> rowsOfSheet = rowsOf.get(sheet.getKey());
            insertFinal(round, sheet.getKey(), request, finals, rowsOfSheet, user, now);
            int rowCount = rowsOfSheet.values().stream().mapToInt(List::size).sum();
            List<Mapping> mappings = counts.entrySet().stream().map(e -> new Mapping(e.getKey(), e.getKey(), "decision", e.getValue())).toList();
            reports.add(new SheetReport(sheet.getKey(), null, setId, round.id(), rowCount, finals.size(), mappings,
                    severalRows(rowsOfSheet, finals)));
        }
        Report report = new Report(id, request.fileName(), request.studyId(), null, null, user, now, reports, RELEVANCE);
        save(report, request);
        return new Outcome(report, true);
    }

    public Optional<Report> report(String id) {
        return stored(id);
    }

    /** The imports of a study's labels (every study's when null), newest first, a page at a time. */
    public List<Report> reports(String studyId, int offset, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT report FROM label_import WHERE (?::text IS NULL OR study_id = ?)
                        ORDER BY imported_at DESC, id OFFSET ? LIMIT ?""")) {
            select.setString(1, studyId);
            select.setString(2, studyId);
            select.setInt(3, offset);
            select.setInt(4, limit);
            List<Report> reports = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reports.add(mapper.readValue(rows.getString(1), Report.class));
                }
            }
            return reports;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the label imports", e);
        }
    }

    /** A sheet's platform and set, or null (with the problem recorded) when either is unknown. */
    private static SheetPlan plan(String sheet, Request request, AliasTable aliases, List<TaxonomyNode> nodes,
            Map<Long, TaxonomyNode> byId, List<LabelImportException.Problem> problems) {
        Optional<TaxonomyNode> platform = aliases.platform(sheet).or(() -> nodes.stream()
                .filter(n -> n.parentId == null && normalized(n.name).equals(normalized(sheet))).findFirst());
        String setId = request.setsBySheet().get(sheet);
        if (platform.isEmpty()) {
            problems.add(new LabelImportException.Problem(request.fileName() + ", sheet " + sheet,
                    "which platform does it label? Name one in the alias table (a row '" + sheet + ",,<platform>')"));
        }
        if (setId == null) {
            problems.add(new LabelImportException.Problem(request.fileName() + ", sheet " + sheet,
                    "which study set does it label? Name it in sets (" + sheet + "=<set id>)"));
        }
        return platform.isEmpty() || setId == null ? null : new SheetPlan(platform.get(), setId);
    }

    private SheetReport store(String sheet, SheetPlan plan, Request request, int taxonomyVersion, String user, Instant now) {
        Round round = new Round(UUID.randomUUID(), request.fileName() + ", sheet " + sheet, CATEGORY, request.studyId(),
                plan.setId(), request.taxonomyId(), taxonomyVersion, IMPORTED, IMPORTED, user, 0, plan.labels().size(), user, now);
        Map<Long, List<String>> finals = new LinkedHashMap<>();
        plan.labels().forEach((postId, labels) -> finals.put(postId, List.copyOf(labels)));
        insertFinal(round, sheet, request, finals, plan.rows(), user, now);
        return new SheetReport(sheet, plan.platform().name, plan.setId(), round.id(), plan.rowCount(), finals.size(),
                plan.mappings().values().stream().toList(), severalRows(plan.rows(), finals));
    }

    /**
     * Stores an imported round: its questions in file order, each with its final labels as the importing
     * user's decision, noting the rows they came from, and finalized.
     */
    private void insertFinal(Round round, String sheet, Request request, Map<Long, List<String>> finals,
            Map<Long, List<Integer>> rows, String user, Instant now) {
        List<Long> questions = new ArrayList<>(finals.keySet());
        List<LabelingStore.Item> items = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            items.add(new LabelingStore.Item(request.site(), questions.get(i), i, false, null));
        }
        store.insertRound(round, items);
        for (Long postId : questions) {
            String note = "imported from " + request.fileName() + ", sheet " + sheet + ", row(s) "
                    + rows.get(postId).stream().map(String::valueOf).collect(Collectors.joining(", "));
            Entry decision = labeling.record(round, new Entry(request.site(), postId, user, LabelingService.ARBITRATOR,
                    finals.get(postId), note, now));
            labeling.finalized(round, request.site(), postId, decision.labels(), "IMPORTED");
        }
    }

    /** The questions a sheet names on more than one row, with how many categories their rows name together. */
    private static List<SeveralRows> severalRows(Map<Long, List<Integer>> rows, Map<Long, List<String>> finals) {
        return rows.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> new SeveralRows(e.getKey(), e.getValue(), finals.get(e.getKey()).size()))
                .sorted(java.util.Comparator.comparing(SeveralRows::postId)).toList();
    }

    /** What one sheet maps to, built row by row: each question's labels and rows, each distinct label's mapping. */
    private static final class SheetPlan {
        private final TaxonomyNode platform;
        private final String setId;
        private final Map<Long, Set<String>> labels = new LinkedHashMap<>();
        private final Map<Long, List<Integer>> rows = new HashMap<>();
        private final Map<String, Mapping> mappings = new TreeMap<>();
        private int rowCount;

        SheetPlan(TaxonomyNode platform, String setId) {
            this.platform = platform;
            this.setId = setId;
        }

        void add(LabelSheets.LabelRow row, TaxonomyNode node, String path, String via) {
            labels.computeIfAbsent(row.postId(), id -> new LinkedHashSet<>()).add(node.id.toString());
            rows.computeIfAbsent(row.postId(), id -> new ArrayList<>()).add(row.row());
            mappings.merge(row.category(), new Mapping(row.category(), path, via, 1),
                    (a, b) -> new Mapping(a.label(), a.node(), a.via(), a.rows() + 1));
            rowCount++;
        }

        TaxonomyNode platform() {
            return platform;
        }

        String setId() {
            return setId;
        }

        Map<Long, Set<String>> labels() {
            return labels;
        }

        Map<Long, List<Integer>> rows() {
            return rows;
        }

        Map<String, Mapping> mappings() {
            return mappings;
        }

        int rowCount() {
            return rowCount;
        }
    }

    private Optional<Report> stored(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT report FROM label_import WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(mapper.readValue(row.getString(1), Report.class)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read label import " + id, e);
        }
    }

    private void save(Report report, Request request) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO label_import (id, file_name, study_id, taxonomy_id, taxonomy_version, aliases, report,
                            imported_by, imported_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, report.id());
            insert.setString(2, report.fileName());
            insert.setString(3, report.studyId());
            insert.setString(4, report.taxonomyId());
            insert.setObject(5, report.taxonomyVersion());
            insert.setString(6, request.aliases() == null ? "" : request.aliases());
            insert.setString(7, mapper.writeValueAsString(report));
            insert.setString(8, report.importedBy());
            insert.setTimestamp(9, Timestamp.from(report.importedAt()));
            insert.setString(10, report.kind());
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot store label import " + report.id(), e);
        }
    }

    /** The same file, aliases and parameters give the same id: importing twice is importing once. */
    private static String digest(Request request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(request.content());
            for (String part : List.of(String.valueOf(request.aliases()), request.studyId(), request.taxonomyId(),
                    new TreeMap<>(request.setsBySheet()).toString(), request.site(), String.valueOf(request.csvSheet()),
                    request.kind())) {
                sha.update((byte) 0);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
