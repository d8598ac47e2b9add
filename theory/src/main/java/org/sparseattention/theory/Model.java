package org.sparseattention.theory;

import java.util.Locale;

/** The three classifiers of docs/theory.md section 2. */
public enum Model {
    /** Attention {@code X^T softmax(beta X q)} with a linear readout. */
    ATTENTION,
    /** Pooled linear {@code X^T 1_L / L}. */
    POOLED,
    /** Vectorized linear {@code vec(X)}. */
    VECTORIZED;

    /** Lower-case name as used on the command line and in CSV files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a model name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Model parse(String s) {
        if (s != null) {
            for (Model m : values()) {
                if (m.label().equalsIgnoreCase(s.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "': expected attention, pooled or vectorized");
    }
}
