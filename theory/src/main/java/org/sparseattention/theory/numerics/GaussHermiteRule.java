package org.sparseattention.theory.numerics;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.util.FastMath;

/**
 * Gauss-Hermite rule for standard normal averages: {@code E[f(z)] ~ sum_i w_i f(z_i)}.
 * Hipparchus's {@code hermite(n)} integrates against {@code exp(-x^2)}, so
 * {@code z_i = sqrt(2) x_i} and {@code w_i = w_i^H / sqrt(pi)}.
 */
public final class GaussHermiteRule {
    private final double[] nodes;
    private final double[] weights;

    /** @param n number of nodes, at least 2 */
    public GaussHermiteRule(int n) {
        GaussIntegrator gi = new GaussIntegratorFactory().hermite(n);
        nodes = new double[n];
        weights = new double[n];
        double s2 = FastMath.sqrt(2);
        double norm = 1 / FastMath.sqrt(FastMath.PI);
        for (int i = 0; i < n; i++) {
            nodes[i] = s2 * gi.getPoint(i);
            weights[i] = norm * gi.getWeight(i);
        }
    }

    /** Number of nodes. */
    public int size() {
        return nodes.length;
    }

    /** Node {@code z_i} (standard normal scale). */
    public double node(int i) {
        return nodes[i];
    }

    /** Weight {@code w_i}; the weights sum to 1. */
    public double weight(int i) {
        return weights[i];
    }

    /** {@code sum_i w_i f(z_i)}. */
    public double expectation(java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) {
            s += weights[i] * f.applyAsDouble(nodes[i]);
        }
        return s;
    }
}
