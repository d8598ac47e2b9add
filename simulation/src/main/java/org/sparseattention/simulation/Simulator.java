package org.sparseattention.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.ErmResult;
import org.sparseattention.simulation.erm.ErmSolvers;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.protocol.AttentionProtocol;
import org.sparseattention.simulation.protocol.DesignBuilder;
import org.sparseattention.simulation.protocol.JointTrainer;
import org.sparseattention.simulation.protocol.QuerySteps;
import org.sparseattention.simulation.protocol.TestErrorEstimator;
import org.sparseattention.simulation.protocol.TestEstimate;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;
import org.sparseattention.simulation.util.Vec;

/**
 * Finite-d trials of the three classifiers (docs/theory.md sections 1-3).
 *
 * <p>Per trial: a uniform unit {@code xi}; for attention, steps 1-3 on {@code D0}
 * ({@code n0} samples) give {@code q2}; the step-4 ERM runs on {@code D1} ({@code n1}
 * samples, the same samples for every model of a trial) with the model's features; the test
 * error is measured by exact low-dimensional draws. Results are bit-identical for any
 * number of threads: every sample has its own random stream and every reduction uses fixed
 * chunks added in order.
 */
public final class Simulator implements AutoCloseable {
    /** Largest vectorized design ({@code 8 n1 L d} bytes) accepted: 1 GiB. */
    public static final long MAX_DESIGN_BYTES = 1L << 30;

    /** Designs up to this many bytes per concurrent trial are run trial-parallel. */
    private static final long TRIAL_PARALLEL_BYTES = 1L << 28;

    private final ChunkedExecutor ex;

    /**
     * @param threads number of threads (at least 1); results do not depend on it
     */
    public Simulator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.ex = new ChunkedExecutor(threads);
    }

    /** @return bytes of the vectorized design, {@code 8 n1 L d} */
    public static long vectorizedDesignBytes(SimulationConfig cfg) {
        return 8L * cfg.n1() * cfg.L() * (long) cfg.d();
    }

    /**
     * Runs one trial (docs/theory.md section 3; baselines: step 4 on their own features).
     *
     * @param trial trial index; the trial seed is {@code Seeds.trialSeed(seed, trial)}
     * @throws IllegalArgumentException if the vectorized design exceeds {@link #MAX_DESIGN_BYTES}
     * @throws SimulationException      on a numerical failure of the ERM
     */
    public TrialResult runTrial(SimModel model, SimulationConfig cfg, int trial, long seed) {
        return trial(model, cfg, trial, seed, Double.NaN, Double.NaN, ex);
    }

    /**
     * Attention trial with a prescribed query instead of steps 1-3 (for checking the step-4
     * theory alone, docs/theory.md section 5): {@code q = (kappa/beta)(s xi + sqrt(1-s^2) u)},
     * {@code u} a random unit vector orthogonal to {@code xi}, so {@code beta ||q|| = kappa}
     * and {@code cos(q, xi) = s}.
     *
     * @throws IllegalArgumentException unless {@code kappa >= 0} and {@code |s| <= 1} (and
     *                                  {@code d >= 2} when {@code |s| < 1})
     */
    public TrialResult runTrialWithQuery(SimulationConfig cfg, double kappa, double s, int trial, long seed) {
        if (!(kappa >= 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa must be finite and >= 0, got kappa=" + kappa);
        }
        if (!(Math.abs(s) <= 1)) {
            throw new IllegalArgumentException("s = cos(q, xi) must satisfy -1 <= s <= 1, got s=" + s);
        }
        if (Math.abs(s) < 1 && cfg.d() < 2) {
            throw new IllegalArgumentException("a query with |s| < 1 needs d >= 2, got d=" + cfg.d());
        }
        return trial(SimModel.ATTENTION, cfg, trial, seed, kappa, s, ex);
    }

    /**
     * Runs {@code trials} trials (indices 0..trials-1). Trials run in parallel when their
     * designs are small, otherwise one after the other with parallel sample loops; the
     * results are the same either way.
     *
     * @param listener progress callback, may be null
     */
    public List<TrialResult> run(SimModel model, SimulationConfig cfg, int trials, long seed,
            ProgressListener listener) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        checkMemory(model, cfg);
        TrialResult[] out = new TrialResult[trials];
        AtomicInteger done = new AtomicInteger();
        long bytes = 8L * cfg.n1() * (model == SimModel.VECTORIZED ? (long) cfg.L() * cfg.d() : cfg.d());
        boolean trialParallel = ex.threads() > 1 && trials > 1 && bytes * ex.threads() <= TRIAL_PARALLEL_BYTES;
        if (trialParallel) {
            ex.forEachChunk(trials, 1, (c, s, e) -> {
                out[c] = trial(model, cfg, c, seed, Double.NaN, Double.NaN, ChunkedExecutor.serial());
                if (listener != null) {
                    listener.trialDone(done.incrementAndGet(), trials);
                }
            });
        } else {
            for (int t = 0; t < trials; t++) {
                out[t] = trial(model, cfg, t, seed, Double.NaN, Double.NaN, ex);
                if (listener != null) {
                    listener.trialDone(done.incrementAndGet(), trials);
                }
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    private static void checkMemory(SimModel model, SimulationConfig cfg) {
        if (model == SimModel.VECTORIZED && vectorizedDesignBytes(cfg) > MAX_DESIGN_BYTES) {
            throw new IllegalArgumentException("vectorized design n1 x L d = " + cfg.n1() + " x " + (long) cfg.L() * cfg.d()
                    + " needs " + vectorizedDesignBytes(cfg) + " bytes, above the limit of " + MAX_DESIGN_BYTES
                    + " bytes (1 GiB); reduce d or alpha1");
        }
    }

    private TrialResult trial(SimModel model, SimulationConfig cfg, int trial, long seed, double kappa, double s,
            ChunkedExecutor exe) {
        checkMemory(model, cfg);
        final long ts = Seeds.trialSeed(seed, trial);
        final int d = cfg.d();
        final double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), d);
        final SparseTokenSampler sampler = new SparseTokenSampler(cfg.L(), cfg.R(), cfg.pi(), cfg.theta(), xi);
        double[] q = null;
        double cosW = Double.NaN;
        if (model == SimModel.ATTENTION) {
            if (Double.isNaN(kappa)) {
                QuerySteps qs = AttentionProtocol.run(cfg, sampler, ts, exe);
                q = qs.q2();
                cosW = Vec.cos(qs.wTilde1(), xi);
            } else {
                q = fixedQuery(xi, kappa / cfg.beta(), s, ts);
            }
        }
        double[] y = new double[cfg.n1()];
        FeatureMatrix A = DesignBuilder.build(model, cfg, sampler, q, ts, y, exe);
        ErmResult erm;
        try {
            erm = ErmSolvers.solve(cfg.loss(), A, y, cfg.lambda());
        } catch (SimulationException e) {
            // name the trial: which data set could not be solved (or certified)
            throw new SimulationException(model.label() + " d=" + d + " alpha1=" + cfg.alpha1() + " trial " + trial
                    + " (seed " + ts + "): " + e.getMessage());
        }
        double[] z = new double[y.length];
        A.multiply(erm.w(), erm.b(), z);
        double trainLoss = 0;
        long trainErr = 0;
        for (int i = 0; i < y.length; i++) {
            trainLoss += cfg.loss().value(y[i], z[i]);
            if (y[i] * z[i] <= 0) {
                trainErr++;
            }
        }
        trainLoss /= y.length;
        A = null; // let the design be collected before the test draws
        TestEstimate te = TestErrorEstimator.exact(model, cfg, xi, q, erm.w(), erm.b(), ts,
                cfg.effectiveTestSamples(), exe);
        double overlap;
        if (model == SimModel.VECTORIZED) {
            double sum = 0;
            int L = cfg.L();
            for (int l = 0; l < L; l++) {
                sum += Vec.dot(erm.w(), l * d, xi, d);
            }
            double nw = Vec.norm(erm.w());
            overlap = nw == 0 ? Double.NaN : sum / (Math.sqrt(L) * nw);
        } else {
            overlap = Vec.cos(erm.w(), xi);
        }
        double[] jointErr = new double[0];
        double[] jointCos = new double[0];
        double[] jointObj = new double[0];
        double[] jointStep = new double[0];
        if (model == SimModel.ATTENTION && cfg.jointSteps() > 0) {
            JointTrainer.Trajectory tr = JointTrainer.run(cfg, sampler, xi, q, erm.w(), erm.b(), ts, exe);
            jointErr = tr.testError();
            jointCos = tr.cosQXi();
            jointObj = tr.objective();
            jointStep = tr.stepSize();
        }
        double cosQ = q == null ? Double.NaN : Vec.cos(q, xi);
        double qNorm = q == null ? Double.NaN : Vec.norm(q);
        return new TrialResult(model, d, cfg.alpha1(), trial, ts, te.error(), te.stderr(), trainLoss,
                (double) trainErr / y.length, cosQ, qNorm, cosW, overlap, erm.optimality(), erm.iterations(),
                jointErr, jointCos, jointObj, jointStep);
    }

    /** {@code q = norm (s xi + sqrt(1 - s^2) u)} with {@code u} uniform on the sphere orthogonal to xi. */
    static double[] fixedQuery(double[] xi, double norm, double s, long trialSeed) {
        int d = xi.length;
        double[] q = new double[d];
        double c = Math.sqrt(Math.max(0, 1 - s * s));
        double[] u = c > 0 ? SparseTokenSampler.randomOrthogonalUnitVector(Seeds.stream(trialSeed, Seeds.QUERY, 0), xi)
                : new double[d];
        for (int j = 0; j < d; j++) {
            q[j] = norm * (s * xi[j] + c * u[j]);
        }
        return q;
    }

    /** Stops the worker threads (optional: they are daemons). */
    @Override
    public void close() {
        ex.close();
    }
}
