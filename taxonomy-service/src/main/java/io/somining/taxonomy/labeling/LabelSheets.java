package io.somining.taxonomy.labeling;

import io.somining.platform.csv.Csv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * The rows of a spreadsheet of labels: an Excel workbook (one sheet per platform, as the FSE 2020
 * artifact's category.xlsx) or a CSV file (one sheet: a {@code sheet} column, or the name given).
 * Columns are found by their header: {@code category}, and the question either as {@code url}
 * ({@code https://stackoverflow.com/questions/<id>}, as in the artifact, whose {@code id} column
 * only numbers its rows) or, without a url column, as {@code postId} or {@code id}. Every unreadable
 * row is reported with its sheet and row.
 */
final class LabelSheets {

    /** One labeled row: {@code row} as the spreadsheet numbers it (the header is row 1). */
    record LabelRow(String sheet, int row, long postId, String category) {
    }

    private static final Pattern QUESTION_URL = Pattern.compile("/questions/(\\d+)");

    private LabelSheets() {
    }

    static List<LabelRow> read(byte[] content, String fileName, String csvSheet, List<LabelImportException.Problem> problems) {
        if (startsWith(content, 'P', 'K', 3, 4) || startsWith(content, 0xD0, 0xCF, 0x11, 0xE0)) {
            return readWorkbook(content, fileName, problems);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new LabelImportException.Problem(fileName, "neither an Excel workbook nor UTF-8 CSV text"));
            return List.of();
        }
        return readCsv(text, fileName, csvSheet, problems);
    }

    private static List<LabelRow> readWorkbook(byte[] content, String fileName, List<LabelImportException.Problem> problems) {
        List<LabelRow> rows = new ArrayList<>();
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            for (Sheet sheet : workbook) {
                List<List<String>> cells = new ArrayList<>();
                List<Integer> numbers = new ArrayList<>();
                for (Row row : sheet) {
                    List<String> values = new ArrayList<>();
                    for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                        Cell cell = row.getCell(c);
                        values.add(cell == null ? "" : formatter.formatCellValue(cell));
                    }
                    cells.add(values);
                    numbers.add(row.getRowNum() + 1);
                }
                rows.addAll(rowsOf(fileName + ", sheet " + sheet.getSheetName(), sheet.getSheetName(), cells, numbers, problems));
            }
        } catch (IOException | RuntimeException e) {
            // the reader's message names its classes and settings: say what it means for the file
            problems.add(new LabelImportException.Problem(fileName, "not a readable spreadsheet: " + (bomb(e)
                    ? "it expands far beyond its size, as a compression bomb does"
                    : "damaged, or not an Excel workbook (.xlsx, .xls)")));
        }
        return rows;
    }

    private static boolean bomb(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("Zip bomb")) {
                return true;
            }
        }
        return false;
    }

    private static List<LabelRow> readCsv(String text, String fileName, String csvSheet, List<LabelImportException.Problem> problems) {
        List<Csv.Record> records;
        try {
            records = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new LabelImportException.Problem(fileName, e.getMessage()));
            return List.of();
        }
        if (records.isEmpty()) {
            problems.add(new LabelImportException.Problem(fileName, "empty: a header (id, category) and rows are needed"));
            return List.of();
        }
        int sheetColumn = columns(records.get(0).fields()).getOrDefault("sheet", -1);
        if (sheetColumn < 0 && (csvSheet == null || csvSheet.isBlank())) {
            problems.add(new LabelImportException.Problem(fileName, "a CSV file needs a 'sheet' column or the sheet parameter"));
            return List.of();
        }
        // one sheet per value of the sheet column, each with the header
        Map<String, List<List<String>>> bySheet = new java.util.LinkedHashMap<>();
        Map<String, List<Integer>> numbers = new HashMap<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            String sheet = sheetColumn < 0 ? csvSheet : field(record.fields(), sheetColumn);
            bySheet.computeIfAbsent(sheet, s -> {
                numbers.put(s, new ArrayList<>(List.of(1)));
                return new ArrayList<>(List.of(records.get(0).fields()));
            }).add(record.fields());
            numbers.get(sheet).add(record.line());
        }
        List<LabelRow> rows = new ArrayList<>();
        bySheet.forEach((sheet, cells) -> rows.addAll(rowsOf(fileName + ", sheet " + sheet, sheet, cells, numbers.get(sheet), problems)));
        return rows;
    }

    /** The labeled rows of one sheet, its first row being the header. */
    private static List<LabelRow> rowsOf(String where, String sheet, List<List<String>> cells, List<Integer> numbers,
            List<LabelImportException.Problem> problems) {
        List<LabelRow> rows = new ArrayList<>();
        if (cells.isEmpty()) {
            return rows;
        }
        Map<String, Integer> columns = columns(cells.get(0));
        String questionColumn = List.of("url", "postid", "id").stream().filter(columns::containsKey).findFirst().orElse(null);
        if (questionColumn == null || !columns.containsKey("category")) {
            problems.add(new LabelImportException.Problem(where + ", row " + numbers.get(0),
                    "the header needs a category column and the question's url (or postId, or id), was " + cells.get(0)));
            return rows;
        }
        for (int i = 1; i < cells.size(); i++) {
            List<String> row = cells.get(i);
            String at = where + ", row " + numbers.get(i);
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            String question = field(row, columns.get(questionColumn)).trim();
            String category = field(row, columns.get("category")).trim();
            long postId;
            try {
                if (questionColumn.equals("url")) {
                    Matcher url = QUESTION_URL.matcher(question);
                    if (!url.find()) {
                        throw new NumberFormatException();
                    }
                    question = url.group(1);
                }
                postId = Long.parseLong(question);
                if (postId <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(new LabelImportException.Problem(at + ", column " + questionColumn,
                        "'" + question + "' names no question" + (questionColumn.equals("url") ? " (…/questions/<id>)" : "")));
                continue;
            }
            if (category.isEmpty()) {
                problems.add(new LabelImportException.Problem(at + ", column category", "no category"));
                continue;
            }
            rows.add(new LabelRow(sheet, numbers.get(i), postId, category));
        }
        return rows;
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            columns.putIfAbsent(header.get(c).trim().toLowerCase(Locale.ROOT), c);
        }
        return columns;
    }

    private static String field(List<String> row, int column) {
        return column < row.size() ? row.get(column) : "";
    }

    private static boolean startsWith(byte[] content, int... magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((content[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
