package io.somining.taxonomy.labeling;

import io.somining.platform.csv.Csv;
import io.somining.taxonomy.repository.TaxonomyNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The explicit, reviewable mapping of hand-typed labels onto taxonomy nodes: a CSV file with the
 * columns {@code sheet,label,node}. A row without label names the platform of a sheet; any other
 * row maps one label, as typed on that sheet (case and runs of spaces aside), to a node given by its
 * path ({@code Mobile / Model Conversion / Saving models}). A label that names its node exactly
 * ({@code inner - leaf} under the sheet's platform) needs no row.
 */
final class AliasTable {

    private final Map<String, TaxonomyNode> platforms = new HashMap<>();
    private final Map<String, Map<String, TaxonomyNode>> labels = new HashMap<>();

    private AliasTable() {
    }

    /** Reads the table; every line that names no node of the taxonomy is a problem. */
    static AliasTable parse(String csv, String fileName, Map<String, TaxonomyNode> nodesByPath,
            List<LabelImportException.Problem> problems) {
        AliasTable table = new AliasTable();
        if (csv == null || csv.isBlank()) {
            return table;
        }
        List<Csv.Record> records;
        try {
            records = Csv.parse(csv);
        } catch (IllegalArgumentException e) {
            problems.add(new LabelImportException.Problem(fileName, e.getMessage()));
            return table;
        }
        if (records.isEmpty() || !records.get(0).fields().stream().map(LabelImportService::normalized).toList()
                .equals(List.of("sheet", "label", "node"))) {
            problems.add(new LabelImportException.Problem(fileName + ", line 1", "the header must be sheet,label,node"));
            return table;
        }
        for (Csv.Record record : records.subList(1, records.size())) {
            String where = fileName + ", line " + record.line();
            if (record.fields().size() != 3) {
                problems.add(new LabelImportException.Problem(where, "3 fields expected (sheet,label,node), found " + record.fields().size()));
                continue;
            }
            String sheet = LabelImportService.normalized(record.fields().get(0));
            String label = LabelImportService.normalized(record.fields().get(1));
            TaxonomyNode node = nodesByPath.get(LabelImportService.normalized(record.fields().get(2)));
            if (node == null) {
                problems.add(new LabelImportException.Problem(where + ", column node",
                        "'" + record.fields().get(2) + "' is no node of the taxonomy"));
            } else if (label.isEmpty() && node.parentId != null) {
                problems.add(new LabelImportException.Problem(where + ", column node",
                        "a sheet maps to a platform (a top-level node), '" + record.fields().get(2) + "' is not one"));
            } else if (label.isEmpty()) {
                table.platforms.put(sheet, node);
            } else {
                table.labels.computeIfAbsent(sheet, s -> new HashMap<>()).put(label, node);
            }
        }
        return table;
    }

    Optional<TaxonomyNode> platform(String sheet) {
        return Optional.ofNullable(platforms.get(LabelImportService.normalized(sheet)));
    }

    Optional<TaxonomyNode> node(String sheet, String label) {
        return Optional.ofNullable(labels.getOrDefault(LabelImportService.normalized(sheet), Map.of())
                .get(LabelImportService.normalized(label)));
    }
}
