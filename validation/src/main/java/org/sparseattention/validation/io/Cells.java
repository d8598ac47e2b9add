package org.sparseattention.validation.io;

import java.util.Locale;

/** Formatting of table cells: full precision for files, short for the console. */
public final class Cells {
    private Cells() {
    }

    /**
     * CSV text of a cell: doubles in plain decimal or scientific notation with full precision,
     * {@code NaN} and {@code null} as an empty cell.
     */
    public static String csv(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? "" : Double.toString(d);
        }
        return v.toString();
    }

    /** Console text of a cell: doubles with 5 significant digits, NaN and null as {@code -}. */
    public static String console(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            if (d == 0) {
                return "0";
            }
            double a = Math.abs(d);
            if (a >= 1e-4 && a < 1e6) {
                String s = String.format(Locale.ROOT, "%.5g", d);
                return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
            }
            return String.format(Locale.ROOT, "%.4e", d);
        }
        return v.toString();
    }
}
