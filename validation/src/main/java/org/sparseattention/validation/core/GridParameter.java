package org.sparseattention.validation.core;

import java.util.Locale;

import org.sparseattention.validation.io.ListParser;

/** Parameters that {@code capacity --grid NAME=LIST} can sweep (CLI.md). */
public enum GridParameter {
    /** Signal strength. */
    THETA("theta", false),
    /** Sequence length (integers). */
    L("L", true),
    /** Class prior. */
    PI("pi", false),
    /** Signal tokens (integers). */
    R("R", true),
    /** {@code n0/d} of the query steps. */
    ALPHA0("alpha0", false),
    /** Softmax inverse temperature. */
    BETA("beta", false);

    private final String label;
    private final boolean integer;

    GridParameter(String label, boolean integer) {
        this.label = label;
        this.integer = integer;
    }

    /** Name on the command line and in CSV headers. */
    public String label() {
        return label;
    }

    /** Whether the values must be integers. */
    public boolean isInteger() {
        return integer;
    }

    /**
     * Parses a grid name (exact spelling of CLI.md; {@code l}/{@code r} accepted for {@code L}/{@code R}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GridParameter parse(String name) {
        String n = name == null ? "" : name.trim();
        for (GridParameter p : values()) {
            if (p.label.equals(n) || (p.integer && p.label.equalsIgnoreCase(n))
                    || p.label.equals(n.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown grid name '" + name
                + "': expected theta, L, pi, R, alpha0 or beta");
    }

    /** Parses the values of this parameter ({@code a,b,c} or {@code start:stop:count}). */
    public double[] parseValues(String text) {
        String opt = "--grid " + label;
        if (integer) {
            int[] v = ListParser.ints(opt, text);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
            return out;
        }
        return ListParser.doubles(opt, text);
    }
}
