package org.sparseattention.theory;

/**
 * Hyper-parameters of training steps 1-3 (docs/theory.md section 3) and of the attention feature.
 *
 * @param beta   softmax inverse temperature, {@code > 0}
 * @param etaB   step size of the bias step, {@code >= 0}
 * @param etaW   step size of the readout step, {@code >= 0}
 * @param etaQ   step size of the query step, {@code >= 0}
 * @param alpha0 {@code n0/d}, sample ratio of the query data set {@code D0}, {@code > 0}
 */
public record QueryProtocol(double beta, double etaB, double etaW, double etaQ, double alpha0) {
    /** Largest supported {@code beta} and step sizes. */
    public static final double MAX_BETA = 1e6;
    /** Largest supported step size. */
    public static final double MAX_ETA = 1e6;
    /** Supported range of {@code alpha0}. */
    public static final double MIN_ALPHA0 = 1e-6;
    /** Supported range of {@code alpha0}. */
    public static final double MAX_ALPHA0 = 1e9;

    /**
     * Validates the ranges. They are the supported ones: with {@code theta <= }
     * {@link SparseTokenParameters#MAX_THETA} and {@code L <= } {@link SparseTokenParameters#MAX_L} they keep
     * {@code kappa = beta ||q2||} (docs/theory.md section 4) below about {@code 1e35}, so {@code kappa theta}
     * and every attention logit stay finite.
     */
    public QueryProtocol {
        check("beta", beta, false, MAX_BETA, "1e6");
        check("eta-b", etaB, true, MAX_ETA, "1e6");
        check("eta-w", etaW, true, MAX_ETA, "1e6");
        check("eta-q", etaQ, true, MAX_ETA, "1e6");
        if (!(alpha0 >= MIN_ALPHA0 && alpha0 <= MAX_ALPHA0)) {
            throw new IllegalArgumentException("alpha0 must lie in [1e-6, 1e9] (the supported range), got " + alpha0);
        }
    }

    private static void check(String name, double v, boolean zeroAllowed, double max, String maxText) {
        if (!(v >= 0 && v <= max) || (!zeroAllowed && v == 0)) {
            throw new IllegalArgumentException(name + " must lie in " + (zeroAllowed ? "[0, " : "(0, ") + maxText
                    + "] (the supported range), got " + v);
        }
    }
}
