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

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacitySolver;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;
import org.sparseattention.theory.numerics.Norms;
import org.sparseattention.theory.numerics.ParallelMap;

/**
 * The step-4 ERM fixed point of one model at one {@code (alpha1, lambda)} (docs/theory.md
 * sections 6 and 9): the single implementation behind every theory point of the tool, whether it
 * lies on an {@code alpha1} list ({@link ReadoutTheory#curve}) or is one evaluation of a search
 * (optimal ridge, sample complexity, grids). Callers choose only the starting point.
 *
 * <p>Each randomization of the feature law is solved on its own points; for a sampled law the value is
 * the solution on the pooled points of all randomizations. The error bar combines in quadrature the
 * standard error over randomizations, the finite-point bias of the pooled value (estimated from the mean
 * of the randomizations' own solutions, whose bias is {@code K} times larger) and the quadrature truncation
 * (randomization 0 also solved with twice the Gauss-Hermite nodes). Randomizations run in parallel. With
 * exact Jacobians at {@code lambda > 0} the pooled point is solved first ({@link #solvePooledFirst}); along a
 * curve of this solver it is continued from the previous two points ({@link #continuePooled}).
 *
 * <p>Every solution is checked ({@link ErmFixedPoint#check}); a warm start (a previous
 * {@link Start}) is used only by randomizations whose regime and side of the loss's threshold
 * ({@code gamma} for square loss, this randomization's capacity {@code alpha*} otherwise) agree; a
 * failed warm start is followed by a short continuation from it, then a cold start (a homotopy in
 * {@code lambda}), then a continuation in {@code alpha} from the safe side. A point that still fails
 * is reported with status {@link PointStatus#FAILED} and no values, never as a number. At
 * {@code lambda = 0} each point is in one {@link Regime}: above the threshold the equations are
 * solved at {@code lambda = 0}; below it the {@code lambda -> 0} limit is solved
 * ({@link ErmFixedPoint#separableLimit}); exactly at the threshold the status is
 * {@link PointStatus#SINGULAR}.
 *
 * <p>Not thread-safe: one instance per thread (it parallelises over randomizations itself).
 */
public final class ErmPointSolver {
    /** Relative distance to the threshold below which a {@code lambda = 0} point is singular. */
    static final double SINGULAR_BAND = 1e-9;
    /** Steps of the continuation from a warm start whose direct solve failed. */
    private static final int PATH_STEPS = 4;

    private final Model model;
    private final FeatureLaw law;
    private final Loss loss;
    private final TheoryOptions options;
    private final GaussHermiteRule rule;
    private final NewtonRootSolver solver;
    private final Track[] tracks;
    /** Points solved on the pooled-first path (for tests). */
    int pooledFirstSolves;
    /** Points continued from this solver's previous pooled point, without seeds (for tests). */
    int continuedSolves;
    /** Whether realisations other than 0 may take linear steps from the pooled solution (tests switch it off). */
    boolean linearSteps = true;
    /**
     * Whether randomization 0's truncation is measured at the pooled solution beside its chord step (tests switch it
     * off).
     */
    boolean truncationAtPooled = true;
    /** The last point's truncation terms, fine minus coarse (test error, training loss, training error; for tests). */
    double[] lastTruncation;
    /** Pooled-first points whose realisations took linear steps, and whose linear steps were rejected (for tests). */
    int linearSolves;
    int linearRejected;

    /**
     * @param model   model whose law this is
     * @param law     its feature law
     * @param loss    the loss
     * @param options numerical settings
     */
    public ErmPointSolver(Model model, FeatureLaw law, Loss loss, TheoryOptions options) {
        this.model = model;
        this.law = law;
        this.loss = loss;
        this.options = options;
        this.rule = new GaussHermiteRule(options.hermiteNodes());
        this.solver = new NewtonRootSolver(options.tolerance(), 200);
        int kr = law.randomizations();
        this.tracks = new Track[kr];
        for (int r = 0; r < kr; r++) {
            tracks[r] = new Track(law.mixture(r), r == 0);
        }
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /**
     * The per-randomization solutions of a solved point: a starting point for later points. Opaque
     * to callers, who only choose which earlier point to start from.
     */
    public static final class Start {
        private final double alpha;
        private final double lambda;
        private final Regime[] regimes;
        private final ErmFixedPoint.Point[] points;
        private final Optional<ErmFixedPoint.Point> pooled;
        private final ErmPointSolver solver;
        /** The pooled solution of the point this one was continued from ({@code alpha}, packed state), if any. */
        private final Optional<Earlier> earlier;

        private Start(ErmPointSolver solver, double alpha, double lambda, Regime[] regimes,
                      ErmFixedPoint.Point[] points, Optional<ErmFixedPoint.Point> pooled, Optional<Earlier> earlier) {
            this.solver = solver;
            this.alpha = alpha;
            this.lambda = lambda;
            this.regimes = regimes;
            this.points = points;
            this.pooled = pooled;
            this.earlier = earlier;
        }

        /** {@code alpha1} of the point. */
        public double alpha() {
            return alpha;
        }

        /** Ridge of the point. */
        public double lambda() {
            return lambda;
        }
    }

    /**
     * The pooled solutions of up to two earlier points on a curve, the most recent first: their
     * {@code alpha} and packed states.
     */
    private record Earlier(double[] alphas, double[][] xs) {
        /** This point followed by the most recent of {@code before} (at most two in all). */
        static Earlier of(double alpha, double[] x, Optional<Earlier> before) {
            if (before.isEmpty()) {
                return new Earlier(new double[] {alpha}, new double[][] {x});
            }
            return new Earlier(new double[] {alpha, before.get().alphas[0]}, new double[][] {x, before.get().xs[0]});
        }
    }

    /**
     * A solved point.
     *
     * @param solution the aggregated solution (value, error bars, regime, status, note)
     * @param start    its per-randomization solutions, to start later points from
     */
    public record Result(ErmSolution solution, Start start) {
    }

    /**
     * Solves the section-6 fixed point at {@code (alpha, lambda)}. Never throws for a point that
     * cannot be solved: that point carries a status other than {@code OK}.
     *
     * @param alpha  {@code alpha1 > 0}
     * @param lambda ridge {@code >= 0}
     * @param from   an earlier point to start from (used per randomization where regime and side of
     *               the threshold agree), or empty for a cold start
     * @throws IllegalArgumentException if {@code alpha} or {@code lambda} is out of range
     */
    public Result solve(double alpha, double lambda, Optional<Start> from) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha1 must be finite and > 0, got " + alpha);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (pooledFirst(lambda)) {
            Optional<Result> fast = solvePooledFirst(alpha, lambda, from);
            if (fast.isPresent()) {
                pooledFirstSolves++;
                return fast.get();
            }
        }
        return solveEachRealisation(alpha, lambda, from);
    }

    /** {@link #solve} realisation by realisation, never pooled-first (for tests comparing the two paths). */
    Result solveEachRealisation(double alpha, double lambda, Optional<Start> from) {
        int kr = tracks.length;
        List<Outcome> list = ParallelMap.map(kr, FastMath.min(options.threads(), kr),
                r -> tracks[r].solve(alpha, lambda, warm(from, r)), () -> { });
        Outcome[] outcomes = list.toArray(new Outcome[0]);
        return result(alpha, lambda, outcomes, law.exact() ? Optional.empty() : pooled(alpha, lambda, outcomes));
    }

    private static Optional<Warm> warm(Optional<Start> from, int r) {
        return from.map(s -> s.points[r] == null ? null : new Warm(s.alpha, s.lambda, s.regimes[r], s.points[r]));
    }

    private Result result(double alpha, double lambda, Outcome[] outcomes, Optional<Pooled> pool) {
        return result(alpha, lambda, outcomes, pool, Optional.empty());
    }

    private Result result(double alpha, double lambda, Outcome[] outcomes, Optional<Pooled> pool,
                          Optional<Earlier> earlier) {
        int kr = outcomes.length;
        Regime[] regimes = new Regime[kr];
        ErmFixedPoint.Point[] points = new ErmFixedPoint.Point[kr];
        for (int r = 0; r < kr; r++) {
            regimes[r] = outcomes[r].regime();
            points[r] = outcomes[r].point().orElse(null);
        }
        return new Result(aggregate(alpha, lambda, outcomes, pool),
                new Start(this, alpha, lambda, regimes, points, pool.map(Pooled::point), earlier));
    }

    /**
     * Whether a point is solved pooled-first ({@link #solvePooledFirst}): a sampled law with exact
     * Jacobians (logistic loss) at {@code lambda > 0}, where every realisation is in the ridge regime.
     */
    private boolean pooledFirst(double lambda) {
        return !law.exact() && tracks.length >= 2 && lambda > 0 && tracks[0].regular.analyticJacobian();
    }

    /**
     * Seed realisations of the pooled-first path from a warm start of another solver (a neighbouring grid
     * cell): a fixed number, so that no result depends on the thread count (4 of 8 measured fastest, against 1
     * and 2, on a 30 x 30 grid). A cold start solves one seed (its homotopy is the cost; the pooled Newton from
     * one seed needs a step or two more); a point continued along this solver's own curve solves none
     * ({@link #continuePooled}).
     */
    static final int SEEDS = 4;
    /** Chord steps of a realisation from the pooled solution before it falls back to its own solve. */
    private static final int CHORD_STEPS = 6;
    /**
     * The realisations' own solutions on the pooled-first path enter only the error bar (their spread and
     * the bias estimate), and are solved to this multiple of the tolerance: a residual of {@code 1e-6}
     * moves an observable by about {@code 1e-6}, far below the spread it measures.
     */
    static final double REALISATION_TOLERANCE_FACTOR = 100;
    /**
     * A realisation's chord steps also end when the next step is at most this fraction of its offset from the
     * pooled solution: its offset (which is all the error bar uses: the spread and the bias estimate) is
     * then known to within this fraction. One chord step from the pooled solution usually gets there (0.5-1.5%
     * measured on the default curve), where the absolute tolerance needs two; the error bars of the default
     * curve move by at most 0.12% of themselves.
     */
    static final double REALISATION_RELATIVE_TOLERANCE = 0.05;

    /**
     * The point solved pooled-first. The {@link #SEEDS} seed realisations are solved on their own,
     * as on the other path (warm start, checks, fallbacks); the pooled fixed point (all realisations'
     * points, see {@link #pooled}) is found by Newton's method from the mean of their solutions and
     * Jacobians (plus, after an earlier point of this solver, that point's offset of the pooled solution
     * from its seeds' mean); each other realisation's own fixed point then by chord steps from the pooled solution
     * with its own Jacobian from the pooled solve, to {@link #REALISATION_TOLERANCE_FACTOR} times the
     * tolerance or to {@link #REALISATION_RELATIVE_TOLERANCE} of its offset. Every solution passes the same
     * checks as on the other path; when any step fails the result is empty and the point is solved
     * realisation by realisation. A far start thus costs {@link #SEEDS} homotopies instead of one per
     * realisation, a cold start one; the previous point of this solver at the same ridge is continued
     * without seeds ({@link #continuePooled}), the seeds being solved only if that fails.
     */
    private Optional<Result> solvePooledFirst(double alpha, double lambda, Optional<Start> from) {
        int kr = tracks.length;
        ErmFixedPoint[] fps = new ErmFixedPoint[kr];
        for (int r = 0; r < kr; r++) {
            fps[r] = tracks[r].regular;
        }
        // this solver's previous point on the same ridge (a curve in alpha): its pooled solution
        Optional<Start> onCurve = from.filter(s -> s.solver == this && s.lambda == lambda && s.pooled.isPresent());
        Optional<Earlier> record = onCurve.map(s -> Earlier.of(s.alpha, s.pooled.orElseThrow().state().pack(),
                s.earlier));
        Optional<Result> continued = onCurve.flatMap(s -> continuePooled(fps, alpha, lambda, s.alpha,
                s.pooled.orElseThrow(), s.earlier));
        if (continued.isPresent()) {
            continuedSolves++;
            return continued;
        }
        // the seed realisations, solved on their own (a fixed number: results never depend on the threads)
        int seeds = from.isEmpty() ? 1 : FastMath.max(1, FastMath.min(SEEDS, kr / 2));
        List<Outcome> seeded = ParallelMap.map(seeds, FastMath.min(options.threads(), seeds),
                r -> tracks[r].solve(alpha, lambda, warm(from, r)),
                () -> { });
        int n = law.dimension() + 3;
        List<ErmFixedPoint.Point> seedPoints = new ArrayList<>();
        int iterations = 0;
        for (Outcome o : seeded) {
            if (o.status() != PointStatus.OK || o.regime() != Regime.RIDGE) {
                return Optional.empty();
            }
            seedPoints.add(o.point().orElseThrow());
            iterations += o.iterations();
        }
        double[] x0 = meanState(seedPoints, n);
        Optional<double[][]> j0 = meanJacobian(seedPoints, n);
        if (j0.isEmpty()) {
            return Optional.empty();
        }
        // an earlier point of this solver: its pooled solution's offset from its seeds' mean, which changes
        // slowly along a curve, moves the start closer to the pooled root
        Optional<Start> same = from.filter(s -> s.solver == this && s.pooled.isPresent()
                && Arrays.stream(s.points, 0, seeds).allMatch(java.util.Objects::nonNull));
        if (same.isPresent()) {
            double[] prev = same.get().pooled.orElseThrow().state().pack();
            double[] prevSeeds = meanState(Arrays.asList(same.get().points).subList(0, seeds), n);
            for (int i = 0; i < n; i++) {
                x0[i] += prev[i] - prevSeeds[i];
            }
        }
        return pooledThenChords(fps, alpha, lambda, x0, j0.get(), seeded, iterations, record);
    }

    /**
     * The pooled-first point continued from this solver's previous pooled solution {@code prev} (at
     * {@code prevAlpha}, the same ridge), without seed realisations: Newton's method on the pooled
     * equations with exact Jacobians from the cubic prediction through {@code prev}, its tangent
     * ({@link ErmFixedPoint#tangent}) and the {@code earlier} solutions, then every
     * realisation's own solution by chord steps from the pooled one, as in {@link #solvePooledFirst}.
     *
     * @return empty if the prediction or any step fails (the caller then solves the seeds)
     */
    private Optional<Result> continuePooled(ErmFixedPoint[] fps, double alpha, double lambda, double prevAlpha,
                                            ErmFixedPoint.Point prev, Optional<Earlier> earlier) {
        // the path in t = ln alpha through the previous solution x1 with its tangent dx/dt = alpha1 dx/dalpha
        // (ErmFixedPoint#tangent) and through the earlier solutions x_k (one or two):
        // x(t) = x1 + h dx/dt + c2 h^2 + c3 h^3 (h = t - t1; c3 = 0 with one earlier solution)
        double[] x1 = prev.state().pack();
        Optional<double[]> tangent = fps[0].tangent(prevAlpha, lambda, prev);
        double[] x0 = x1.clone();
        if (tangent.isPresent()) {
            double[] slope = tangent.get();
            double h = FastMath.log(alpha / prevAlpha);
            double[] hk = earlier.map(e -> Arrays.stream(e.alphas()).map(a -> FastMath.log(a / prevAlpha)).toArray())
                    .orElse(new double[0]);
            boolean cubic = hk.length == 2 && hk[0] != 0 && hk[1] != 0 && hk[0] != hk[1];
            boolean quadratic = !cubic && hk.length >= 1 && hk[0] != 0;
            for (int i = 0; i < x0.length; i++) {
                double dt = prevAlpha * slope[i];
                x0[i] += h * dt;
                if (quadratic) {
                    x0[i] += (earlier.get().xs()[0][i] - x1[i] - hk[0] * dt) / (hk[0] * hk[0]) * h * h;
                } else if (cubic) {
                    // c2 h_k^2 + c3 h_k^3 = x_k - x1 - h_k dx/dt for k = 1, 2
                    double d1 = earlier.get().xs()[0][i] - x1[i] - hk[0] * dt;
                    double d2 = earlier.get().xs()[1][i] - x1[i] - hk[1] * dt;
                    double a1 = hk[0] * hk[0];
                    double a2 = hk[1] * hk[1];
                    double det = a1 * a2 * (hk[1] - hk[0]);
                    double c2 = (d1 * a2 * hk[1] - d2 * a1 * hk[0]) / det;
                    double c3 = (a1 * d2 - a2 * d1) / det;
                    x0[i] += c2 * h * h + c3 * h * h * h;
                }
            }
        }
        return pooledThenChords(fps, alpha, lambda, x0, null, List.of(), 0,
                Optional.of(Earlier.of(prevAlpha, x1, earlier)));
    }

    /**
     * Newton's method on the pooled equations from {@code x0} (the first step with {@code guess}, or with
     * the exact Jacobian if {@code null}), then each realisation's own solution by chord steps from the
     * pooled solution with its own Jacobian of the pooled solve; the first {@code seeded.size()}
     * realisations keep their solutions.
     */
    private Optional<Result> pooledThenChords(ErmFixedPoint[] fps, double alpha, double lambda, double[] x0,
                                              double[][] guess, List<Outcome> seeded, int seedIterations,
                                              Optional<Earlier> record) {
        int kr = fps.length;
        int n = x0.length;
        int seeds = seeded.size();
        int iterations = seedIterations;
        Evaluations last = new Evaluations(kr);
        NewtonRootSolver.Result nr = solver.solve(
                (xx, ff, jj) -> pooledResidualAndJacobian(fps, alpha, lambda, xx, ff, jj, last),
                (xx, ff) -> pooledResidual(fps, alpha, lambda, xx, ff, true, last), x0, guess);
        iterations += nr.iterations();
        if (!nr.converged()) {
            return Optional.empty();
        }
        double[] x = nr.x();
        ErmFixedPoint.State st = ErmFixedPoint.State.unpack(x, law.dimension());
        // the observables at the pooled solution (kept by its last evaluation), then each realisation's own
        // solution by chord steps from it (the seeds keep their own solutions)
        double[] mean = meanObservables(fps, alpha, lambda, st);
        double[][] fs = new double[kr][];
        double[][][] js = new double[kr][][];
        for (int r = 0; r < kr; r++) {
            fs[r] = last.residualAt(r, x);
            js[r] = last.jacobians[r];
        }
        // linear steps need every realisation's residual, Jacobian and loss gradient from the pooled solve
        boolean steps = linearSteps && java.util.stream.IntStream.range(0, kr)
                .allMatch(r -> fs[r] != null && js[r] != null && last.gradients[r] != null);
        // with linear steps, randomization 0's truncation (its finer companion) is measured at the pooled solution,
        // a task of its own beside randomization 0's chord step (tasks 0 and 1: the two that evaluate come first)
        boolean truncationTask = truncationAtPooled && steps && seeds == 0 && tracks[0].fine.isPresent();
        ErmFixedPoint.Observables coarse0 = truncationTask ? fps[0].observables(alpha, lambda, st) : null;
        int tasks = kr + (truncationTask ? 1 : 0);
        // the realisation of each task but the truncation's (task 1 with a truncation task)
        java.util.function.IntUnaryOperator realisation = i -> truncationTask && i > 1 ? i - 1 : i;
        List<Step> list = ParallelMap.map(tasks, FastMath.min(options.threads(), tasks), i -> {
            if (truncationTask && i == 1) {
                return new Step(null, truncation(alpha, lambda, x, fs[0], js[0], last.gradients[0], coarse0));
            }
            int r = realisation.applyAsInt(i);
            if (r < seeds) {
                return new Step(seeded.get(r), Optional.empty());
            }
            if (steps && r > 0) {
                return new Step(linearStep(r, fps[r], alpha, lambda, x, fs[r], js[r], last.gradients[r]),
                        Optional.empty());
            }
            return new Step(chordFromPooled(r, fps[r], alpha, lambda, x, fs[r], js[r], !truncationTask),
                    Optional.empty());
        }, () -> { });
        Outcome[] outcomes = new Outcome[kr];
        for (int i = 0; i < tasks; i++) {
            if (!(truncationTask && i == 1)) {
                outcomes[realisation.applyAsInt(i)] = list.get(i).outcome();
            }
        }
        if (truncationTask && outcomes[0].status() == PointStatus.OK) {
            outcomes[0] = withTruncation(outcomes[0], list.get(1).truncation(), alpha, lambda);
        }
        // the linear steps stand only where realisation 0's own solution confirms them: its linear step from the
        // pooled solution is within REALISATION_RELATIVE_TOLERANCE of its offset; else every realisation takes
        // chord steps with evaluations
        if (steps && outcomes[0].status() == PointStatus.OK
                && linearError(x, fs[0], js[0], outcomes[0].point().orElseThrow()) > REALISATION_RELATIVE_TOLERANCE) {
            List<Outcome> again = ParallelMap.map(kr, FastMath.min(options.threads(), kr),
                    r -> r == 0 || r < seeds ? outcomes[r]
                            : chordFromPooled(r, fps[r], alpha, lambda, x, fs[r], js[r], true),
                    () -> { });
            again.toArray(outcomes);
            linearRejected++;
        } else if (steps) {
            linearSolves++;
        }
        for (Outcome o : outcomes) {
            if (o.status() != PointStatus.OK) {
                return Optional.empty();
            }
        }
        double objective = lambda * st.normSquared() / (2 * alpha) + mean[1];
        if (fps[0].check(st, new ErmFixedPoint.Observables(mean[0], mean[1], mean[2], objective)).isPresent()) {
            return Optional.empty();
        }
        Pooled pool = new Pooled(new ErmFixedPoint.Point(st, nr.residual(), iterations, nr.jacobian()), mean[0],
                mean[1], mean[2]);
        return Optional.of(result(alpha, lambda, outcomes, Optional.of(pool), record));
    }

    /**
     * Realisation {@code r}'s own fixed point by chord steps (its Jacobian {@code jac} held fixed) from
     * {@code x}, where its residual is {@code f}; checked like any solution.
     */
    private Outcome chord(int r, ErmFixedPoint fp, double alpha, double lambda, double[] x, double[] f,
                          double[][] jac, boolean companion) {
        Track track = tracks[r];
        DecompositionSolver qr = new QRDecomposition(new Array2DRowRealMatrix(jac, true), 1e-14).getSolver();
        if (!qr.isNonSingular()) {
            return track.failed(Regime.RIDGE, 0, "singular Jacobian at the pooled solution");
        }
        int n = x.length;
        double[] xr = x.clone();
        double[] fr = f.clone();
        int steps = 0;
        // the realisation with the finer-quadrature companion is solved to the solver's tolerance: the
        // companion, solved from it, then measures the quadrature truncation rather than this convergence
        boolean exact = companion && track.fine.isPresent();
        double tol = (exact ? 1 : REALISATION_TOLERANCE_FACTOR) * solver.tolerance();
        double res = Norms.max(fr);
        double[] dx = qr.solve(new ArrayRealVector(fr, false)).toArray();
        boolean close = false;
        while (res > tol && !close && steps < CHORD_STEPS) {
            for (int i = 0; i < n; i++) {
                xr[i] -= dx[i];
            }
            // each step is expected to be the last: the loss is averaged with the residuals
            fp.residualsWithObservables(alpha, lambda, xr, fr);
            steps++;
            res = Norms.max(fr);
            if (!Double.isFinite(res)) {
                return track.failed(Regime.RIDGE, steps, "chord steps from the pooled solution diverged");
            }
            dx = qr.solve(new ArrayRealVector(fr, false)).toArray();
            double offset = 0;
            for (int i = 0; i < n; i++) {
                offset = FastMath.max(offset, FastMath.abs(xr[i] - x[i]));
            }
            close = !exact && Norms.max(dx) <= REALISATION_RELATIVE_TOLERANCE * offset;
        }
        if (!(res <= tol || close)) {
            return track.failed(Regime.RIDGE, steps, "chord steps from the pooled solution: residual " + res);
        }
        ErmFixedPoint.State sr = ErmFixedPoint.State.unpack(xr, law.dimension());
        Optional<String> bad = fp.check(alpha, lambda, sr);
        if (bad.isPresent()) {
            return track.failed(Regime.RIDGE, steps, bad.get());
        }
        return track.accept(alpha, Regime.RIDGE, fp, lambda, new ErmFixedPoint.Point(sr, res, steps, jac), steps, "",
                companion);
    }

    /**
     * One task after a pooled solve: a realisation's outcome, or ({@code outcome} then {@code null}) randomization 0's
     * truncation ({@link #truncation}).
     */
    private record Step(Outcome outcome, Optional<double[]> truncation) {
    }

    /**
     * The quadrature truncation of randomization 0 from one evaluation of its finer companion (twice the
     * Gauss-Hermite nodes) at the pooled solution {@code x}, where its coarse residual {@code f}, Jacobian
     * {@code jac}, loss gradient {@code grad} and observables {@code coarse} are known: the companion's root lies
     * {@code dx = -J^{-1} (F_fine(x) - F(x))} from the coarse one (to first order), so the test and training errors
     * change by their closed forms across {@code dx} and the training loss by {@code L_fine(x) - L(x) + grad . dx}.
     *
     * @return the changes {@code (test error, training loss, training error)}, or empty if the companion's
     *         residual is not finite or {@code J} singular (the companion is then solved as on the other path)
     */
    private Optional<double[]> truncation(double alpha, double lambda, double[] x, double[] f, double[][] jac,
                                          double[] grad, ErmFixedPoint.Observables coarse) {
        ErmFixedPoint fine = tracks[0].fine.orElseThrow().regular();
        int n = x.length;
        double[] ff = new double[n];
        fine.residualsWithObservables(alpha, lambda, x, ff);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = ff[i] - f[i];
            if (!Double.isFinite(diff[i])) {
                return Optional.empty();
            }
        }
        Optional<double[]> shift = newtonStep(diff, jac);
        Optional<double[]> toRoot = newtonStep(f, jac);
        if (shift.isEmpty() || toRoot.isEmpty()) {
            return Optional.empty();
        }
        double[] step = shift.get();
        double[] root = toRoot.get();
        ErmFixedPoint.State st = ErmFixedPoint.State.unpack(x, law.dimension());
        double lossFine = fine.observables(alpha, lambda, st).trainLoss();
        double[] xa = x.clone();
        double[] xb = x.clone();
        double dLoss = lossFine - coarse.trainLoss();
        for (int i = 0; i < n; i++) {
            xa[i] -= root[i];
            xb[i] -= root[i] + step[i];
            dLoss -= grad[i] * step[i];
        }
        ErmFixedPoint.Observables a = fine.observablesWithLoss(alpha, lambda,
                ErmFixedPoint.State.unpack(xa, law.dimension()), 0);
        ErmFixedPoint.Observables b = fine.observablesWithLoss(alpha, lambda,
                ErmFixedPoint.State.unpack(xb, law.dimension()), 0);
        return Optional.of(new double[] {b.testError() - a.testError(), dLoss, b.trainError() - a.trainError()});
    }

    /**
     * Randomization 0's outcome with its companion's observables: its own plus the truncation {@code t}, or, when
     * {@code t} is empty, from the companion solved from its solution.
     */
    private Outcome withTruncation(Outcome o, Optional<double[]> t, double alpha, double lambda) {
        ErmFixedPoint.Observables own = o.observables().orElseThrow();
        Optional<ErmFixedPoint.Observables> fine = t.isEmpty()
                ? tracks[0].fine.flatMap(c -> c.solve(alpha, lambda, false, o.point().orElseThrow()))
                : t.map(d -> new ErmFixedPoint.Observables(own.testError() + d[0], own.trainLoss() + d[1],
                        own.trainError() + d[2], Double.NaN));
        return new Outcome(o.regime(), o.status(), o.point(), o.observables(), o.iterations(), o.note(), fine);
    }

    /**
     * {@link #chord} from the pooled solution {@code x}, evaluating the residual or Jacobian there if not given;
     * {@code companion}: whether randomization 0 is solved to the full tolerance with its finer companion from its
     * solution (else it stops at the relative tolerance, like the others, and its truncation is measured apart).
     */
    private Outcome chordFromPooled(int r, ErmFixedPoint fp, double alpha, double lambda, double[] x, double[] f,
                                    double[][] jac, boolean companion) {
        int n = x.length;
        if (f == null) {
            f = new double[n];
            fp.residuals(alpha, lambda, x, f);
        }
        if (jac == null) {
            jac = new double[n][n];
            fp.residualsAndJacobian(alpha, lambda, x, new double[n], jac);
        }
        return chord(r, fp, alpha, lambda, x, f, jac, companion);
    }

    /** The Newton step {@code J^{-1} f} of a realisation at the pooled solution, or empty if {@code J} is singular. */
    private static Optional<double[]> newtonStep(double[] f, double[][] jac) {
        DecompositionSolver qr = new QRDecomposition(new Array2DRowRealMatrix(jac, true), 1e-14).getSolver();
        return qr.isNonSingular() ? Optional.of(qr.solve(new ArrayRealVector(f, false)).toArray()) : Optional.empty();
    }

    /**
     * The relative error of realisation 0's linear step: {@code max|x_0 - (x - J^{-1} f)| / max|x_0 - x|} for its own
     * solution {@code x_0} (0 when it equals the pooled solution, infinite when {@code J} is singular).
     */
    private static double linearError(double[] x, double[] f, double[][] jac, ErmFixedPoint.Point own) {
        Optional<double[]> step = newtonStep(f, jac);
        if (step.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double[] dx = step.get();
        double[] x0 = own.state().pack();
        double err = 0;
        double offset = 0;
        for (int i = 0; i < x.length; i++) {
            err = FastMath.max(err, FastMath.abs(x0[i] - (x[i] - dx[i])));
            offset = FastMath.max(offset, FastMath.abs(x0[i] - x[i]));
        }
        return offset == 0 ? 0 : err / offset;
    }

    /**
     * Realisation {@code r}'s own solution to first order: one Newton step {@code x_r = x - J_r^{-1} F_r(x)} from the
     * pooled solution {@code x} with its residual and Jacobian there (from the pooled solve, no evaluation); its
     * test and training errors by their closed forms at {@code x_r}, its training loss to first order from
     * {@code grad}. The step's error is second order in the offset (checked on realisation 0 by the caller), so the
     * spread and the bias estimate it feeds are known to within that fraction of themselves.
     */
    private Outcome linearStep(int r, ErmFixedPoint fp, double alpha, double lambda, double[] x, double[] f,
                               double[][] jac, double[] grad) {
        Track track = tracks[r];
        Optional<double[]> step = newtonStep(f, jac);
        if (step.isEmpty()) {
            return track.failed(Regime.RIDGE, 0, "singular Jacobian at the pooled solution");
        }
        double[] dx = step.get();
        ErmFixedPoint.State pooled = ErmFixedPoint.State.unpack(x, law.dimension());
        double loss = fp.observables(alpha, lambda, pooled).trainLoss();
        double[] xr = x.clone();
        for (int i = 0; i < x.length; i++) {
            xr[i] -= dx[i];
            loss -= grad[i] * dx[i];
        }
        ErmFixedPoint.State sr = ErmFixedPoint.State.unpack(xr, law.dimension());
        ErmFixedPoint.Observables o = fp.observablesWithLoss(alpha, lambda, sr, loss);
        Optional<String> bad = fp.check(sr, o);
        if (bad.isPresent()) {
            return track.failed(Regime.RIDGE, 0, bad.get());
        }
        // the residual at x_r is not evaluated (second order in the offset)
        return new Outcome(Regime.RIDGE, PointStatus.OK, Optional.of(new ErmFixedPoint.Point(sr, Double.NaN, 0, jac)),
                Optional.of(o), 0, "", Optional.empty());
    }

    /**
     * The last per-realisation evaluations of a pooled solve: each realisation's residual with the
     * point it was evaluated at, and its last exact Jacobian.
     */
    private static final class Evaluations {
        final double[][] points;
        final double[][] residuals;
        final double[][][] jacobians;
        /** The training loss's gradient at each realisation's last Jacobian. */
        final double[][] gradients;

        Evaluations(int kr) {
            points = new double[kr][];
            residuals = new double[kr][];
            jacobians = new double[kr][][];
            gradients = new double[kr][];
        }

        void record(int r, double[] x, double[] f, double[][] jac) {
            points[r] = x.clone();
            residuals[r] = f.clone();
            if (jac != null) {
                jacobians[r] = jac;
            }
        }

        /** Realisation {@code r}'s last residual if it was evaluated at {@code x}, else {@code null}. */
        double[] residualAt(int r, double[] x) {
            return points[r] != null && Arrays.equals(points[r], x) ? residuals[r].clone() : null;
        }
    }

    /** One randomization's starting point. */
    private record Warm(double alpha, double lambda, Regime regime, ErmFixedPoint.Point point) {
    }

    /** One randomization's outcome at one {@code alpha}. */
    private record Outcome(Regime regime, PointStatus status, Optional<ErmFixedPoint.Point> point,
                           Optional<ErmFixedPoint.Observables> observables, int iterations, String note,
                           Optional<ErmFixedPoint.Observables> fine) {
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

        /** The companion's equations away from the separable limit. */
        ErmFixedPoint regular() {
            return regular;
        }

        /**
         * Solves from the main solution, then from its own previous one, then from a cold start.
         *
         * @return the companion's observables, or empty if it has no valid solution
         */
        Optional<ErmFixedPoint.Observables> solve(double alpha, double lam, boolean useLimit, ErmFixedPoint.Point main) {
            ErmFixedPoint fp = useLimit ? limit : regular;
            Optional<ErmFixedPoint.Point> p = fp.solveNear(alpha, lam, main.state(), main.jacobian())
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

    /** Per-randomization solver state (confined to one task at a time). */
    private final class Track {
        final Mixture mix;
        final ErmFixedPoint regular;
        private ErmFixedPoint limit;
        private double alphaStar = Double.NaN;
        private final Optional<Companion> fine;

        /**
         * @param mix       this randomization's realisation
         * @param withFine  also solve with twice the Gauss-Hermite nodes
         */
        Track(Mixture mix, boolean withFine) {
            this.mix = mix;
            this.regular = new ErmFixedPoint(mix, law.gamma(), loss, ProxAverages.of(loss, rule), solver);
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

        Outcome solve(double alpha, double lambda, Optional<Warm> from) {
            // alpha* is computed only where it is used (a capacity minimisation per realisation): the
            // lambda = 0 regimes, a warm start from another alpha (never across the threshold) and the
            // continuation after a failed cold start
            Regime regime = Regime.RIDGE;
            if (lambda == 0) {
                double threshold = threshold();
                if (Double.isFinite(threshold) && FastMath.abs(alpha - threshold) <= SINGULAR_BAND * threshold) {
                    String what = loss.kind() == Loss.Kind.SQUARE ? "alpha1 = gamma = " : "alpha1 = alpha* = ";
                    return new Outcome(Regime.UNREGULARISED, PointStatus.SINGULAR, Optional.empty(), Optional.empty(),
                            0, "lambda=0 exactly at the threshold " + what + threshold
                                    + ": the limit does not exist (the norm diverges)", Optional.empty());
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
            if (from.isPresent() && from.get().regime() == regime
                    && (from.get().alpha() == alpha || (alpha < threshold()) == (from.get().alpha() < threshold()))) {
                Warm w = from.get();
                // the tangent of the earlier solution along alpha (same ridge) as the starting point
                double fromLam = useLimit ? 1 : w.lambda();
                ErmFixedPoint.State start = fromLam == lam
                        ? fp.predict(w.alpha(), lam, w.point(), alpha).orElse(w.point().state())
                        : w.point().state();
                Optional<ErmFixedPoint.Point> warm = fp.solveFrom(alpha, lam, start, w.point().jacobian());
                if (warm.isPresent()) {
                    iterations += warm.get().iterations();
                    Optional<String> bad = fp.check(alpha, lam, warm.get().state());
                    if (bad.isEmpty()) {
                        return accept(alpha, regime, fp, lam, warm.get(), iterations, "");
                    }
                    warmFailure = "warm start rejected (" + bad.get() + "), solved from a cold start";
                }
                int[] its = {0};
                Optional<ErmFixedPoint.Point> walked = path(fp, w, alpha, lam, useLimit, its);
                iterations += its[0];
                if (walked.isPresent()) {
                    return accept(alpha, regime, fp, lam, walked.get(), iterations, "");
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
            double start = alpha < threshold() ? 0.5 * alpha : 2 * alpha;
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
         * Continuation in {@link #PATH_STEPS} equal steps of {@code (ln alpha, ln lambda)} from a warm
         * start (in {@code ln alpha} alone when both ridges are equal, e.g. {@code 0}), each step checked.
         */
        private Optional<ErmFixedPoint.Point> path(ErmFixedPoint fp, Warm w, double alpha, double lam,
                                                   boolean useLimit, int[] iterations) {
            double fromLam = useLimit ? 1 : w.lambda();
            boolean logLambda = fromLam > 0 && lam > 0;
            if (!logLambda && fromLam != lam) {
                return Optional.empty();
            }
            ErmFixedPoint.Point p = w.point();
            for (int s = 1; s <= PATH_STEPS; s++) {
                double t = s / (double) PATH_STEPS;
                double a = s == PATH_STEPS ? alpha
                        : FastMath.exp(FastMath.log(w.alpha()) + t * (FastMath.log(alpha) - FastMath.log(w.alpha())));
                double l = s == PATH_STEPS || !logLambda ? lam
                        : FastMath.exp(FastMath.log(fromLam) + t * (FastMath.log(lam) - FastMath.log(fromLam)));
                Optional<ErmFixedPoint.Point> q = fp.solveFrom(a, l, p.state(), p.jacobian())
                        .filter(x -> fp.check(a, l, x.state()).isEmpty());
                if (q.isEmpty()) {
                    return Optional.empty();
                }
                iterations[0] += q.get().iterations();
                p = q.get();
            }
            return Optional.of(p);
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
            return accept(alpha, regime, fp, lam, p, iterations, note, true);
        }

        /**
         * The accepted point; its finer companion (if this track has one) is solved from it only with
         * {@code companion}.
         */
        private Outcome accept(double alpha, Regime regime, ErmFixedPoint fp, double lam, ErmFixedPoint.Point p,
                               int iterations, String note, boolean companion) {
            boolean useLimit = fp != regular;
            Optional<ErmFixedPoint.Observables> f = companion
                    ? fine.flatMap(c -> c.solve(alpha, lam, useLimit, p)) : Optional.empty();
            return new Outcome(regime, PointStatus.OK, Optional.of(p),
                    Optional.of(fp.observables(alpha, lam, p.state())), iterations, note, f);
        }

        private Outcome failed(Regime regime, int iterations, String why) {
            return new Outcome(regime, PointStatus.FAILED, Optional.empty(), Optional.empty(), iterations, why,
                    Optional.empty());
        }
    }

    /** The solution on the pooled points of all randomizations. */
    private record Pooled(ErmFixedPoint.Point point, double testError, double trainLoss, double trainError) {
    }

    /**
     * The fixed point of the pooled realisation (all {@code K N} points of every randomization, each
     * randomization weighted {@code 1/K}), as the root of the mean of the randomizations' residuals: equal
     * to the pooled residual in the rows of {@code m} and {@code b}, and to second order in the spread in
     * the two logarithmic rows (the test error within 0.9e-7 ... 5.9e-7 of the concatenated law's at
     * the defaults, {@code alpha1 = 0.2 ... 10}). Newton's method runs from the mean of their solutions with
     * the mean of their Jacobians ({@link NewtonRootSolver}), each evaluation split over the randomizations
     * in parallel.
     *
     * @return the pooled solution, or empty when the randomizations are not all solved in one regime
     *         or Newton's method does not converge
     */
    private Optional<Pooled> pooled(double alpha, double lambda, Outcome[] outcomes) {
        int kr = outcomes.length;
        if (kr < 2) {
            return Optional.empty();
        }
        Regime regime = outcomes[0].regime();
        for (Outcome o : outcomes) {
            if (o.status() != PointStatus.OK || o.regime() != regime) {
                return Optional.empty();
            }
        }
        boolean useLimit = regime == Regime.INTERPOLATING || regime == Regime.MAX_MARGIN;
        double lam = useLimit ? 1 : lambda;
        ErmFixedPoint[] fps = new ErmFixedPoint[kr];
        for (int r = 0; r < kr; r++) {
            fps[r] = useLimit ? tracks[r].limit() : tracks[r].regular;
        }
        int k = law.dimension();
        int n = k + 3;
        List<ErmFixedPoint.Point> points = new ArrayList<>();
        for (Outcome o : outcomes) {
            points.add(o.point().orElseThrow());
        }
        double[] x = meanState(points, n);
        double[][] jac = meanJacobian(points, n).orElse(null);
        boolean exact = Arrays.stream(fps).allMatch(ErmFixedPoint::analyticJacobian);
        NewtonRootSolver.Result nr = exact
                ? solver.solve((xx, ff, jj) -> pooledResidualAndJacobian(fps, alpha, lam, xx, ff, jj, null),
                        (xx, ff) -> pooledResidual(fps, alpha, lam, xx, ff, true, null), x,
                        jac)
                : solver.solve((xx, ff) -> pooledResidual(fps, alpha, lam, xx, ff, false, null), x, jac);
        if (!nr.converged()) {
            return Optional.empty();
        }
        ErmFixedPoint.State st = ErmFixedPoint.State.unpack(nr.x(), k);
        double[] sum = meanObservables(fps, alpha, lam, st);
        if (!(sum[0] >= 0 && sum[0] <= 1 && sum[1] >= 0 && sum[2] >= 0 && sum[2] <= 1)) {
            return Optional.empty();
        }
        return Optional.of(new Pooled(new ErmFixedPoint.Point(st, nr.residual(), nr.iterations(), nr.jacobian()),
                sum[0], sum[1], sum[2]));
    }

    /** The mean of the points' states in the solver's coordinates ({@link ErmFixedPoint.State#pack}). */
    private static double[] meanState(List<ErmFixedPoint.Point> points, int n) {
        double[] x = new double[n];
        for (ErmFixedPoint.Point p : points) {
            double[] xr = p.state().pack();
            for (int i = 0; i < n; i++) {
                x[i] += xr[i] / points.size();
            }
        }
        return x;
    }

    /** The mean of the points' Jacobians, or empty if one has none (of this size). */
    private static Optional<double[][]> meanJacobian(List<ErmFixedPoint.Point> points, int n) {
        double[][] jac = new double[n][n];
        for (ErmFixedPoint.Point p : points) {
            double[][] jr = p.jacobian();
            if (jr == null || jr.length != n) {
                return Optional.empty();
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    jac[i][j] += jr[i][j] / points.size();
                }
            }
        }
        return Optional.of(jac);
    }

    /**
     * Test error, training loss and training error of the pooled realisation at {@code st}: the means of
     * the realisations' observables, evaluated in parallel.
     */
    private double[] meanObservables(ErmFixedPoint[] fps, double alpha, double lam, ErmFixedPoint.State st) {
        int kr = fps.length;
        List<double[]> obs = ParallelMap.map(kr, FastMath.min(options.threads(), kr), r -> {
            ErmFixedPoint.Observables ob = fps[r].observables(alpha, lam, st);
            return new double[] {ob.testError(), ob.trainLoss(), ob.trainError()};
        }, () -> { });
        double[] sum = new double[3];
        for (double[] v : obs) {
            for (int i = 0; i < 3; i++) {
                sum[i] += v[i] / kr;
            }
        }
        return sum;
    }

    /**
     * The pooled residuals and their exact Jacobian: the means over randomizations, evaluated in
     * parallel; each realisation's residual and Jacobian is recorded in {@code last} when given.
     */
    private void pooledResidualAndJacobian(ErmFixedPoint[] fps, double alpha, double lam, double[] x, double[] f,
                                           double[][] jac, Evaluations last) {
        int kr = fps.length;
        int n = x.length;
        List<double[][]> parts = ParallelMap.map(kr, FastMath.min(options.threads(), kr), r -> {
            // rows: the Jacobian, the residual, the training loss's gradient
            double[][] jr = new double[n + 2][n];
            // not observed: the pooled solve's last evaluation is usually a residual with observables, and
            // where it is this one, the observables are computed at the solution afterwards
            fps[r].residualsAndJacobian(alpha, lam, x, jr[n], jr, jr[n + 1], false);
            return jr;
        }, () -> { });
        Arrays.fill(f, 0);
        for (double[] row : jac) {
            Arrays.fill(row, 0);
        }
        for (int r = 0; r < kr; r++) {
            double[][] jr = parts.get(r);
            for (int i = 0; i < n; i++) {
                f[i] += jr[n][i] / kr;
                for (int j = 0; j < n; j++) {
                    jac[i][j] += jr[i][j] / kr;
                }
            }
            if (last != null) {
                last.record(r, x, jr[n], Arrays.copyOf(jr, n));
                last.gradients[r] = jr[n + 1];
            }
        }
    }

    /**
     * The pooled residuals (the mean over randomizations) into {@code f}; with {@code observe} each
     * randomization keeps its observables at {@code x} (the expected last evaluation); each
     * realisation's residual is recorded in {@code last} when given.
     */
    private void pooledResidual(ErmFixedPoint[] fps, double alpha, double lam, double[] x, double[] f,
                                boolean observe, Evaluations last) {
        int kr = fps.length;
        int n = x.length;
        List<double[]> parts = ParallelMap.map(kr, FastMath.min(options.threads(), kr), r -> {
            double[] fr = new double[n];
            if (observe) {
                fps[r].residualsWithObservables(alpha, lam, x, fr);
            } else {
                fps[r].residuals(alpha, lam, x, fr);
            }
            return fr;
        }, () -> { });
        Arrays.fill(f, 0);
        for (int r = 0; r < kr; r++) {
            double[] fr = parts.get(r);
            for (int i = 0; i < n; i++) {
                f[i] += fr[i] / kr;
            }
            if (last != null) {
                last.record(r, x, fr, null);
            }
        }
    }

    private ErmSolution aggregate(double alpha, double lambda, Outcome[] outcomes, Optional<Pooled> pool) {
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
            divergingNorm |= o.regime() == Regime.MAX_MARGIN && loss.kind() == Loss.Kind.LOGISTIC;
            divergingV |= o.regime() == Regime.MAX_MARGIN || o.regime() == Regime.INTERPOLATING;
            if (!o.note().isEmpty()) {
                notes.add((kr > 1 ? "randomization " + r + ": " : "") + o.note());
            }
        }
        // sampled law: the value is the pooled solution, its bias estimated from the mean of the
        // per-randomization solutions (whose bias is K times larger)
        double[] value = {mean(test), mean(tl), mean(te)};
        double[] bias = {0, 0, 0};
        if (!law.exact()) {
            if (pool.isPresent()) {
                Pooled pp = pool.get();
                value = new double[] {pp.testError(), pp.trainLoss(), pp.trainError()};
                for (int i = 0; i < 3; i++) {
                    bias[i] = (new double[] {mean(test), mean(tl), mean(te)}[i] - value[i]) / (kr - 1);
                }
                ErmFixedPoint.State s = pp.point().state();
                m = s.m().clone();
                b = s.bias();
                q = s.q();
                v = s.v();
                res = pp.point().residual();
                it += pp.point().iterations();
            } else {
                // no pooled solution (regimes split or no convergence): bound the bias by the spread
                bias = new double[] {standardError(test), standardError(tl), standardError(te)};
                notes.add("no pooled solution: the finite-N bias is bounded by the spread over randomizations");
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
        lastTruncation = new double[] {fine.testError() - test[0], fine.trainLoss() - tl[0], fine.trainError() - te[0]};
        if (outcomes[0].fine().isEmpty()) {
            notes.add("no error bar: the companion solve with twice the quadrature nodes failed");
        }
        return new ErmSolution(model, loss.name(), alpha, lambda, m, b, q, v, value[0],
                errorBar(test, bias[0], test[0], fine.testError()), value[1],
                errorBar(tl, bias[1], tl[0], fine.trainLoss()), value[2],
                errorBar(te, bias[2], te[0], fine.trainError()), res, it, regime, PointStatus.OK,
                String.join("; ", notes));
    }

    /** Observables of a companion without a solution: its error-bar terms become NaN (no error bar). */
    private static final ErmFixedPoint.Observables NO_OBSERVABLES =
            new ErmFixedPoint.Observables(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * Error bar of one observable (docs/theory.md section 9): the standard error over
     * randomizations, the estimated finite-point bias of the reported value and the Gauss-Hermite
     * truncation estimated as the change with twice the nodes, combined in quadrature.
     */
    static double errorBar(double[] perRandomization, double bias, double coarse, double fine) {
        double se = standardError(perRandomization);
        double gh = fine - coarse;
        return FastMath.sqrt(se * se + bias * bias + gh * gh);
    }
}
