package org.sparseattention.theory.erm;

import static org.sparseattention.theory.numerics.SampleStatistics.mean;
import static org.sparseattention.theory.numerics.SampleStatistics.standardError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacitySolver;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * Step-4 ERM asymptotics along a curve of {@code alpha} (docs/theory.md section 6). Each
 * randomization of the feature law is solved to convergence on its own points; the reported values
 * are the means over randomizations. Each error bar combines in quadrature the standard error over
 * randomizations, the finite-point bias of a sampled law (each randomization is also solved on the
 * first half of its points: bias ~ mean(N) - mean(N/2)) and the quadrature truncation
 * (randomization 0 also solved with twice the Gauss-Hermite nodes). Randomizations run in parallel.
 *
 * <p>A point's value does not depend on the other points of the list: the previous point's solution
 * is used as a starting point only when it is close ({@code alpha} within a factor 2) and on the same
 * side of the loss's threshold ({@code gamma} for square loss, this randomization's capacity
 * {@code alpha*} otherwise); every solution is checked ({@link ErmFixedPoint#check}); a failed warm
 * start is followed by a cold start (a homotopy in {@code lambda}), and a point that still fails is
 * reported with status {@link PointStatus#FAILED} and no values, never as a number.
 *
 * <p>At {@code lambda = 0} each point is in one {@link Regime}: above the threshold the equations
 * are solved at {@code lambda = 0}; below it the {@code lambda -> 0} limit is solved
 * ({@link ErmFixedPoint#separableLimit}); exactly at the threshold the status is
 * {@link PointStatus#SINGULAR}. No point aborts the curve.
 */
public final class ReadoutTheory {
    /** Largest ratio of consecutive {@code alpha} across which a solution is reused as a starting point. */
    static final double WARM_START_RATIO = 2;
    /** Relative distance to the threshold below which a {@code lambda = 0} point is singular. */
    static final double SINGULAR_BAND = 1e-9;

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
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.model = model;
        this.law = law;
        this.loss = loss;
        this.lambda = lambda;
        this.options = options;
        this.rule = new GaussHermiteRule(options.hermiteNodes());
        this.solver = new NewtonRootSolver(options.tolerance(), 200);
    }

    /** One randomization's outcome at one {@code alpha}. */
    private record Outcome(Regime regime, PointStatus status, Optional<ErmFixedPoint.Point> point,
                           Optional<ErmFixedPoint.Observables> observables, int iterations, String note,
                           Optional<ErmFixedPoint.Observables> half, Optional<ErmFixedPoint.Observables> fine) {
    }

    /**
     * An error-bar companion of a randomization (the same equations on half its points, or with a
     * finer quadrature), solved from the main solution at the same {@code alpha}.
     */
    private static final class Companion {
        private final ErmFixedPoint regular;
        private final ErmFixedPoint limit;
        private ErmFixedPoint.Point last;
        private boolean lastLimit;

        Companion(ErmFixedPoint regular, ErmFixedPoint limit) {
            this.regular = regular;
            this.limit = limit;
        }

        /**
         * Solves from the main solution, then from its own previous one, then from a cold start.
         *
         * @return the companion's observables, or empty if it has no valid solution
         */
        Optional<ErmFixedPoint.Observables> solve(double alpha, double lam, boolean useLimit, ErmFixedPoint.Point main) {
            ErmFixedPoint fp = useLimit ? limit : regular;
            Optional<ErmFixedPoint.Point> p = fp.solveFrom(alpha, lam, main.state(), main.jacobian())
                    .filter(x -> fp.check(alpha, lam, x.state()).isEmpty());
            if (p.isEmpty() && last != null && lastLimit == useLimit) {
                p = fp.solveFrom(alpha, lam, last.state(), last.jacobian())
                        .filter(x -> fp.check(alpha, lam, x.state()).isEmpty());
            }
            if (p.isEmpty()) {
                try {
                    p = Optional.of(fp.solveCold(alpha, lam)).filter(x -> fp.check(alpha, lam, x.state()).isEmpty());
                } catch (TheoryException e) {
                    p = Optional.empty();
                }
            }
            last = p.orElse(null);
            lastLimit = useLimit;
            return p.map(x -> fp.observables(alpha, lam, x.state()));
        }
    }

    /** Per-randomization solver state along the curve (confined to one task at a time). */
    private final class Track {
        final Mixture mix;
        final ErmFixedPoint regular;
        private ErmFixedPoint limit;
        private double alphaStar = Double.NaN;
        private ErmFixedPoint.Point last;
        private double lastAlpha;
        private Regime lastRegime;
        private final Optional<Companion> half;
        private final Optional<Companion> fine;

        /**
         * @param mix       this randomization's realisation
         * @param withHalf  also solve on the first half of its points (sampled laws)
         * @param withFine  also solve with twice the Gauss-Hermite nodes
         */
        Track(Mixture mix, boolean withHalf, boolean withFine) {
            this.mix = mix;
            this.regular = new ErmFixedPoint(mix, law.gamma(), loss, ProxAverages.of(loss, rule), solver);
            if (withHalf) {
                Mixture h = mix.firstHalfPerLabel();
                half = Optional.of(new Companion(
                        new ErmFixedPoint(h, law.gamma(), loss, ProxAverages.of(loss, rule), solver),
                        ErmFixedPoint.separableLimit(h, law.gamma(), loss, solver)));
            } else {
                half = Optional.empty();
            }
            if (withFine) {
                GaussHermiteRule fineRule = new GaussHermiteRule(FastMath.min(2 * options.hermiteNodes(), 200));
                fine = Optional.of(new Companion(
                        new ErmFixedPoint(mix, law.gamma(), loss, ProxAverages.of(loss, fineRule), solver),
                        ErmFixedPoint.separableLimit(mix, law.gamma(), loss, solver)));
            } else {
                fine = Optional.empty();
            }
        }

        ErmFixedPoint limit() {
            if (limit == null) {
                limit = ErmFixedPoint.separableLimit(mix, law.gamma(), loss, solver);
            }
            return limit;
        }

        /** The regime threshold: {@code gamma} for square loss, this realisation's {@code alpha*} otherwise. */
        double threshold() {
            if (loss.kind() == Loss.Kind.SQUARE) {
                return law.gamma();
            }
            if (Double.isNaN(alphaStar)) {
                CapacitySolver.Minimum min = new CapacitySolver(1e-10, 100).minimize(mix);
                alphaStar = min.unbounded() ? Double.POSITIVE_INFINITY : law.gamma() / min.minimum();
            }
            return alphaStar;
        }

        Outcome solve(double alpha) {
            double threshold = threshold();
            Regime regime = Regime.RIDGE;
            if (lambda == 0) {
                if (Double.isFinite(threshold) && FastMath.abs(alpha - threshold) <= SINGULAR_BAND * threshold) {
                    String what = loss.kind() == Loss.Kind.SQUARE ? "alpha1 = gamma = " : "alpha1 = alpha* = ";
                    return new Outcome(Regime.UNREGULARISED, PointStatus.SINGULAR, Optional.empty(), Optional.empty(),
                            0, "lambda=0 exactly at the threshold " + what + threshold
                                    + ": the limit does not exist (the norm diverges)", Optional.empty(),
                            Optional.empty());
                }
                boolean below = alpha < threshold;
                regime = !below ? Regime.UNREGULARISED
                        : loss.kind() == Loss.Kind.SQUARE ? Regime.INTERPOLATING : Regime.MAX_MARGIN;
            }
            boolean useLimit = regime == Regime.INTERPOLATING || regime == Regime.MAX_MARGIN;
            ErmFixedPoint fp = useLimit ? limit() : regular;
            double lam = useLimit ? 1 : lambda;
            int iterations = 0;
            String warmFailure = "";
            if (last != null && lastRegime == regime && FastMath.max(alpha / lastAlpha, lastAlpha / alpha)
                    <= WARM_START_RATIO && (alpha < threshold) == (lastAlpha < threshold)) {
                Optional<ErmFixedPoint.Point> warm = fp.solveFrom(alpha, lam, last.state(), last.jacobian());
                if (warm.isPresent()) {
                    iterations += warm.get().iterations();
                    Optional<String> bad = fp.check(alpha, lam, warm.get().state());
                    if (bad.isEmpty()) {
                        return accept(alpha, regime, fp, lam, warm.get(), iterations, "");
                    }
                    warmFailure = "warm start rejected (" + bad.get() + "), solved from a cold start";
                }
            }
            String coldFailure;
            try {
                ErmFixedPoint.Point cold = fp.solveCold(alpha, lam);
                iterations += cold.iterations();
                Optional<String> bad = fp.check(alpha, lam, cold.state());
                if (bad.isEmpty()) {
                    return accept(alpha, regime, fp, lam, cold, iterations, warmFailure);
                }
                coldFailure = "cold start: " + bad.get();
            } catch (TheoryException e) {
                coldFailure = e.getMessage();
            }
            // near the threshold: continuation in alpha from the safe side (away from the threshold)
            double start = alpha < threshold ? 0.5 * alpha : 2 * alpha;
            int[] its = {0};
            Optional<ErmFixedPoint.Point> walked = approach(fp, lam, start, alpha, its);
            iterations += its[0];
            if (walked.isPresent()) {
                return accept(alpha, regime, fp, lam, walked.get(), iterations,
                        "solved by continuation in alpha1 from " + start + " (" + coldFailure + ")");
            }
            return failed(regime, iterations, coldFailure + "; continuation in alpha1 from " + start + " failed too");
        }

        /**
         * Walks from a cold solution at {@code start} to {@code target} in geometric steps, halving a
         * step that fails to converge or fails {@link ErmFixedPoint#check}.
         */
        private Optional<ErmFixedPoint.Point> approach(ErmFixedPoint fp, double lam, double start, double target,
                                                       int[] iterations) {
            ErmFixedPoint.Point p;
            try {
                p = fp.solveCold(start, lam);
            } catch (TheoryException e) {
                return Optional.empty();
            }
            iterations[0] += p.iterations();
            double la = FastMath.log(start);
            double lt = FastMath.log(target);
            double step = (lt - la) / 4;
            for (int solves = 0; solves < 200 && la != lt; solves++) {
                double next = FastMath.abs(lt - la) <= FastMath.abs(step) ? lt : la + step;
                double a = next == lt ? target : FastMath.exp(next);
                Optional<ErmFixedPoint.Point> q = fp.solveFrom(a, lam, p.state(), p.jacobian());
                if (q.isPresent() && fp.check(a, lam, q.get().state()).isEmpty()) {
                    iterations[0] += q.get().iterations();
                    p = q.get();
                    la = next;
                    step *= 1.5;
                } else {
                    step *= 0.5;
                    if (FastMath.abs(step) < 1e-7) {
                        return Optional.empty();
                    }
                }
            }
            return la == lt ? Optional.of(p) : Optional.empty();
        }

        private Outcome accept(double alpha, Regime regime, ErmFixedPoint fp, double lam, ErmFixedPoint.Point p,
                               int iterations, String note) {
            last = p;
            lastAlpha = alpha;
            lastRegime = regime;
            boolean useLimit = fp != regular;
            Optional<ErmFixedPoint.Observables> h = half.flatMap(c -> c.solve(alpha, lam, useLimit, p));
            Optional<ErmFixedPoint.Observables> f = fine.flatMap(c -> c.solve(alpha, lam, useLimit, p));
            return new Outcome(regime, PointStatus.OK, Optional.of(p),
                    Optional.of(fp.observables(alpha, lam, p.state())), iterations, note, h, f);
        }

        private Outcome failed(Regime regime, int iterations, String why) {
            last = null;
            return new Outcome(regime, PointStatus.FAILED, Optional.empty(), Optional.empty(), iterations, why,
                    Optional.empty(), Optional.empty());
        }
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
        int kr = law.randomizations();
        Track[] tracks = new Track[kr];
        for (int r = 0; r < kr; r++) {
            tracks[r] = new Track(law.mixture(r), !law.exact(), r == 0);
        }
        List<ErmSolution> out = new ArrayList<>();
        ExecutorService pool = kr > 1 && options.threads() > 1
                ? Executors.newFixedThreadPool(FastMath.min(options.threads(), kr)) : null;
        try {
            for (int i = 0; i < alphas.length; i++) {
                double alpha = alphas[i];
                Outcome[] outcomes = new Outcome[kr];
                List<Future<?>> futures = new ArrayList<>();
                for (int r = 0; r < kr; r++) {
                    final int rr = r;
                    Runnable task = () -> outcomes[rr] = tracks[rr].solve(alpha);
                    if (pool == null) {
                        task.run();
                    } else {
                        futures.add(pool.submit(task));
                    }
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                out.add(aggregate(alpha, outcomes));
                listener.done(i + 1, alphas.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TheoryException("interrupted", e);
        } catch (ExecutionException e) {
            throw new TheoryException("ERM solve failed: " + e.getCause(), e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return out;
    }

    private ErmSolution aggregate(double alpha, Outcome[] outcomes) {
        int kr = outcomes.length;
        int k = law.dimension();
        int it = 0;
        Map<Regime, Integer> votes = new EnumMap<>(Regime.class);
        for (Outcome o : outcomes) {
            it += o.iterations();
            votes.merge(o.regime(), 1, Integer::sum);
        }
        Regime regime = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> notes = new ArrayList<>();
        if (votes.size() > 1) {
            notes.add(String.format(Locale.ROOT, "randomizations split between regimes %s (alpha1 near the threshold)",
                    votes.toString().toLowerCase(Locale.ROOT)));
        }
        for (PointStatus bad : new PointStatus[] {PointStatus.FAILED, PointStatus.SINGULAR}) {
            for (int r = 0; r < kr; r++) {
                if (outcomes[r].status() == bad) {
                    notes.add(0, (kr > 1 ? "randomization " + r + ": " : "") + outcomes[r].note());
                    double[] nan = new double[k];
                    Arrays.fill(nan, Double.NaN);
                    double x = Double.NaN;
                    return new ErmSolution(model, loss.name(), alpha, lambda, nan, x, x, x, x, x, x, x, x, x, x, it,
                            regime, bad, String.join("; ", notes));
                }
            }
        }
        double[] m = new double[k];
        double b = 0;
        double q = 0;
        double v = 0;
        double res = 0;
        double[] test = new double[kr];
        double[] tl = new double[kr];
        double[] te = new double[kr];
        boolean sampled = !law.exact();
        double[] testHalf = sampled ? new double[kr] : null;
        double[] tlHalf = sampled ? new double[kr] : null;
        double[] teHalf = sampled ? new double[kr] : null;
        boolean companionsMissing = false;
        boolean divergingNorm = false;
        boolean divergingV = false;
        for (int r = 0; r < kr; r++) {
            Outcome o = outcomes[r];
            ErmFixedPoint.Point p = o.point().orElseThrow();
            ErmFixedPoint.Observables obs = o.observables().orElseThrow();
            ErmFixedPoint.State s = p.state();
            for (int j = 0; j < k; j++) {
                m[j] += s.m()[j] / kr;
            }
            b += s.bias() / kr;
            q += s.q() / kr;
            v += s.v() / kr;
            res = FastMath.max(res, p.residual());
            test[r] = obs.testError();
            tl[r] = obs.trainLoss();
            te[r] = obs.trainError();
            if (sampled) {
                ErmFixedPoint.Observables h = o.half().orElse(NO_OBSERVABLES);
                companionsMissing |= o.half().isEmpty();
                testHalf[r] = h.testError();
                tlHalf[r] = h.trainLoss();
                teHalf[r] = h.trainError();
            }
            divergingNorm |= o.regime() == Regime.MAX_MARGIN && loss.kind() == Loss.Kind.LOGISTIC;
            divergingV |= o.regime() == Regime.MAX_MARGIN || o.regime() == Regime.INTERPOLATING;
            if (!o.note().isEmpty()) {
                notes.add((kr > 1 ? "randomization " + r + ": " : "") + o.note());
            }
        }
        if (divergingNorm) {
            Arrays.fill(m, Double.NaN);
            b = Double.NaN;
            q = Double.NaN;
            notes.add("||w|| diverges at lambda=0 below alpha* (logistic loss: only the direction converges, to the "
                    + "max-margin one); m, b, Q, V and weight_norm2 have no value, the test error is the max-margin "
                    + "classifier's and the training loss and error are 0");
        }
        if (divergingV) {
            v = Double.NaN;
            if (!divergingNorm) {
                notes.add("V diverges like 1/lambda as lambda -> 0 (" + regime.label() + " limit); V has no value");
            }
        }
        ErmFixedPoint.Observables fine = outcomes[0].fine().orElse(NO_OBSERVABLES);
        if (companionsMissing || outcomes[0].fine().isEmpty()) {
            notes.add("no error bar: a companion solve (half the points, or twice the quadrature nodes) failed");
        }
        return new ErmSolution(model, loss.name(), alpha, lambda, m, b, q, v, mean(test),
                errorBar(test, testHalf, test[0], fine.testError()), mean(tl),
                errorBar(tl, tlHalf, tl[0], fine.trainLoss()), mean(te),
                errorBar(te, teHalf, te[0], fine.trainError()), res, it, regime, PointStatus.OK,
                String.join("; ", notes));
    }

    /** Observables of a companion without a solution: its error-bar terms become NaN (no error bar). */
    private static final ErmFixedPoint.Observables NO_OBSERVABLES =
            new ErmFixedPoint.Observables(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

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
}
