package org.sparseattention.theory.erm;

import org.sparseattention.theory.loss.HingeLoss;
import org.sparseattention.theory.loss.LogisticLoss;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.SquareLoss;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/**
 * One-dimensional Gaussian averages of the proximal step (THEORY.md section 6): for a cavity field
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

    /** Closed forms for square and hinge; Gauss-Hermite quadrature for the logistic loss. */
    static ProxAverages of(Loss loss, GaussHermiteRule rule) {
        if (loss instanceof SquareLoss) {
            return new SquareProxAverages();
        }
        if (loss instanceof HingeLoss) {
            return new HingeProxAverages();
        }
        if (loss instanceof LogisticLoss) {
            return new LogisticProxAverages(rule);
        }
        throw new IllegalArgumentException("no Gaussian averages for loss " + loss.name());
    }
}
