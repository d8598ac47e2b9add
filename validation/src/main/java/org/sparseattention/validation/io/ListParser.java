package org.sparseattention.validation.io;


/**
 * Parses the list syntax of the command line: {@code a,b,c} or the inclusive, evenly spaced
 * range {@code start:stop:count}. Every failure is an {@link IllegalArgumentException} whose
 * message names the option and the offending text.
 */
public final class ListParser {
    private static final double INTEGER_TOLERANCE = 1e-9;
    /** Most values in one list or range. */
    public static final int MAX_VALUES = 10_000;

    private ListParser() {
    }

    /**
     * Parses a list of finite real numbers.
     *
     * @param name option name used in error messages (e.g. {@code --alpha1})
     * @param text {@code a,b,c} or {@code start:stop:count}
     * @return the values, in the given order
     * @throws IllegalArgumentException if the text is malformed
     */
    public static double[] doubles(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + ": empty list");
        }
        String t = text.trim();
        if (t.contains(":")) {
            return range(name, t);
        }
        String[] parts = t.split(",", -1);
        if (parts.length > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": " + parts.length + " values, more than the limit of "
                    + MAX_VALUES);
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = number(name, parts[i], t);
        }
        return out;
    }

    /**
     * Parses a list of integers (same syntax; a range must land on integers).
     *
     * @param name option name used in error messages (e.g. {@code --L})
     * @param text {@code a,b,c} or {@code start:stop:count}
     * @return the values, in the given order
     * @throws IllegalArgumentException if the text is malformed or a value is not an integer
     */
    public static int[] ints(String name, String text) {
        double[] values = doubles(name, text);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            double r = Math.rint(v);
            if (Math.abs(v - r) > INTEGER_TOLERANCE * Math.max(1, Math.abs(v)) || Math.abs(r) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be integers, but '" + text.trim() + "' gives "
                        + format(v));
            }
            out[i] = (int) r;
        }
        return out;
    }

    /** The values sorted ascending without repetitions. */
    public static double[] sortedUnique(double[] values) {
        return java.util.Arrays.stream(values).sorted().distinct().toArray();
    }

    /** The values sorted ascending without repetitions. */
    public static int[] sortedUnique(int[] values) {
        return java.util.Arrays.stream(values).sorted().distinct().toArray();
    }

    private static double[] range(String name, String t) {
        String[] parts = t.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(name + ": malformed range '" + t + "', expected start:stop:count");
        }
        double start = number(name, parts[0], t);
        double stop = number(name, parts[1], t);
        String c = parts[2].trim();
        int count;
        try {
            count = Integer.parseInt(c);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": range count must be a positive integer in '" + t + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException(name + ": range count must be a positive integer in '" + t + "'");
        }
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": range count " + count + " exceeds the limit of " + MAX_VALUES
                    + " values in '" + t + "'");
        }
        if (count == 1) {
            if (start != stop) {
                throw new IllegalArgumentException(name + ": a range of count 1 needs start == stop in '" + t + "'");
            }
            return new double[] {start};
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = i == count - 1 ? stop : start + (stop - start) * i / (count - 1);
        }
        return out;
    }

    private static double number(String name, String part, String whole) {
        String p = part.trim();
        if (p.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty item in list '" + whole + "'");
        }
        double v;
        try {
            v = Double.parseDouble(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + p + "' is not a number (in '" + whole + "')");
        }
        if (Double.isNaN(v) || Double.isInfinite(v) || p.endsWith("d") || p.endsWith("D") || p.endsWith("f")
                || p.endsWith("F")) {
            throw new IllegalArgumentException(name + ": '" + p + "' is not a finite number (in '" + whole + "')");
        }
        return v;
    }

    private static String format(double v) {
        return Double.toString(v);
    }
}
