package org.sparseattention.theory;

/**
 * Parameters of the data model (docs/theory.md section 1).
 *
 * @param L     sequence length, {@code 2 <= L <= MAX_L}
 * @param R     signal tokens per positive sample, {@code 1 <= R <= L-1}
 * @param pi    class prior {@code P(y=+1)} in (0,1)
 * @param theta signal strength, {@code 0 <= theta <= MAX_THETA}
 */
public record SparseTokenParameters(int L, int R, double pi, double theta) {
    /**
     * Largest supported sequence length: the attention law's quasi-Monte Carlo points have dimension {@code L}
     * (Hipparchus's Sobol direction numbers reach 21201) and memory grows like {@code L} times the points.
     */
    public static final int MAX_L = 20_000;
    /**
     * Largest supported signal strength: beyond it every error is 0 to double precision, and with the
     * protocol's ranges ({@link QueryProtocol}) it keeps {@code kappa theta} far from overflow.
     */
    public static final double MAX_THETA = 1000;

    /** Validates the ranges of section 1. */
    public SparseTokenParameters {
        if (L < 2 || L > MAX_L) {
            throw new IllegalArgumentException("L must lie in [2, " + MAX_L + "] (the supported range), got L=" + L);
        }
        if (R < 1 || R > L - 1) {
            throw new IllegalArgumentException("R must satisfy 1 <= R <= L-1, got R=" + R + " with L=" + L);
        }
        if (!(pi > 0 && pi < 1)) {
            throw new IllegalArgumentException("pi must lie strictly between 0 and 1, got pi=" + pi);
        }
        if (!(theta >= 0 && theta <= MAX_THETA)) {
            throw new IllegalArgumentException("theta must lie in [0, " + (int) MAX_THETA
                    + "] (the supported range), got theta=" + theta);
        }
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
