package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.util.ChunkedExecutor;

/**
 * The logistic ERM fit (L-BFGS in the margins with a strong Wolfe line search and a scaled bias)
 * against an independent solve: Newton's method with the exact Hessian (Cholesky), iterated to the
 * rounding floor. The designs have a feature mean far from zero and unbalanced labels, so that the
 * unpenalised bias is large and badly scaled against the weights (the case the bias scaling is for).
 */
class LogisticErmReferenceTest {

    private record Problem(FeatureMatrix a, double[] dense, double[] y, int n, int p) {
    }

    /**
     * Rows {@code (mu + g_i) / sqrt(p)} with standard Gaussian {@code g_i}, labels from a noisy teacher with
     * the threshold shifted by {@code offset} (unbalanced classes, so the bias is far from zero).
     */
    private static Problem problem(long seed, int n, int p, double mu, double offset,
            FeatureMatrix.Precision precision, ChunkedExecutor ex) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] teacher = new double[p];
        for (int j = 0; j < p; j++) {
            teacher[j] = rnd.nextGaussian();
        }
        FeatureMatrix.Builder b = FeatureMatrix.builder(n, p, precision);
        double[] y = new double[n];
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                row[j] = mu + rnd.nextGaussian();
                s += (row[j] - mu) * teacher[j];
            }
            y[i] = s / Math.sqrt(p) + offset + 0.7 * rnd.nextGaussian() > 0 ? 1 : -1;
            b.setRow(i, row, 0, 1 / Math.sqrt(p));
        }
        FeatureMatrix a = b.build(ex);
        double[] dense = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                dense[i * p + j] = a.get(i, j);
            }
        }
        return new Problem(a, dense, y, n, p);
    }

    private static double margin(Problem pr, double[] x, int i) {
        double z = x[pr.p];
        for (int j = 0; j < pr.p; j++) {
            z += pr.dense[i * pr.p + j] * x[j];
        }
        return z;
    }

    /** {@code F(w, b)} by plain loops. */
    private static double objective(Problem pr, double lambda, double[] x) {
        double v = 0;
        for (int i = 0; i < pr.n; i++) {
            v += LossKind.LOGISTIC.value(pr.y[i], margin(pr, x, i));
        }
        for (int j = 0; j < pr.p; j++) {
            v += 0.5 * lambda * x[j] * x[j];
        }
        return v;
    }

    /** Gradient of {@code F} by plain loops. */
    private static double[] gradient(Problem pr, double lambda, double[] x) {
        double[] g = new double[pr.p + 1];
        for (int i = 0; i < pr.n; i++) {
            double d = LossKind.LOGISTIC.derivative(pr.y[i], margin(pr, x, i));
            for (int j = 0; j < pr.p; j++) {
                g[j] += d * pr.dense[i * pr.p + j];
            }
            g[pr.p] += d;
        }
        for (int j = 0; j < pr.p; j++) {
            g[j] += lambda * x[j];
        }
        return g;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Damped Newton with the exact Hessian, from zero, until the gradient stops decreasing (rounding floor). */
    private static double[] newton(Problem pr, double lambda) {
        int m = pr.p + 1;
        double[] x = new double[m];
        double f = objective(pr, lambda, x);
        for (int it = 0; it < 100; it++) {
            double[] g = gradient(pr, lambda, x);
            if (norm(g) <= 1e-13 * pr.n) {
                break;
            }
            RealMatrix h = MatrixUtils.createRealMatrix(m, m);
            double[] ai = new double[m];
            ai[pr.p] = 1;
            for (int i = 0; i < pr.n; i++) {
                System.arraycopy(pr.dense, i * pr.p, ai, 0, pr.p);
                double mg = pr.y[i] * margin(pr, x, i);
                double s = 1 / (1 + Math.exp(-Math.abs(mg)));
                double c = s * (1 - s);
                for (int j = 0; j < m; j++) {
                    for (int k = 0; k <= j; k++) {
                        h.addToEntry(j, k, c * ai[j] * ai[k]);
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < j; k++) {
                    h.setEntry(k, j, h.getEntry(j, k));
                }
                if (j < pr.p) {
                    h.addToEntry(j, j, lambda);
                }
            }
            RealVector step = new CholeskyDecomposition(h, 1e-14, 1e-14).getSolver()
                    .solve(MatrixUtils.createRealVector(g));
            double t = 1;
            double[] xn = new double[m];
            double fn;
            do {
                for (int j = 0; j < m; j++) {
                    xn[j] = x[j] - t * step.getEntry(j);
                }
                fn = objective(pr, lambda, xn);
                t *= 0.5;
            } while (fn > f + 1e-12 * Math.abs(f) && t > 1e-10);
            if (fn > f + 1e-12 * Math.abs(f)) {
                break;
            }
            System.arraycopy(xn, 0, x, 0, m);
            f = fn;
        }
        return x;
    }

    @Test
    void objectiveEqualsNewtonReferenceAndKktHolds() {
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            for (FeatureMatrix.Precision precision : FeatureMatrix.Precision.values()) {
                Problem pr = problem(31, 1500, 40, 0.5, 1.5, precision, ex);
                for (double lambda : new double[] {0.01, 1.0}) {
                    String what = precision + " lambda=" + lambda;
                    double[] ref = newton(pr, lambda);
                    double fRef = objective(pr, lambda, ref);
                    assertTrue(Math.abs(ref[pr.p]) > 1, what + ": the bias matters (" + ref[pr.p] + ")");

                    ErmResult r = LogisticErm.solve(pr.a, pr.y, lambda);
                    double[] x = java.util.Arrays.copyOf(r.w(), pr.p + 1);
                    x[pr.p] = r.b();
                    double f = objective(pr, lambda, x);
                    // the reported objective is the objective at the returned point
                    assertEquals(f, r.objective(), 1e-12 * f, what + ": reported objective");
                    // KKT: the gradient at the returned point, by plain loops, meets the stated tolerance
                    double g0 = norm(gradient(pr, lambda, new double[pr.p + 1]));
                    double[] g = gradient(pr, lambda, x);
                    double gn = norm(g);
                    // convexity: 0 <= F(x) - F* <= <grad F(x), x - x*> (x* the reference), up to rounding
                    double bound = 0;
                    for (int j = 0; j <= pr.p; j++) {
                        bound += g[j] * (x[j] - ref[j]);
                    }
                    assertTrue(f >= fRef - 1e-12 * fRef, what + ": below the minimum " + f + " < " + fRef);
                    assertTrue(f - fRef <= bound + 1e-12 * fRef, what + ": gap " + (f - fRef) + " > " + bound);
                    assertEquals(fRef, f, 1e-6 * fRef, what + ": objective vs Newton");
                    assertTrue(gn <= LogisticErm.REL_TOL * Math.max(1, g0), what + ": gradient norm " + gn);
                    assertEquals(gn, r.optimality(), 1e-6 * gn + 1e-12 * g0, what + ": reported gradient norm");
                    // F - lambda/2 ||w||^2 is convex: lambda/2 ||w - w*||^2 <= F(w, b) - F*
                    double dw = 0;
                    for (int j = 0; j < pr.p; j++) {
                        dw += (x[j] - ref[j]) * (x[j] - ref[j]);
                    }
                    assertTrue(0.5 * lambda * dw <= f - fRef + 1e-12 * fRef,
                            what + ": ||w - w*||^2 = " + dw + " vs objective gap " + (f - fRef));

                    // a tight tolerance: the objective equals the reference solve's to a relative 1e-8
                    ErmResult tight = LogisticErm.solve(pr.a, pr.y, lambda, 1e-9);
                    assertEquals(fRef, tight.objective(), 1e-8 * fRef, what + ": tight objective vs Newton");
                }
            }
        }
    }

    /** A tolerance near the rounding floor: objective, bias and weights equal the reference to rounding. */
    @Test
    void tightToleranceReachesTheReferenceToRounding() {
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            Problem pr = problem(47, 900, 25, -2.0, 1.0, FeatureMatrix.Precision.FLOAT, ex);
            double lambda = 0.05;
            double[] ref = newton(pr, lambda);
            double fRef = objective(pr, lambda, ref);
            ErmResult r = LogisticErm.solve(pr.a, pr.y, lambda, 1e-11);
            assertEquals(fRef, r.objective(), 1e-12 * fRef, "objective at relTol 1e-11");
            assertEquals(ref[pr.p], r.b(), 1e-6 * Math.abs(ref[pr.p]), "bias");
            for (int j = 0; j < pr.p; j++) {
                assertEquals(ref[j], r.w()[j], 1e-6 * (1 + Math.abs(ref[j])), "w[" + j + "]");
            }
        }
    }

    /**
     * A badly scaled bias (columns of norm about {@code sqrt(n / p) = 2} against {@code sqrt(n) = 40} for
     * the bias column, unbalanced labels): with the bias scaled in the initial inverse Hessian L-BFGS
     * needs 26 iterations; unscaled it needs 88, which this bound would catch.
     */
    @Test
    void scaledBiasKeepsTheIterationCountLow() {
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            Problem pr = problem(5, 1600, 400, 0.0, 1.5, FeatureMatrix.Precision.FLOAT, ex);
            ErmResult r = LogisticErm.solve(pr.a, pr.y, 0.01);
            assertTrue(r.iterations() <= 50, "L-BFGS iterations " + r.iterations());
        }
    }

    /** The fused value-and-derivative of the logistic loss returns exactly {@link LossKind}'s two numbers. */
    @Test
    void logisticValueAndDerivativeAreLossKindsNumbers() {
        double[] der = new double[1];
        for (double y : new double[] {-1, 1}) {
            for (double z : new double[] {0, -0.0, 1e-300, -1e-300, 1e-9, -1e-9, 0.3, -0.3, 1, -1, 17.5, -17.5, 40,
                -40, 700, -700, 800, -800, 1e300, -1e300}) {
                double v = LogisticErm.LOSS.valueAndDerivative(y, z, der, 0);
                assertEquals(LossKind.LOGISTIC.value(y, z), v, 0.0, "value y=" + y + " z=" + z);
                assertEquals(LossKind.LOGISTIC.derivative(y, z), der[0], 0.0, "derivative y=" + y + " z=" + z);
            }
        }
    }
}
