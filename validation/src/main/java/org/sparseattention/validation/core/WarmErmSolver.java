package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.erm.ErmFixedPoint;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.ProxAverages;
import org.sparseattention.theory.erm.ReadoutTheory;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;
import org.sparseattention.theory.numerics.SampleStatistics;

/**
 * The step-4 ERM fixed point of one model (docs/theory.md section 6) at arbitrary
 * {@code (alpha1, lambda > 0)}, each randomization of the feature law warm-started from its
 * solution at the nearest point solved before (in {@code (ln alpha1, ln lambda)}), with a cold
 * start (homotopy in {@code lambda}) as fallback. Used by searches that evaluate many nearby points
 * (optimal ridge, sample complexity, budget split). Values are means over randomizations, error bars
 * their standard errors, exactly as {@link ReadoutTheory}. {@code lambda = 0} goes through
 * {@link ReadoutTheory} itself (its regime checks apply). Not thread-safe: one instance per thread.
 */
public final class WarmErmSolver {
    private final SparseTokenTheory theory;
    private final Model model;
    private final FeatureLaw law;
    private final ErmFixedPoint[] fps;
    private final List<Solved> solved = new ArrayList<>();
    private int solves;

    private record Solved(double lnAlpha, double lnLambda, ErmFixedPoint.Point[] points) {
    }

    /**
     * @param theory the theory (data model, loss, protocol, numerical options; its own lambda unused)
     * @param model  the model
     */
    public WarmErmSolver(SparseTokenTheory theory, Model model) {
        this.theory = theory;
        this.model = model;
        this.law = theory.law(model);
        int k = law.randomizations();
        this.fps = new ErmFixedPoint[k];
        GaussHermiteRule rule = new GaussHermiteRule(theory.options().hermiteNodes());
        NewtonRootSolver solver = new NewtonRootSolver(theory.options().tolerance(), 200);
        for (int r = 0; r < k; r++) {
            fps[r] = new ErmFixedPoint(law.mixture(r), law.gamma(), theory.loss(), ProxAverages.of(theory.loss(), rule),
                    solver);
        }
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Number of fixed-point solves so far (for diagnostics and speed tests). */
    public int solves() {
        return solves;
    }

    /**
     * The fixed point of section 6 at {@code (alpha, lambda)}.
     *
     * @param alpha  {@code alpha1 > 0}
     * @param lambda ridge {@code >= 0} ({@code 0}: through {@link ReadoutTheory}, may throw its
     *               singular-regime exception)
     * @throws TheoryException on non-convergence
     */
    public ErmSolution solve(double alpha, double lambda) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha1 must be finite and > 0, got " + alpha);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        solves++;
        if (lambda == 0) {
            return new ReadoutTheory(model, law, theory.loss(), 0, theory.options())
                    .curve(new double[] {alpha}, ProgressListener.NONE, () -> theory.capacity(model).alphaStar())
                    .get(0);
        }
        double la = Math.log(alpha);
        double ll = Math.log(lambda);
        Solved near = null;
        double best = Double.POSITIVE_INFINITY;
        for (Solved s : solved) {
            double dist = Math.abs(s.lnAlpha - la) + Math.abs(s.lnLambda - ll);
            if (dist < best) {
                best = dist;
                near = s;
            }
        }
        int k = fps.length;
        ErmFixedPoint.Point[] pts = new ErmFixedPoint.Point[k];
        ErmFixedPoint.Observables[] obs = new ErmFixedPoint.Observables[k];
        for (int r = 0; r < k; r++) {
            ErmFixedPoint.Point p = null;
            if (near != null) {
                p = fps[r].solveFrom(alpha, lambda, near.points[r].state(), near.points[r].jacobian());
                if (p == null) {
                    p = path(r, near, alpha, lambda);
                }
            }
            if (p == null) {
                p = fps[r].solveCold(alpha, lambda);
            }
            pts[r] = p;
            obs[r] = fps[r].observables(p.state());
        }
        solved.add(new Solved(la, ll, pts));
        if (solved.size() > 64) {
            solved.remove(0);
        }
        return aggregate(alpha, lambda, pts, obs);
    }

    /** Continuation in a few equal steps of {@code (ln alpha, ln lambda)} from a solved point. */
    private ErmFixedPoint.Point path(int r, Solved from, double alpha, double lambda) {
        ErmFixedPoint.Point p = from.points[r];
        int steps = 4;
        for (int s = 1; s <= steps; s++) {
            double t = s / (double) steps;
            double a = Math.exp(from.lnAlpha + t * (Math.log(alpha) - from.lnAlpha));
            double l = Math.exp(from.lnLambda + t * (Math.log(lambda) - from.lnLambda));
            ErmFixedPoint.Point q = fps[r].solveFrom(s == steps ? alpha : a, s == steps ? lambda : l, p.state(),
                    p.jacobian());
            if (q == null) {
                return null;
            }
            p = q;
        }
        return p;
    }

    private ErmSolution aggregate(double alpha, double lambda, ErmFixedPoint.Point[] pts,
                                  ErmFixedPoint.Observables[] obs) {
        int kr = pts.length;
        int k = pts[0].state().m().length;
        double[] m = new double[k];
        double b = 0;
        double q = 0;
        double v = 0;
        double res = 0;
        int it = 0;
        double[] test = new double[kr];
        double[] tl = new double[kr];
        double[] te = new double[kr];
        for (int r = 0; r < kr; r++) {
            ErmFixedPoint.State s = pts[r].state();
            for (int j = 0; j < k; j++) {
                m[j] += s.m()[j] / kr;
            }
            b += s.bias() / kr;
            q += s.q() / kr;
            v += s.v() / kr;
            res = Math.max(res, pts[r].residual());
            it += pts[r].iterations();
            test[r] = obs[r].testError();
            tl[r] = obs[r].trainLoss();
            te[r] = obs[r].trainError();
        }
        return new ErmSolution(model, theory.loss().name(), alpha, lambda, m, b, q, v, SampleStatistics.mean(test),
                SampleStatistics.standardError(test), SampleStatistics.mean(tl), SampleStatistics.standardError(tl),
                SampleStatistics.mean(te), SampleStatistics.standardError(te), res, it);
    }
}
