package org.sparseattention.theory.numerics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.util.FastMath;

/**
 * Gauss-Legendre rule on {@code [-1, 1]}: {@code int_{-1}^{1} f(x) dx ~ sum_i w_i f(x_i)}, exact
 * for polynomials of degree up to {@code 2n - 1}. The nodes are the roots of the Legendre
 * polynomial {@code P_n}, found by Newton's method on the three-term recurrence
 * {@code (j+1) P_{j+1} = (2j+1) x P_j - j P_{j-1}} from the asymptotic guesses
 * {@code cos(pi (i + 3/4) / (n + 1/2))}; the weights are {@code w_i = 2 / ((1 - x_i^2) P_n'(x_i)^2)}.
 * A small kernel of ours: Hipparchus's {@code GaussIntegratorFactory} gives the same rule, but
 * constructing that factory builds a high-precision decimal field, which costs a third of a second
 * of start-up in a short command. Rules are computed once per size and process.
 */
public final class GaussLegendreRule extends QuadratureRule {
    private static final Map<Integer, double[][]> RULES = new ConcurrentHashMap<>();

    /** @param n number of nodes, at least 1 */
    public GaussLegendreRule(int n) {
        super(RULES.computeIfAbsent(n, GaussLegendreRule::compute));
    }

    private static double[][] compute(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a Gauss-Legendre rule needs n >= 1 nodes, got " + n);
        }
        double[] x = new double[n];
        double[] w = new double[n];
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++) {
            double z = FastMath.cos(FastMath.PI * (i + 0.75) / (n + 0.5));
            double dp = 1;
            for (int it = 0; it < 100; it++) {
                double p1 = 1;
                double p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
                }
                // P_n'(z) = n (z P_n - P_{n-1}) / (z^2 - 1)
                dp = n * (z * p1 - p2) / (z * z - 1);
                double step = p1 / dp;
                z -= step;
                if (FastMath.abs(step) <= 1e-16 * FastMath.max(1, FastMath.abs(z))) {
                    // the last step moved z by at most 1 ulp: P_n'(z) from before it is the weight's
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
            w[n - 1 - i] = w[i];
        }
        if (n % 2 == 1) {
            x[m - 1] = 0.0;
        }
        return new double[][] {x, w};
    }
}
