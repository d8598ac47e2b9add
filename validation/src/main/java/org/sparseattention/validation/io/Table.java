package org.sparseattention.validation.io;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * A rectangular table with a header: written as CSV (atomically) and printed as an aligned
 * console table. Cells are {@code Double}, {@code Integer}, {@code String} or {@code null}
 * (an empty cell).
 */
public final class Table {
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    /** @param header the column names */
    public Table(String... header) {
        if (header.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = List.of(header);
    }

    /** Appends a row; it must have one cell per column. */
    public synchronized Table add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size());
        }
        rows.add(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(cells))));
        return this;
    }

    /** The column names. */
    public List<String> header() {
        return header;
    }

    /** The rows in insertion order. */
    public synchronized List<List<Object>> rows() {
        return List.copyOf(rows);
    }

    /** Number of rows. */
    public synchronized int size() {
        return rows.size();
    }

    /** The CSV text: header line and one line per row, comma separated. */
    public synchronized String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header)).append('\n');
        for (List<Object> row : rows) {
            StringJoiner j = new StringJoiner(",");
            for (Object c : row) {
                String s = Cells.csv(c);
                if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                    s = "\"" + s.replace("\"", "\"\"") + "\"";
                }
                j.add(s);
            }
            sb.append(j).append('\n');
        }
        return sb.toString();
    }

    /** Writes the CSV text atomically to {@code path}. */
    public void writeCsv(Path path) {
        AtomicFiles.writeString(path, toCsv());
    }

    /** Prints an aligned table (right-aligned numbers, two spaces between columns). */
    public void print(PrintWriter out) {
        print(out, Integer.MAX_VALUE);
    }

    /**
     * Prints an aligned table of at most {@code maxRows} rows: when the table is longer, its first
     * and last rows around one line saying how many rows are left out.
     *
     * @param out     where to print
     * @param maxRows the most rows printed (at least 2)
     */
    public synchronized void print(PrintWriter out, int maxRows) {
        int n = header.size();
        List<List<Object>> shown = rows;
        int head = rows.size();
        if (rows.size() > Math.max(2, maxRows)) {
            head = Math.max(2, maxRows) / 2;
            int tail = Math.max(2, maxRows) - head;
            shown = new ArrayList<>(rows.subList(0, head));
            shown.addAll(rows.subList(rows.size() - tail, rows.size()));
        }
        String[][] text = new String[shown.size() + 1][n];
        int[] width = new int[n];
        for (int j = 0; j < n; j++) {
            text[0][j] = header.get(j);
        }
        for (int i = 0; i < shown.size(); i++) {
            for (int j = 0; j < n; j++) {
                text[i + 1][j] = Cells.console(shown.get(i).get(j));
            }
        }
        for (String[] line : text) {
            for (int j = 0; j < n; j++) {
                width[j] = Math.max(width[j], line[j].length());
            }
        }
        for (int i = 0; i < text.length; i++) {
            if (shown != rows && i == head + 1) {
                out.println("... (" + (rows.size() - shown.size()) + " more rows) ...");
            }
            String[] line = text[i];
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    sb.append("  ");
                }
                sb.append(" ".repeat(width[j] - line[j].length())).append(line[j]);
            }
            out.println(sb);
        }
        out.flush();
    }
}
