package org.sparseattention.simulation;

import java.util.Locale;

/** The three classifiers of docs/theory.md section 2. */
public enum SimModel {
    /** attention feature {@code X^T softmax(beta X q)}. */
    ATTENTION,
    /** pooled feature {@code X^T 1/L}. */
    POOLED,
    /** vectorized feature {@code vec(X)}. */
    VECTORIZED;

    /**
     * Parses "attention", "pooled" or "vectorized" (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static SimModel parse(String s) {
        if (s != null) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "attention":
                    return ATTENTION;
                case "pooled":
                    return POOLED;
                case "vectorized":
                    return VECTORIZED;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "': expected attention, pooled or vectorized");
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
