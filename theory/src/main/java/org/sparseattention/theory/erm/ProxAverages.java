package org.sparseattention.theory.erm;

import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/**
 * One-dimensional Gaussian averages of the proximal step (docs/theory.md section 6): for a cavity field
 * {@code h_c ~ N(mu, sd^2)} and {@code tau = rho V}, with {@code h = prox(h_c)},
 * {@code g = (h - h_c)/tau}, {@code dh = d h/d h_c}, writes into {@code out}
 * {@code [E g, E g^2, E(1 - dh)]} and, when {@code out} has room for it, {@code E l(y, h)}
 * (the loss is needed only for the outputs, not for the equations).
 */
public interface ProxAverages {

    /** Number of values the equations need. */
    int EQUATIONS = 3;

    /** Number of values with the loss. */
    int WITH_LOSS = 4;

    /** Fills {@code out[0..3]} as described above. */
    void average(double y, double mu, double sd, double tau, double[] out);

    /**
     * {@link #average(double, double, double, double, double[])} for one atom whose previous evaluation left
     * {@code hint} (a rule may keep there what speeds up the next evaluation of the same atom, e.g. where its
     * panels ended; the averages do not depend on it beyond the rule's tolerance). Ignored by default.
     *
     * @param hint the atom's own array of {@link #HINT_SIZE} values, {@code NaN} before its first evaluation
     */
    default void average(double y, double mu, double sd, double tau, double[] out, double[] hint) {
        average(y, mu, sd, tau, out);
    }

    /** Size of the per-atom {@code hint} arrays. */
    int HINT_SIZE = 9;

    /** Training error {@code P(y h < 0)} of the atom (the prox is increasing, so a Gaussian tail). */
    double trainError(double y, double mu, double sd, double tau);

    /** Closed forms for square and hinge; quadrature for the logistic loss. */
    static ProxAverages of(Loss loss, GaussHermiteRule rule) {
        switch (loss.kind()) {
            case SQUARE:
                return new SquareProxAverages();
            case HINGE:
                return new HingeProxAverages();
            case LOGISTIC:
                return new LogisticProxAverages(rule);
            default:
                throw new AssertionError(loss.kind());
        }
    }

    /**
     * The {@code lambda -> 0} limit below the loss's threshold (section 6, ridge down to zero), where
     * {@code V ~ Vt/lambda} diverges and {@code g ~ lambda gt}: the equations in {@code (m, b, Q, Vt)}
     * are those of this class at {@code lambda = 1} with the loss replaced by the indicator of its
     * zero set: {@code y h = 1} for square loss (the minimum-norm interpolator), {@code y h >= 1}
     * for hinge and logistic (the max-margin classifier; for logistic only its direction is the limit).
     */
    static ProxAverages separableLimit(Loss loss) {
        switch (loss.kind()) {
            case SQUARE:
                return new InterpolationAverages();
            case HINGE:
            case LOGISTIC:
                return new MaxMarginAverages();
            default:
                throw new AssertionError(loss.kind());
        }
    }
}
