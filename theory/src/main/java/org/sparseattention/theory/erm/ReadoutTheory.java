package org.sparseattention.theory.erm;

import static org.sparseattention.theory.numerics.SampleStatistics.mean;
import static org.sparseattention.theory.numerics.SampleStatistics.standardError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.SingularRegimeException;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.loss.HingeLoss;
import org.sparseattention.theory.loss.LogisticLoss;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.SquareLoss;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * Step-4 ERM asymptotics along a curve of {@code alpha} (THEORY.md section 6). Each
 * randomization of the feature law is solved to convergence on its own points, warm-started from
 * its solution at the previous {@code alpha} (continuation; cold starts use a homotopy in
 * {@code lambda}); the reported values are the means over randomizations. Each error bar combines
 * in quadrature the standard error over randomizations, the finite-point bias of a sampled law
 * (each randomization is also solved on the first half of its points: bias ~ mean(N) - mean(N/2))
 * and the Gauss-Hermite truncation (randomization 0 also solved with twice the nodes).
 * Randomizations run in parallel.
 */
public final class ReadoutTheory {
    private final Model model;
    private final FeatureLaw law;
    private final Loss loss;
    private final double lambda;
    private final TheoryOptions options;
    private final GaussHermiteRule rule;
    private final NewtonRootSolver solver;

    /**
     * @param model   model whose law this is
     * @param law     its feature law
     * @param loss    the loss
     * @param lambda  ridge strength {@code >= 0}
     * @param options numerical settings
     */
    public ReadoutTheory(Model model, FeatureLaw law, Loss loss, double lambda, TheoryOptions options) {
        this.model = model;
        this.law = law;
        this.loss = loss;
        this.lambda = lambda;
        this.options = options;
        this.rule = new GaussHermiteRule(options.hermiteNodes());
        this.solver = new NewtonRootSolver(options.tolerance(), 200);
    }

    /**
     * Solves the fixed point at each {@code alpha} in the order given (continuation).
     *
     * @param alphas    sample ratios {@code alpha1 > 0}
     * @param listener  progress, called after each {@code alpha}
     * @param alphaStar capacity of this law, consulted only at {@code lambda = 0}
     * @throws SingularRegimeException where {@code lambda = 0} has no finite solution
     * @throws TheoryException         on non-convergence
     */
    public List<ErmSolution> curve(double[] alphas, ProgressListener listener, DoubleSupplier alphaStar) {
        for (double a : alphas) {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("alpha1 must be finite and > 0, got " + a);
            }
            if (lambda == 0) {
                checkRegime(a, alphaStar);
            }
        }
        int kr = law.randomizations();
        boolean sampled = !law.exact();
        ErmFixedPoint[] fps = new ErmFixedPoint[kr];
        ErmFixedPoint.Point[] last = new ErmFixedPoint.Point[kr];
        // error-bar companions of a sampled law: each randomization on half its points (finite-point
        // bias) and randomization 0 with twice the Gauss-Hermite nodes (truncation of the rule)
        ErmFixedPoint[] halves = new ErmFixedPoint[kr];
        ErmFixedPoint.Point[] lastHalf = new ErmFixedPoint.Point[kr];
        ErmFixedPoint[] fine = new ErmFixedPoint[1];
        ErmFixedPoint.Point[] lastFine = new ErmFixedPoint.Point[1];
        GaussHermiteRule fineRule = new GaussHermiteRule(FastMath.min(2 * options.hermiteNodes(), 200));
        for (int r = 0; r < kr; r++) {
            fps[r] = new ErmFixedPoint(law.mixture(r), law.gamma(), loss, ProxAverages.of(loss, rule), solver);
            if (sampled) {
                halves[r] = new ErmFixedPoint(law.mixture(r).firstHalfPerLabel(), law.gamma(), loss,
                        ProxAverages.of(loss, rule), solver);
            }
        }
        fine[0] = new ErmFixedPoint(law.mixture(0), law.gamma(), loss, ProxAverages.of(loss, fineRule), solver);
        List<ErmSolution> out = new ArrayList<>();
        ExecutorService pool = kr > 1 && options.threads() > 1
                ? Executors.newFixedThreadPool(FastMath.min(options.threads(), kr)) : null;
        try {
            for (int i = 0; i < alphas.length; i++) {
                double alpha = alphas[i];
                ErmFixedPoint.Observables[] obs = new ErmFixedPoint.Observables[kr];
                ErmFixedPoint.Observables[] obsHalf = new ErmFixedPoint.Observables[kr];
                ErmFixedPoint.Observables[] obsFine = new ErmFixedPoint.Observables[1];
                List<Future<?>> futures = new ArrayList<>();
                for (int r = 0; r < kr; r++) {
                    final int rr = r;
                    Runnable task = () -> {
                        ErmFixedPoint.Point p = null;
                        if (last[rr] != null) {
                            p = fps[rr].solveFrom(alpha, lambda, last[rr].state(), last[rr].jacobian());
                        }
                        if (p == null) {
                            p = fps[rr].solveCold(alpha, lambda);
                        }
                        last[rr] = p;
                        obs[rr] = fps[rr].observables(p.state());
                        if (sampled) {
                            lastHalf[rr] = companion(halves[rr], alpha, p, lastHalf[rr]);
                            obsHalf[rr] = halves[rr].observables(lastHalf[rr].state());
                        }
                        if (rr == 0) {
                            lastFine[0] = companion(fine[0], alpha, p, lastFine[0]);
                            obsFine[0] = fine[0].observables(lastFine[0].state());
                        }
                    };
                    if (pool == null) {
                        task.run();
                    } else {
                        futures.add(pool.submit(task));
                    }
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                out.add(aggregate(alpha, last, obs, sampled ? obsHalf : null, obsFine[0]));
                listener.done(i + 1, alphas.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TheoryException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TheoryException("ERM solve failed: " + e.getCause(), e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return out;
    }

    private void checkRegime(double alpha, DoubleSupplier alphaStar) {
        double gamma = law.gamma();
        if (loss instanceof SquareLoss && alpha <= gamma) {
            throw new SingularRegimeException("square loss at lambda=0 with alpha1=" + alpha + " <= gamma=" + gamma
                    + " (" + model.label() + "): interpolation regime, V diverges (the lambda->0 limit is the "
                    + "minimum-norm interpolator); use a small lambda > 0");
        }
        if (loss instanceof LogisticLoss || loss instanceof HingeLoss) {
            double as = alphaStar.getAsDouble();
            if (alpha < as) {
                String what = loss instanceof LogisticLoss
                        ? "the data are separable, ||w|| diverges and only the direction converges (to max-margin)"
                        : "the data are separable and the hinge minimiser is not unique (lambda->0+ gives max-margin)";
                throw new SingularRegimeException(loss.name() + " loss at lambda=0 with alpha1=" + alpha
                        + " < alpha*=" + as + " (" + model.label() + "): separable regime, " + what
                        + "; use a small lambda > 0");
            }
        }
    }

    /**
     * Solves a companion problem (fewer points or more nodes) from the main solution at the same
     * {@code alpha}, falling back on its own previous solution and then on a cold start.
     */
    private ErmFixedPoint.Point companion(ErmFixedPoint fp, double alpha, ErmFixedPoint.Point main,
                                          ErmFixedPoint.Point previous) {
        ErmFixedPoint.Point p = fp.solveFrom(alpha, lambda, main.state(), main.jacobian());
        if (p == null && previous != null) {
            p = fp.solveFrom(alpha, lambda, previous.state(), previous.jacobian());
        }
        return p != null ? p : fp.solveCold(alpha, lambda);
    }

    /**
     * Error bar of one observable: the standard error over randomizations, the finite-point bias
     * estimated as {@code mean(N) - mean(N/2)} (a bias of order {@code 1/N}; absent for exact
     * laws) and the Gauss-Hermite truncation estimated as the change with twice the nodes,
     * combined in quadrature.
     */
    static double errorBar(double[] full, double[] half, double coarse, double fine) {
        double se = standardError(full);
        double bias = half == null ? 0 : mean(full) - mean(half);
        double gh = fine - coarse;
        return FastMath.sqrt(se * se + bias * bias + gh * gh);
    }

    private ErmSolution aggregate(double alpha, ErmFixedPoint.Point[] pts, ErmFixedPoint.Observables[] obs,
                                  ErmFixedPoint.Observables[] obsHalf, ErmFixedPoint.Observables fine) {
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
            res = FastMath.max(res, pts[r].residual());
            it += pts[r].iterations();
            test[r] = obs[r].testError();
            tl[r] = obs[r].trainLoss();
            te[r] = obs[r].trainError();
        }
        double[] testHalf = null;
        double[] tlHalf = null;
        double[] teHalf = null;
        if (obsHalf != null) {
            testHalf = new double[kr];
            tlHalf = new double[kr];
            teHalf = new double[kr];
            for (int r = 0; r < kr; r++) {
                testHalf[r] = obsHalf[r].testError();
                tlHalf[r] = obsHalf[r].trainLoss();
                teHalf[r] = obsHalf[r].trainError();
            }
        }
        return new ErmSolution(model, loss.name(), alpha, lambda, m, b, q, v, mean(test),
                errorBar(test, testHalf, test[0], fine.testError()), mean(tl),
                errorBar(tl, tlHalf, tl[0], fine.trainLoss()), mean(te),
                errorBar(te, teHalf, te[0], fine.trainError()), res, it);
    }
}
