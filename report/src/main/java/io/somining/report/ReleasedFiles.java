package io.somining.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * The authors' released result files, read as they are: a CSV table with a header row and row names
 * in the first column, or a spreadsheet's column of numbers under a header.
 */
final class ReleasedFiles {

    private final Path folder;

    ReleasedFiles(Path folder) {
        this.folder = folder;
    }

    /** The cell of a CSV table at the named row (first column) and column (header). */
    double csvCell(String file, String row, String column) {
        Path path = folder.resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException("cannot read " + path + ": " + e.getMessage(), e);
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int at = header.indexOf(column);
        if (at < 0) {
            throw new ReportException(path + ": no column '" + column + "' in " + header);
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells[0].equals(row)) {
                try {
                    return Double.parseDouble(cells[at].trim());
                } catch (NumberFormatException e) {
                    throw new ReportException(path + ", line " + (i + 1) + ", column " + column + ": '" + cells[at] + "' is no number");
                }
            }
        }
        throw new ReportException(path + ": no row '" + row + "'");
    }

    /**
     * The numbers of a sheet's first column below its header row, or only those below the cell that
     * reads {@code after} when given (a released sheet may hold several blocks); a cell that is not a
     * number is an error naming it.
     */
    List<Double> sheetColumn(String file, String sheetName, String after) {
        Path path = folder.resolve(file);
        try (InputStream in = Files.newInputStream(path); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheet(sheetName);
            if (sheet == null) {
                throw new ReportException(path + ": no sheet '" + sheetName + "'");
            }
            List<Double> values = new ArrayList<>();
            boolean reading = after == null;
            for (Row row : sheet) {
                Cell cell = row.getCell(0);
                if (row.getRowNum() == 0 || cell == null || cell.getCellType() == CellType.BLANK) {
                    continue;
                }
                if (!reading) {
                    reading = cell.getCellType() == CellType.STRING && cell.getStringCellValue().trim().equals(after);
                    continue;
                }
                if (cell.getCellType() != CellType.NUMERIC) {
                    throw new ReportException(path + ", sheet " + sheetName + ", row " + (row.getRowNum() + 1)
                            + ": '" + cell + "' is no number");
                }
                values.add(cell.getNumericCellValue());
            }
            if (!reading) {
                throw new ReportException(path + ", sheet " + sheetName + ": no cell reads '" + after + "'");
            }
            return values;
        } catch (IOException e) {
            throw new ReportException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
