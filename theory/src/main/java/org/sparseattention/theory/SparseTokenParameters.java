package org.sparseattention.theory;

/**
 * Parameters of the data model (THEORY.md section 1).
 *
 * @param L     sequence length, {@code L >= 2}
 * @param R     signal tokens per positive sample, {@code 1 <= R <= L-1}
 * @param pi    class prior {@code P(y=+1)} in (0,1)
 * @param theta signal strength, {@code theta >= 0}
 */
public record SparseTokenParameters(int L, int R, double pi, double theta) {

    /** Validates the ranges of section 1. */
    public SparseTokenParameters {
        if (L < 2) {
            throw new IllegalArgumentException("L must be at least 2, got L=" + L);
        }
        if (R < 1 || R > L - 1) {
            throw new IllegalArgumentException("R must satisfy 1 <= R <= L-1, got R=" + R + " with L=" + L);
        }
        if (!(pi > 0 && pi < 1)) {
            throw new IllegalArgumentException("pi must lie strictly between 0 and 1, got pi=" + pi);
        }
        if (!(theta >= 0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("theta must be finite and >= 0, got theta=" + theta);
        }
    }

    /** The command-line defaults {@code L=10, R=1, pi=0.5, theta=5}. */
    public static SparseTokenParameters defaults() {
        return new SparseTokenParameters(10, 1, 0.5, 5.0);
    }

    /** Returns a copy with another {@code theta}. */
    public SparseTokenParameters withTheta(double newTheta) {
        return new SparseTokenParameters(L, R, pi, newTheta);
    }

    /** Returns a copy with another {@code L}. */
    public SparseTokenParameters withL(int newL) {
        return new SparseTokenParameters(newL, R, pi, theta);
    }
}
