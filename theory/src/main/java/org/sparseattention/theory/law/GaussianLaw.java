package org.sparseattention.theory.law;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.SparseTokenParameters;

/**
 * The linear models' laws (docs/theory.md section 5), one direction and Gaussian {@code omega}:
 * pooled {@code omega = theta (R/L) 1{y=+1} + N(0, 1/L)}, {@code rho = 1/L}, {@code gamma = 1};
 * vectorized {@code omega = theta (R/sqrt L) 1{y=+1} + N(0, 1)}, {@code rho = 1}, {@code gamma = L}.
 * Exact: one atom per class.
 */
public final class GaussianLaw implements FeatureLaw {
    private final Mixture mixture;
    private final double gamma;

    private GaussianLaw(double pi, double signal, double variance, double gamma) {
        this.gamma = gamma;
        this.mixture = new Mixture(1, new double[] {pi, 1 - pi}, new double[] {1, -1},
                new double[] {variance, variance}, new double[] {signal, 0}, new double[] {variance, variance});
    }

    /** Pooled linear features {@code X^T 1_L / L}. */
    public static GaussianLaw pooled(SparseTokenParameters p) {
        return new GaussianLaw(p.pi(), p.theta() * p.R() / p.L(), 1.0 / p.L(), 1);
    }

    /** Vectorized linear features {@code vec(X)}. */
    public static GaussianLaw vectorized(SparseTokenParameters p) {
        return new GaussianLaw(p.pi(), p.theta() * p.R() / FastMath.sqrt(p.L()), 1, p.L());
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public double gamma() {
        return gamma;
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public int randomizations() {
        return 1;
    }

    @Override
    public Mixture mixture(int r) {
        return mixture;
    }
}
