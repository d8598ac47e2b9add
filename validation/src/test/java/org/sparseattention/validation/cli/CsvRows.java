package org.sparseattention.validation.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rows of a CSV written by a command, as column-name maps (tests only; no quoting in our CSVs). */
final class CsvRows {
    private CsvRows() {
    }

    /** Rows of {@code csv} after its header. */
    static List<Map<String, String>> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",", -1);
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            Map<String, String> m = new HashMap<>();
            for (int j = 0; j < head.length; j++) {
                m.put(head[j], c[j]);
            }
            out.add(m);
        }
        return out;
    }
}
