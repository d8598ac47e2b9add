package org.sparseattention.theory;

/**
 * Hyper-parameters of training steps 1-3 (THEORY.md section 3) and of the attention feature.
 *
 * @param beta   softmax inverse temperature, {@code > 0}
 * @param etaB   step size of the bias step, {@code >= 0}
 * @param etaW   step size of the readout step, {@code >= 0}
 * @param etaQ   step size of the query step, {@code >= 0}
 * @param alpha0 {@code n0/d}, sample ratio of the query data set {@code D0}, {@code > 0}
 */
public record QueryProtocol(double beta, double etaB, double etaW, double etaQ, double alpha0) {

    /** Validates the ranges. */
    public QueryProtocol {
        check("beta", beta, false);
        check("eta-b", etaB, true);
        check("eta-w", etaW, true);
        check("eta-q", etaQ, true);
        check("alpha0", alpha0, false);
    }

    private static void check(String name, double v, boolean zeroAllowed) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
            throw new IllegalArgumentException(name + " must be finite and " + (zeroAllowed ? ">= 0" : "> 0")
                    + ", got " + v);
        }
    }

    /** The command-line defaults {@code beta=10, eta=0.5, alpha0=2}. */
    public static QueryProtocol defaults() {
        return new QueryProtocol(10, 0.5, 0.5, 0.5, 2);
    }
}
