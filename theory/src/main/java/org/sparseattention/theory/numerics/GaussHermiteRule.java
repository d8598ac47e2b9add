package org.sparseattention.theory.numerics;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.util.FastMath;

/**
 * Gauss-Hermite rule for standard normal averages: {@code E[f(z)] ~ sum_i w_i f(z_i)}.
 * Hipparchus's {@code hermite(n)} integrates against {@code exp(-x^2)}, so
 * {@code z_i = sqrt(2) x_i} and {@code w_i = w_i^H / sqrt(pi)}. The nodes {@code x_i} (roots of
 * the Hermite polynomial {@code H_n}) are the eigenvalues of the Jacobi matrix (Golub-Welsch),
 * polished by Newton steps on the orthonormal Hermite recurrence, and
 * {@code w_i^H = 2 / (h_n'(x_i))^2} for the orthonormal {@code h_n}: the same rule as
 * Hipparchus's {@code hermite(n)} at a small fraction of its cost. Rules are computed once per
 * size and process.
 */
public final class GaussHermiteRule extends QuadratureRule {
    private static final Map<Integer, double[][]> RULES = new ConcurrentHashMap<>();

    /** @param n number of nodes, at least 2 */
    public GaussHermiteRule(int n) {
        super(RULES.computeIfAbsent(n, GaussHermiteRule::compute));
    }

    private static double[][] compute(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a Gauss-Hermite rule needs n >= 1 nodes, got " + n);
        }
        // Golub-Welsch: the roots of H_n are the eigenvalues of the Jacobi matrix (0 diagonal, sqrt(k/2) off it)
        double[] x;
        if (n == 1) {
            x = new double[] {0.0};
        } else {
            double[] off = new double[n - 1];
            for (int k = 1; k < n; k++) {
                off[k - 1] = FastMath.sqrt(k / 2.0);
            }
            x = new EigenDecompositionSymmetric(new double[n], off).getEigenvalues().clone();
        }
        Arrays.sort(x);
        final double pim4 = FastMath.pow(FastMath.PI, -0.25);
        double[] nodes = new double[n];
        double[] weights = new double[n];
        double s2 = FastMath.sqrt(2);
        double norm = 1 / FastMath.sqrt(FastMath.PI);
        int m = (n + 1) / 2;
        for (int i = n - 1; i >= n - m; i--) {
            double z = FastMath.abs(x[i]);
            double pp = 0;
            // Newton polish on the orthonormal recurrence h_{j+1} = x sqrt(2/(j+1)) h_j - sqrt(j/(j+1)) h_{j-1};
            // pp = h_n'(z) = sqrt(2n) h_{n-1}(z) gives the weight 2 / pp^2 (weight exp(-x^2))
            for (int it = 0; it < 3; it++) {
                double p1 = pim4;
                double p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * FastMath.sqrt(2.0 / (j + 1)) * p2 - FastMath.sqrt((double) j / (j + 1)) * p3;
                }
                pp = FastMath.sqrt(2.0 * n) * p2;
                if (it < 2) {
                    z -= p1 / pp;
                }
            }
            int mirror = n - 1 - i;
            nodes[i] = s2 * z;
            nodes[mirror] = -s2 * z;
            weights[i] = norm * 2.0 / (pp * pp);
            weights[mirror] = weights[i];
        }
        if (n % 2 == 1) {
            nodes[m - 1] = 0.0;
        }
        return new double[][] {nodes, weights};
    }

    /** {@code E[f(z)] ~ sum_i w_i f(z_i)} for a standard normal {@code z}; the weights sum to 1. */
    public double expectation(java.util.function.DoubleUnaryOperator f) {
        return sum(f);
    }
}
