package org.sparseattention.validation.core;

import java.util.Locale;

import org.sparseattention.validation.io.ListParser;

/** Parameters that {@code capacity --grid} and {@code curve --grid NAME=LIST} can sweep (docs/cli.md). */
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
    BETA("beta", false),
    /** Step size of steps 1-3 (sets the bias, readout and query step sizes together). */
    ETA("eta", false),
    /** Ridge strength of the step-4 ERM. */
    LAMBDA("lambda", false);

    /** The names {@code capacity --grid} accepts (the ridge does not change the capacity). */
    public static final java.util.Set<GridParameter> CAPACITY = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(THETA, L, PI, R, ALPHA0, BETA, ETA));

    /** The names {@code curve --grid} accepts. */
    public static final java.util.Set<GridParameter> CURVE = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.allOf(GridParameter.class));

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
     * Parses a grid name (exact spelling of docs/cli.md; {@code l}/{@code r} accepted for {@code L}/{@code R}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GridParameter parse(String name) {
        return parse(name, CAPACITY);
    }

    /**
     * Parses a grid name among {@code allowed}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GridParameter parse(String name, java.util.Set<GridParameter> allowed) {
        String n = name == null ? "" : name.trim();
        for (GridParameter p : values()) {
            if (allowed.contains(p) && (p.label.equals(n) || (p.integer && p.label.equalsIgnoreCase(n))
                    || p.label.equals(n.toLowerCase(Locale.ROOT)))) {
                return p;
            }
        }
        StringBuilder names = new StringBuilder();
        for (GridParameter p : allowed) {
            names.append(names.length() > 0 ? ", " : "").append(p.label);
        }
        throw new IllegalArgumentException("--grid: unsupported grid name '" + name + "' (expected one of " + names
                + ")");
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
