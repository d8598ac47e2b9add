package org.sparseattention.theory.oracle;

import java.util.Arrays;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;
import org.sparseattention.theory.numerics.Gaussian;

/**
 * Threshold classification error of two class-conditional laws given as Gaussian-kernel mixtures
 * (docs/theory.md section 8): the score given {@code y = +1} is {@code sp_i + h z} and given
 * {@code y = -1} is {@code sm_i + h z}, {@code i} uniform, {@code z ~ N(0,1)}, so
 * {@code err(t) = pi mean_i Phi((t - sp_i)/h) + (1 - pi) mean_i Phi((sm_i - t)/h)}.
 * The attention oracle uses it with {@code h = 1/sqrt(L)}: the mean token {@code gbar ~ N(0, 1/L)}
 * shifts the attention score by exactly {@code gbar} and is integrated in closed form.
 */
final class SmoothThreshold {
    /** Beyond this many kernel widths below the threshold a term is exactly 1 in double precision. */
    private static final double ONE_BEYOND = 9;
    /** Beyond this many kernel widths above the threshold a term is exactly 0 in {@code Gaussian.cdf}. */
    private static final double ZERO_BEYOND = 37.5;

    private final double[] sp;
    private final double[] sm;
    private final double h;
    private final double pi;

    /**
     * @param sp scores of the positive class (copied and sorted)
     * @param sm scores of the negative class (copied and sorted)
     * @param h  kernel width, {@code > 0}
     * @param pi class prior
     */
    SmoothThreshold(double[] sp, double[] sm, double h, double pi) {
        if (!(h > 0) || !(pi > 0 && pi < 1)) {
            throw new IllegalArgumentException("kernel width must be > 0 and pi in (0,1), got h=" + h + ", pi=" + pi);
        }
        this.sp = sp.clone();
        this.sm = sm.clone();
        Arrays.sort(this.sp);
        Arrays.sort(this.sm);
        for (double v : this.sp) {
            requireFinite(v);
        }
        for (double v : this.sm) {
            requireFinite(v);
        }
        this.h = h;
        this.pi = pi;
    }

    private static void requireFinite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("scores must be finite, got " + v);
        }
    }

    /** {@code err(t)} of the class comment. */
    double error(double t) {
        return pi * lowerMass(sp, t) + (1 - pi) * upperMass(sm, t);
    }

    /** {@code mean_i Phi((t - x_i)/h)} for sorted {@code x}. */
    private double lowerMass(double[] x, double t) {
        int ones = lowerBound(x, t - ONE_BEYOND * h);
        int end = lowerBound(x, t + ZERO_BEYOND * h);
        double s = 0;
        for (int i = end - 1; i >= ones; i--) {
            s += Gaussian.cdf((t - x[i]) / h);
        }
        return (ones + s) / x.length;
    }

    /** {@code mean_i Phi((x_i - t)/h)} for sorted {@code x}. */
    private double upperMass(double[] x, double t) {
        int start = lowerBound(x, t - ZERO_BEYOND * h);
        int ones = lowerBound(x, t + ONE_BEYOND * h);
        double s = 0;
        for (int i = start; i < ones; i++) {
            s += Gaussian.cdf((x[i] - t) / h);
        }
        return (x.length - ones + s) / x.length;
    }

    /** First index with {@code x[i] >= v}. */
    private static int lowerBound(double[] x, double v) {
        int lo = 0;
        int hi = x.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A threshold and its error. */
    record Fit(double threshold, double error) {
    }

    /**
     * The threshold minimising {@link #error}: the empirical (kernel-free) optimum locates the
     * plateau of best thresholds, then Brent's method minimises the smooth error on that plateau
     * widened by four kernel widths.
     */
    Fit minimize() {
        double[] plateau = empiricalPlateau();
        double lo = plateau[0] - 4 * h;
        double hi = plateau[1] + 4 * h;
        double start = 0.5 * (plateau[0] + plateau[1]);
        BrentOptimizer brent = new BrentOptimizer(1e-8, 1e-4 * h);
        UnivariatePointValuePair r = brent.optimize(new MaxEval(500), new UnivariateObjectiveFunction(this::error),
                GoalType.MINIMIZE, new SearchInterval(lo, hi, start));
        double t = r.getPoint();
        double e = error(t);
        double e0 = error(start);
        return e0 < e ? new Fit(start, e0) : new Fit(t, e);
    }

    /** {@code [left, right]}: the first interval between consecutive scores where the empirical error is smallest. */
    private double[] empiricalPlateau() {
        int n = sp.length;
        int m = sm.length;
        int i = 0;
        int j = 0;
        double best = 1 - pi; // threshold below every score
        double left = Math.min(sp[0], sm[0]);
        double right = left;
        while (i < n || j < m) {
            double next = j >= m || (i < n && sp[i] <= sm[j]) ? sp[i] : sm[j];
            while (i < n && sp[i] <= next) {
                i++;
            }
            while (j < m && sm[j] <= next) {
                j++;
            }
            double err = pi * i / n + (1 - pi) * (1 - (double) j / m);
            if (err < best) {
                best = err;
                left = next;
                double a = i < n ? sp[i] : Double.POSITIVE_INFINITY;
                double b = j < m ? sm[j] : Double.POSITIVE_INFINITY;
                right = Math.min(a, b);
                if (right == Double.POSITIVE_INFINITY) {
                    right = left;
                }
            }
        }
        return new double[] {left, right};
    }
}
