package org.sparseattention.theory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reader of the independent values (numpy/scipy, computed apart from this code) at the CLI defaults. */
public final class ReferenceValues {

    /** One row of the file. */
    public record Row(int section, String model, String loss, double alpha1, String quantity, double value,
                      double err) {
        /** Agreement rule: within 3 combined standard errors plus 1e-4. */
        public boolean agrees(double mine, double myErr) {
            return Math.abs(mine - value) <= 3 * Math.sqrt(err * err + myErr * myErr) + 1e-4;
        }
    }

    private ReferenceValues() {
    }

    /** Locates the file: independent values (numpy/scipy) kept in the test resources. */
    public static Path path() {
        try {
            return Path.of(ReferenceValues.class.getResource("/independent-values.csv").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("independent-values.csv missing from the test resources", e);
        }
    }

    /** All rows. */
    public static List<Row> rows() throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(path());
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            out.add(new Row(Integer.parseInt(f[0]), f[1], f[2], f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]),
                    f[4], Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return out;
    }
}
