package org.sparseattention.theory.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;
import org.hipparchus.util.CombinatoricsUtils;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.numerics.Gaussian;

/**
 * Vectorized linear oracle of docs/theory.md section 8: the threshold problem
 * {@code min_{c, t} pi E_S Phi(t - theta sum_{l in S} c_l) + (1 - pi) Phi(-t)} over unit position weights
 * {@code c}, {@code S} a uniform {@code R}-subset of the {@code L} positions.
 * <ol>
 * <li>Equal weights {@code 1/sqrt(k)} on {@code k} positions, for every {@code k} up to 64 and then on a
 * 3% geometric grid refined to the best integer: the number of signal tokens among the {@code k}
 * positions is hypergeometric, so the error is exact ({@code k = L} is the uniform, pooled value).</li>
 * <li>When the subsets can be enumerated ({@code C(L,R) R L <= 2e6}), gradient descent with backtracking
 * over all {@code L} weights and {@code t} from the three best {@code k} (slightly perturbed), on the exact
 * objective; every accepted iterate is an exact value, so the result is an upper bound of the optimum
 * that is never above the best equal-weight value.</li>
 * </ol>
 */
final class VectorizedOracle {
    private static final double ENUMERATION_BUDGET = 2e6;
    private static final int DESCENT_ITERATIONS = 400;
    private static final int STARTS = 3;

    private VectorizedOracle() {
    }

    /** A weight pattern's error: equal weights on {@code k} positions (0 when from the full optimisation). */
    record Value(int k, double error) {
    }

    /** The oracle error (steps 1 and 2 of the class comment). */
    static double error(SparseTokenParameters p) {
        double trivial = Math.min(p.pi(), 1 - p.pi());
        double pooled = OracleErrors.pooled(p);
        if (p.theta() == 0) {
            return trivial;
        }
        List<Value> values = equalWeightScan(p);
        double best = Math.min(pooled, values.get(0).error());
        if (enumerable(p.L(), p.R())) {
            int[][] subsets = OracleErrors.subsets(p.L(), p.R());
            for (int s = 0; s < Math.min(STARTS, values.size()); s++) {
                best = Math.min(best, descend(p, subsets, values.get(s).k()));
            }
        }
        return Math.min(best, trivial);
    }

    /** Step 1 alone: the best equal-weight value, never above the pooled one. */
    static double equalWeightsError(SparseTokenParameters p) {
        if (p.theta() == 0) {
            return Math.min(p.pi(), 1 - p.pi());
        }
        return Math.min(OracleErrors.pooled(p), equalWeightScan(p).get(0).error());
    }

    static boolean enumerable(int L, int R) {
        return CombinatoricsUtils.binomialCoefficientDouble(L, R) * R * L <= ENUMERATION_BUDGET;
    }

    /** Errors of equal weights on {@code k} positions over the scanned {@code k}, best first. */
    static List<Value> equalWeightScan(SparseTokenParameters p) {
        int L = p.L();
        TreeSet<Integer> ks = new TreeSet<>();
        for (int k = 1; k <= Math.min(L, 64); k++) {
            ks.add(k);
        }
        for (double k = 64; k < L; k *= 1.03) {
            ks.add((int) Math.round(k));
        }
        ks.add(L);
        List<Value> out = new ArrayList<>();
        for (int k : ks) {
            out.add(new Value(k, equalWeights(p, k)));
        }
        out.sort((a, b) -> Double.compare(a.error(), b.error()));
        // refine the best k to the best integer between its scanned neighbours
        int k0 = out.get(0).k();
        Integer below = ks.lower(k0);
        Integer above = ks.higher(k0);
        List<Value> refined = new ArrayList<>(out);
        for (int k = below == null ? k0 : below + 1; k < (above == null ? k0 + 1 : above); k++) {
            if (!ks.contains(k)) {
                refined.add(new Value(k, equalWeights(p, k)));
            }
        }
        refined.sort((a, b) -> Double.compare(a.error(), b.error()));
        return refined;
    }

    /**
     * Error of equal weights {@code 1/sqrt(k)} on {@code k} positions:
     * {@code min_t pi sum_j P(j) Phi(t - theta j / sqrt(k)) + (1 - pi) Phi(-t)},
     * {@code j ~ Hypergeometric(L, R, k)} signal tokens among the weighted positions.
     */
    static double equalWeights(SparseTokenParameters p, int k) {
        int L = p.L();
        int R = p.R();
        int jmin = Math.max(0, R - (L - k));
        int jmax = Math.min(R, k);
        double logTotal = CombinatoricsUtils.binomialCoefficientLog(L, R);
        double[] prob = new double[jmax - jmin + 1];
        double[] mean = new double[prob.length];
        for (int j = jmin; j <= jmax; j++) {
            prob[j - jmin] = Math.exp(CombinatoricsUtils.binomialCoefficientLog(k, j)
                    + CombinatoricsUtils.binomialCoefficientLog(L - k, R - j) - logTotal);
            mean[j - jmin] = p.theta() * j / Math.sqrt(k);
        }
        double pi = p.pi();
        java.util.function.DoubleUnaryOperator err = t -> {
            double pos = 0;
            for (int i = 0; i < prob.length; i++) {
                pos += prob[i] * Gaussian.cdf(t - mean[i]);
            }
            return pi * pos + (1 - pi) * Gaussian.cdf(-t);
        };
        return minimizeThreshold(err, -9, mean[mean.length - 1] + 9);
    }

    /** Grid of 200 thresholds on {@code [lo, hi]}, then Brent's method between the best grid point's neighbours. */
    static double minimizeThreshold(java.util.function.DoubleUnaryOperator err, double lo, double hi) {
        int grid = 200;
        double step = (hi - lo) / grid;
        int bi = 0;
        double bv = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= grid; i++) {
            double v = err.applyAsDouble(lo + i * step);
            if (v < bv) {
                bv = v;
                bi = i;
            }
        }
        double a = lo + Math.max(0, bi - 1) * step;
        double b = lo + Math.min(grid, bi + 1) * step;
        BrentOptimizer brent = new BrentOptimizer(1e-12, 1e-12);
        UnivariatePointValuePair r = brent.optimize(new MaxEval(500), new UnivariateObjectiveFunction(err::applyAsDouble),
                GoalType.MINIMIZE, new SearchInterval(a, b, lo + bi * step));
        return Math.min(bv, r.getValue());
    }

    /** Gradient descent with backtracking from equal weights on the first {@code k} positions (perturbed). */
    static double descend(SparseTokenParameters p, int[][] subsets, int k) {
        int L = p.L();
        double[] x = new double[L + 1];
        for (int l = 0; l < L; l++) {
            // deterministic perturbation that breaks the symmetry between equal positions
            x[l] = (l < k ? 1 : 0) + 1e-3 * Math.sin(1.0 + 7.3 * l);
        }
        x[L] = p.theta() / Math.sqrt(k) / 2;
        double[] grad = new double[L + 1];
        double f = objective(x, subsets, p, grad);
        double best = f;
        double step = 1;
        double[] trial = new double[L + 1];
        double[] trialGrad = new double[L + 1];
        for (int it = 0; it < DESCENT_ITERATIONS; it++) {
            double g2 = 0;
            for (double v : grad) {
                g2 += v * v;
            }
            if (g2 < 1e-26) {
                break;
            }
            boolean accepted = false;
            while (step > 1e-12) {
                for (int i = 0; i <= L; i++) {
                    trial[i] = x[i] - step * grad[i];
                }
                double ft = objective(trial, subsets, p, trialGrad);
                if (ft <= f - 1e-4 * step * g2) {
                    System.arraycopy(trial, 0, x, 0, L + 1);
                    System.arraycopy(trialGrad, 0, grad, 0, L + 1);
                    f = ft;
                    step *= 2;
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            best = Math.min(best, f);
            if (!accepted) {
                break;
            }
            normalise(x, grad);
        }
        return best;
    }

    /** Rescales {@code u} to unit norm (the objective is invariant) and its gradient accordingly. */
    private static void normalise(double[] x, double[] grad) {
        int L = x.length - 1;
        double n = 0;
        for (int l = 0; l < L; l++) {
            n += x[l] * x[l];
        }
        n = Math.sqrt(n);
        for (int l = 0; l < L; l++) {
            x[l] /= n;
            grad[l] *= n;
        }
    }

    /**
     * The exact objective at {@code x = (u, t)}, {@code c = u/|u|}, and its gradient:
     * {@code pi mean_S Phi(t - theta sum_{l in S} c_l) + (1 - pi) Phi(-t)}.
     */
    static double objective(double[] x, int[][] subsets, SparseTokenParameters p, double[] grad) {
        int L = x.length - 1;
        double theta = p.theta();
        double pi = p.pi();
        double norm = 0;
        for (int l = 0; l < L; l++) {
            norm += x[l] * x[l];
        }
        norm = Math.sqrt(norm);
        double t = x[L];
        double pos = 0;
        double[] dc = new double[L];
        double dt = 0;
        for (int[] s : subsets) {
            double sig = 0;
            for (int l : s) {
                sig += x[l];
            }
            double z = t - sig * theta / norm;
            pos += Gaussian.cdf(z);
            double ph = Math.exp(-0.5 * z * z) * 0.3989422804014327;
            dt += ph;
            for (int l : s) {
                dc[l] -= ph * theta;
            }
        }
        int ns = subsets.length;
        double val = pi * pos / ns + (1 - pi) * Gaussian.cdf(-t);
        double cdot = 0;
        for (int l = 0; l < L; l++) {
            dc[l] *= pi / ns;
            cdot += dc[l] * x[l] / norm;
        }
        for (int l = 0; l < L; l++) {
            grad[l] = (dc[l] - cdot * x[l] / norm) / norm;
        }
        grad[L] = pi * dt / ns - (1 - pi) * Math.exp(-0.5 * t * t) * 0.3989422804014327;
        return val;
    }
}
