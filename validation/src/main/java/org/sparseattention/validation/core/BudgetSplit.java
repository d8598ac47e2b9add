package org.sparseattention.validation.core;

import java.util.TreeMap;
import java.util.function.DoubleFunction;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.sparseattention.theory.erm.ErmSolution;

/**
 * The split of a sample budget {@code A = alpha0 + alpha1} between attention's query steps
 * ({@code alpha0 d} samples, docs/theory.md sections 3-4) and its readout ERM ({@code alpha1 d}
 * samples, section 6) that minimises the theory test error: a scan of {@code ln alpha0} over
 * {@link #SCAN} points of {@code [MIN_ALPHA0, A - MIN_ALPHA1]}, then Brent's method between the
 * neighbours of the best scanned point (tolerance {@link #LN_TOLERANCE} in {@code ln alpha0}). The
 * result is never worse than any scanned split.
 */
public final class BudgetSplit {
    /** Smallest {@code alpha0} considered (the query steps need samples). */
    public static final double MIN_ALPHA0 = 0.05;
    /** Smallest {@code alpha1} considered. */
    public static final double MIN_ALPHA1 = 0.05;
    /** Points of the initial scan. */
    public static final int SCAN = 8;
    /** Final width of the bracket in {@code ln alpha0}. */
    public static final double LN_TOLERANCE = 0.02;

    /**
     * The optimal split.
     *
     * @param alpha0      optimal {@code alpha0}
     * @param solution    attention's fixed point at {@code alpha1 = A - alpha0}
     * @param evaluations splits evaluated
     */
    public record Result(double alpha0, ErmSolution solution, int evaluations) {
    }

    private BudgetSplit() {
    }

    /** Smallest budget that leaves room for a split. */
    public static double minimumBudget() {
        return MIN_ALPHA0 + MIN_ALPHA1;
    }

    /**
     * Minimises attention's test error over {@code alpha0} at fixed {@code alpha0 + alpha1 = budget}.
     *
     * @param atAlpha0 attention's fixed point at {@code (alpha0, alpha1 = budget - alpha0)}
     * @param budget   the total {@code A > minimumBudget()}
     */
    public static Result optimise(DoubleFunction<ErmSolution> atAlpha0, double budget) {
        if (!(budget > minimumBudget()) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("--budget must exceed " + minimumBudget() + " (the smallest useful alpha0 "
                    + MIN_ALPHA0 + " plus the smallest alpha1 " + MIN_ALPHA1 + "), got " + budget);
        }
        double lo = Math.log(MIN_ALPHA0);
        double hi = Math.log(budget - MIN_ALPHA1);
        TreeMap<Double, ErmSolution> seen = new TreeMap<>();
        double[] u = new double[SCAN];
        for (int k = 0; k < SCAN; k++) {
            u[k] = lo + (hi - lo) * k / (SCAN - 1);
            eval(atAlpha0, u[k], seen);
        }
        int best = 0;
        for (int k = 1; k < SCAN; k++) {
            if (seen.get(u[k]).testError() < seen.get(u[best]).testError()) {
                best = k;
            }
        }
        double a = u[Math.max(0, best - 1)];
        double b = u[Math.min(SCAN - 1, best + 1)];
        new BrentOptimizer(1e-10, LN_TOLERANCE / 4).optimize(new MaxEval(30), GoalType.MINIMIZE,
                new SearchInterval(a, b, u[best]), new UnivariateObjectiveFunction(v -> eval(atAlpha0, v, seen)));
        double arg = u[best];
        for (var e : seen.entrySet()) {
            if (e.getValue().testError() < seen.get(arg).testError()) {
                arg = e.getKey();
            }
        }
        return new Result(Math.exp(arg), seen.get(arg), seen.size());
    }

    private static double eval(DoubleFunction<ErmSolution> f, double u, TreeMap<Double, ErmSolution> seen) {
        ErmSolution s = seen.get(u);
        if (s == null) {
            s = f.apply(Math.exp(u));
            seen.put(u, s);
        }
        return s.testError();
    }
}
