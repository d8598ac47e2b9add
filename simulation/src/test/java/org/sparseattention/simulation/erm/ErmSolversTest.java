package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.ChunkedExecutor;

/** Each ERM solver against brute-force minimisation of a tiny problem, and KKT checks. */
class ErmSolversTest {

    private static final int N = 9;
    private static final int P = 3;

    private static double[] data(long seed, int n, int p) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n * p];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    private static double[] labels(long seed, int n, double[] a, int p, boolean noisy) {
        SplittableRandom r = new SplittableRandom(seed + 99);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = a[i * p] + 0.3 + (noisy ? 1.5 * r.nextGaussian() : 0);
            y[i] = s > 0 ? 1 : -1;
        }
        return y;
    }

    private static double objective(LossKind loss, double[] a, double[] y, int p, double lambda, double[] x) {
        double v = 0;
        for (int i = 0; i < y.length; i++) {
            double z = x[p];
            for (int j = 0; j < p; j++) {
                z += a[i * p + j] * x[j];
            }
            v += loss.value(y[i], z);
        }
        for (int j = 0; j < p; j++) {
            v += 0.5 * lambda * x[j] * x[j];
        }
        return v;
    }

    /** Nelder-Mead with random restarts: brute force independent of the solvers under test. */
    private static double[] bruteForce(ToDoubleFunction<double[]> f, int dim) {
        SplittableRandom rnd = new SplittableRandom(77);
        double[] x = new double[dim];
        double best = f.applyAsDouble(x);
        for (int round = 0; round < 300; round++) {
            double scale = round == 0 ? 0 : Math.pow(10, -1 - 6 * rnd.nextDouble());
            double[] start = x.clone();
            for (int j = 0; j < dim; j++) {
                start[j] += scale * rnd.nextGaussian();
            }
            SimplexOptimizer opt = new SimplexOptimizer(1e-16, 1e-16);
            PointValuePair pv = opt.optimize(new MaxEval(100000), new ObjectiveFunction(f::applyAsDouble),
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(dim, Math.max(scale, 1e-3)));
            if (pv.getValue() < best) {
                best = pv.getValue();
                x = pv.getPoint();
            }
        }
        return x;
    }

    private void compareWithBruteForce(LossKind loss, double lambda, boolean noisy, ChunkedExecutor ex) {
        double[] a = data(11, N, P);
        double[] y = labels(11, N, a, P, noisy);
        FeatureMatrix A = new FeatureMatrix(N, P, a, ex);
        ErmResult r = ErmSolvers.solve(loss, A, y, lambda);
        double[] brute = bruteForce(x -> objective(loss, a, y, P, lambda, x), P + 1);
        double[] sol = new double[P + 1];
        System.arraycopy(r.w(), 0, sol, 0, P);
        sol[P] = r.b();
        double fs = objective(loss, a, y, P, lambda, sol);
        double fb = objective(loss, a, y, P, lambda, brute);
        assertEquals(fs, r.objective(), 1e-10 * Math.max(1, fs), "reported objective");
        assertTrue(fs <= fb + 1e-9 * Math.max(1, fb), loss + ": solver " + fs + " worse than brute force " + fb);
        assertEquals(fb, fs, 1e-7 * Math.max(1, fb), loss + " objective");
        for (int j = 0; j <= P; j++) {
            assertEquals(brute[j], sol[j], 2e-4 * Math.max(1, Math.abs(brute[j])), loss + " coordinate " + j);
        }
    }

    @Test
    void squareMatchesBruteForce() {
        compareWithBruteForce(LossKind.SQUARE, 0.7, true, ChunkedExecutor.serial());
        compareWithBruteForce(LossKind.SQUARE, 0.0, true, ChunkedExecutor.serial());
    }

    @Test
    void logisticMatchesBruteForce() {
        compareWithBruteForce(LossKind.LOGISTIC, 0.3, true, ChunkedExecutor.serial());
        compareWithBruteForce(LossKind.LOGISTIC, 0.0, true, ChunkedExecutor.serial());
    }

    @Test
    void hingeMatchesBruteForce() {
        compareWithBruteForce(LossKind.HINGE, 0.5, true, ChunkedExecutor.serial());
        compareWithBruteForce(LossKind.HINGE, 0.05, false, ChunkedExecutor.serial());
    }

    /** Gradient (KKT) norm at the returned solution, recomputed independently. */
    @Test
    void smoothLossesHaveVanishingGradient() {
        int n = 200, p = 40;
        double[] a = data(5, n, p);
        double[] y = labels(5, n, a, p, true);
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            FeatureMatrix A = new FeatureMatrix(n, p, a, ex);
            for (LossKind loss : new LossKind[] {LossKind.SQUARE, LossKind.LOGISTIC}) {
                double lambda = 0.1;
                ErmResult r = ErmSolvers.solve(loss, A, y, lambda);
                double[] g = new double[p + 1];
                double[] gz = new double[p + 1];
                double g0 = 0;
                for (int i = 0; i < n; i++) {
                    double z = r.b();
                    for (int j = 0; j < p; j++) {
                        z += a[i * p + j] * r.w()[j];
                    }
                    double d = loss.derivative(y[i], z);
                    for (int j = 0; j < p; j++) {
                        g[j] += d * a[i * p + j];
                    }
                    g[p] += d;
                    double d0 = loss.derivative(y[i], 0);
                    g0 += d0 * d0;
                    for (int j = 0; j < p; j++) {
                        gz[j] += d0 * a[i * p + j];
                    }
                    gz[p] += d0;
                }
                double gInit = Math.sqrt(java.util.Arrays.stream(gz).map(v -> v * v).sum());
                // logistic: the solver's stated rule, relative to the gradient at zero; square: 1e-6
                double tol = loss == LossKind.LOGISTIC ? LogisticErm.REL_TOL * Math.max(1.0, gInit) : 1e-6;
                double s = 0;
                for (int j = 0; j < p; j++) {
                    g[j] += lambda * r.w()[j];
                    s += g[j] * g[j];
                }
                s += g[p] * g[p];
                assertTrue(Math.sqrt(s) <= tol, loss + " gradient norm " + Math.sqrt(s) + " > " + tol);
                assertEquals(Math.sqrt(s), r.optimality(), 1e-6 * Math.max(1.0, tol));
                assertTrue(g0 > 0);
            }
        }
    }

    /** Hinge KKT: w = sum alpha_i y_i a_i / lambda with alpha_i = 1 inside the margin, 0 outside. */
    @Test
    void hingeKktAndGap() {
        int n = 150, p = 20;
        double[] a = data(8, n, p);
        double[] y = labels(8, n, a, p, true);
        double lambda = 0.2;
        ErmResult r = HingeDualCd.solve(new FeatureMatrix(n, p, a, null), y, lambda);
        assertTrue(r.optimality() <= 1e-8 * Math.max(1, r.objective()), "gap " + r.optimality());
        assertTrue(r.biasResidual() < 1e-6, "bias residual " + r.biasResidual());
        // subgradient check: find alpha consistent with margins, bias stationarity
        double sumFixed = 0;
        int onMargin = 0;
        for (int i = 0; i < n; i++) {
            double z = r.b();
            for (int j = 0; j < p; j++) {
                z += a[i * p + j] * r.w()[j];
            }
            double m = y[i] * z;
            if (m < 1 - 1e-6) {
                sumFixed += y[i];
            } else if (m <= 1 + 1e-6) {
                onMargin++;
            }
        }
        // |sum over violators of y_i| must be compensable by the points on the margin
        assertTrue(Math.abs(sumFixed) <= onMargin + 1e-9, "bias KKT: " + sumFixed + " vs " + onMargin);
    }

    @Test
    void squareLambdaZeroGivesMinimumNormInterpolator() {
        int n = 6, p = 10;
        double[] a = data(3, n, p);
        double[] y = labels(3, n, a, p, true);
        ErmResult r = SquareErm.solve(new FeatureMatrix(n, p, a, null), y, 0.0);
        // interpolates
        for (int i = 0; i < n; i++) {
            double z = r.b();
            for (int j = 0; j < p; j++) {
                z += a[i * p + j] * r.w()[j];
            }
            assertEquals(y[i], z, 1e-8);
        }
        // equals pinv(A_c) y_c
        double[][] ac = new double[n][p];
        double ybar = 0;
        for (double v : y) {
            ybar += v / n;
        }
        double[] yc = new double[n];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += a[i * p + j] / n;
            }
            for (int i = 0; i < n; i++) {
                ac[i][j] = a[i * p + j] - m;
            }
        }
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - ybar;
        }
        RealMatrix pinv = new SingularValueDecomposition(MatrixUtils.createRealMatrix(ac)).getSolver().getInverse();
        double[] wmin = pinv.operate(yc);
        for (int j = 0; j < p; j++) {
            assertEquals(wmin[j], r.w()[j], 1e-8);
        }
    }

    /** Separable 2-d set whose max-margin separator is {@code x1 = 0}: w = (1, 0), b = 0, margin 1. */
    private static final double[] MM_X = {1, 0, 1, 2, 3, 1, -1, 0, -1, -2, -2, 1};
    private static final double[] MM_Y = {1, 1, 1, -1, -1, -1};

    @Test
    void hingeWithoutPenaltyIsTheHardMarginSvm() {
        ErmResult r = HingeDualCd.solve(new FeatureMatrix(6, 2, MM_X, null), MM_Y, 0.0);
        assertEquals(1.0, r.w()[0], 1e-6);
        assertEquals(0.0, r.w()[1], 1e-6);
        assertEquals(0.0, r.b(), 1e-6);
        assertEquals(0.5, r.objective(), 1e-6);
        // not separable (XOR): no max-margin solution (the lambda = 0 limit of non-separable data is
        // the unregularised hinge minimiser, UnregularisedHingeTest)
        double[] xor = {1, 1, -1, -1, 1, -1, -1, 1};
        double[] yx = {1, 1, -1, -1};
        SimulationException e = assertThrows(SimulationException.class,
                () -> MaxMargin.solve(new FeatureMatrix(4, 2, xor, null), yx));
        assertTrue(e.getMessage().contains("not linearly separable"));
    }

    @Test
    void logisticWithoutPenaltyOnSeparableDataGivesTheMaxMarginDirection() {
        FeatureMatrix A = new FeatureMatrix(6, 2, MM_X, null);
        ErmResult r = LogisticErm.solve(A, MM_Y, 0.0);
        double nw = Math.hypot(r.w()[0], r.w()[1]);
        assertEquals(1.0, r.w()[0] / nw, 1e-9);
        assertEquals(0.0, r.b() / nw, 1e-6);
        double[] z = new double[6];
        A.multiply(r.w(), r.b(), z);
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 6; i++) {
            min = Math.min(min, MM_Y[i] * z[i]);
        }
        assertEquals(LogisticErm.SEPARABLE_MARGIN, min, 1e-4);
        // a generic separable set (n < d): every training point classified with margin >= 40
        int n = 5, p = 10;
        double[] a = data(4, n, p);
        double[] y = {1, -1, 1, -1, 1};
        FeatureMatrix B = new FeatureMatrix(n, p, a, null);
        ErmResult s = LogisticErm.solve(B, y, 0.0);
        double[] zb = new double[n];
        B.multiply(s.w(), s.b(), zb);
        for (int i = 0; i < n; i++) {
            assertTrue(y[i] * zb[i] >= LogisticErm.SEPARABLE_MARGIN - 1e-4, "margin " + y[i] * zb[i]);
        }
    }

    @Test
    void separabilityOnConstructedSets() {
        // n < d with random labels: separable
        int n = 20, p = 30;
        double[] a = data(21, n, p);
        SplittableRandom r = new SplittableRandom(2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean() ? 1 : -1;
        }
        assertTrue(SquaredHingeSeparability.test(new FeatureMatrix(n, p, a, null), y).separable());
        // XOR in 2d: not separable
        double[] xor = {1, 1, -1, -1, 1, -1, -1, 1};
        double[] yx = {1, 1, -1, -1};
        SquaredHingeSeparability.Outcome o = SquaredHingeSeparability.test(new FeatureMatrix(4, 2, xor, null), yx);
        assertFalse(o.separable());
        assertEquals(4.0, o.loss(), 1e-6); // optimum w = 0, b = 0
        // duplicated point with opposite labels, in high dimension: not separable
        double[] dup = data(22, n, p);
        System.arraycopy(dup, 0, dup, p, p);
        double[] yd = y.clone();
        yd[0] = 1;
        yd[1] = -1;
        assertFalse(SquaredHingeSeparability.test(new FeatureMatrix(n, p, dup, null), yd).separable());
        // many more points than dimensions with random labels: not separable
        int n2 = 200, p2 = 10;
        double[] big = data(23, n2, p2);
        double[] yb = new double[n2];
        for (int i = 0; i < n2; i++) {
            yb[i] = r.nextBoolean() ? 1 : -1;
        }
        assertFalse(SquaredHingeSeparability.test(new FeatureMatrix(n2, p2, big, null), yb).separable());
    }
}
