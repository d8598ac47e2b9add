package org.sparseattention.theory.erm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.loss.Loss;

/**
 * Step-4 ERM asymptotics along a curve of {@code alpha} at one ridge (docs/theory.md section 6).
 * Each point is solved by {@link ErmPointSolver} (values, error bars, regime, status, checks); this
 * class only chooses the starting points.
 *
 * <p>A point's value does not depend on the other points of the list: the previous point's solution
 * is used as a starting point only when it is close ({@code alpha} within a factor
 * {@link #WARM_START_RATIO}); {@link ErmPointSolver} uses it only for randomizations on the same
 * side of the threshold and in the same regime, and checks every solution.
 */
public final class ReadoutTheory {
    /** Largest ratio of consecutive {@code alpha} across which a solution is reused as a starting point. */
    static final double WARM_START_RATIO = 2;

    private final double lambda;
    private final ErmPointSolver points;

    /**
     * @param model   model whose law this is
     * @param law     its feature law
     * @param loss    the loss
     * @param lambda  ridge strength {@code >= 0}
     * @param options numerical settings
     */
    public ReadoutTheory(Model model, FeatureLaw law, Loss loss, double lambda, TheoryOptions options) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
        this.points = new ErmPointSolver(model, law, loss, options);
    }

    /**
     * Solves the fixed point at each {@code alpha} in the order given. Never throws for a point that
     * cannot be solved: that point carries a status other than {@code OK}.
     *
     * @param alphas   sample ratios {@code alpha1 > 0}
     * @param listener progress, called after each {@code alpha}
     * @throws IllegalArgumentException if an {@code alpha} is not finite and positive
     */
    public List<ErmSolution> curve(double[] alphas, ProgressListener listener) {
        for (double a : alphas) {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("alpha1 must be finite and > 0, got " + a);
            }
        }
        List<ErmSolution> out = new ArrayList<>();
        Optional<ErmPointSolver.Start> last = Optional.empty();
        for (int i = 0; i < alphas.length; i++) {
            double alpha = alphas[i];
            Optional<ErmPointSolver.Start> from = last.filter(s -> FastMath.max(alpha / s.alpha(), s.alpha() / alpha)
                    <= WARM_START_RATIO);
            ErmPointSolver.Result r = points.solve(alpha, lambda, from);
            out.add(r.solution());
            last = Optional.of(r.start());
            listener.done(i + 1, alphas.length);
        }
        return out;
    }
}
