package org.sparseattention.simulation;

import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.erm.SquaredHingeSeparability;
import org.sparseattention.simulation.protocol.AttentionProtocol;
import org.sparseattention.simulation.protocol.DesignBuilder;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/**
 * Finite-d capacity (docs/theory.md section 7): the fraction of data sets of
 * {@code n = round(alpha1 d)} samples that are linearly separable in a model's feature
 * space, by the unregularised squared-hinge test. For attention the query comes from steps
 * 1-3 on a separate {@code D0} of {@code n0} samples, as in the training protocol.
 */
public final class SeparabilityExperiment implements AutoCloseable {
    private final ChunkedExecutor ex;

    /** @param threads number of threads (at least 1); results do not depend on it */
    public SeparabilityExperiment(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ex = new ChunkedExecutor(threads);
    }

    /**
     * Tests {@code trials} independent data sets ({@code cfg.alpha1()} plays {@code alpha = n/d}).
     *
     * @throws IllegalArgumentException if a vectorized design exceeds {@link Simulator#MAX_DESIGN_BYTES}
     * @throws SimulationException      if a separability test reaches no verdict
     */
    public SeparabilityResult run(SimModel model, SimulationConfig cfg, int trials, long seed) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        if (model == SimModel.VECTORIZED && Simulator.vectorizedDesignBytes(cfg) > Simulator.MAX_DESIGN_BYTES) {
            throw new IllegalArgumentException("vectorized design needs " + Simulator.vectorizedDesignBytes(cfg)
                    + " bytes, above the 1 GiB limit; reduce d or alpha");
        }
        int separable = 0;
        for (int t = 0; t < trials; t++) {
            if (isSeparable(model, cfg, t, seed)) {
                separable++;
            }
        }
        double f = (double) separable / trials;
        return new SeparabilityResult(model, cfg.d(), cfg.alpha1(), trials, separable, f,
                Math.sqrt(f * (1 - f) / trials));
    }

    /** Whether the data set of trial {@code trial} is separable. */
    public boolean isSeparable(SimModel model, SimulationConfig cfg, int trial, long seed) {
        return isSeparable(model, cfg, trial, seed, ex);
    }

    /**
     * Whether the data sets of the given trials are separable (same answers as
     * {@link #isSeparable}, one per entry of {@code trials}). Small designs are tested
     * several at a time, one per thread; large ones one after the other with parallel products.
     */
    public boolean[] areSeparable(SimModel model, SimulationConfig cfg, int[] trials, long seed) {
        boolean[] out = new boolean[trials.length];
        long bytes = 4L * cfg.n1() * (model == SimModel.VECTORIZED ? (long) cfg.L() * cfg.d() : cfg.d());
        if (ex.threads() > 1 && trials.length > 1 && bytes * ex.threads() <= TRIAL_PARALLEL_BYTES) {
            ex.forEachChunk(trials.length, 1,
                    (c, s, e) -> out[c] = isSeparable(model, cfg, trials[c], seed, ChunkedExecutor.serial()));
        } else {
            for (int k = 0; k < trials.length; k++) {
                out[k] = isSeparable(model, cfg, trials[k], seed, ex);
            }
        }
        return out;
    }

    /** Designs up to this many bytes per concurrent test are tested trial-parallel. */
    private static final long TRIAL_PARALLEL_BYTES = 1L << 28;

    private static boolean isSeparable(SimModel model, SimulationConfig cfg, int trial, long seed, ChunkedExecutor ex) {
        long ts = Seeds.trialSeed(seed, trial);
        double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), cfg.d());
        SparseTokenSampler sampler = new SparseTokenSampler(cfg.L(), cfg.R(), cfg.pi(), cfg.theta(), xi);
        double[] q = model == SimModel.ATTENTION ? AttentionProtocol.run(cfg, sampler, ts, ex).q2() : null;
        double[] y = new double[cfg.n1()];
        FeatureMatrix A = DesignBuilder.build(model, cfg, sampler, q, ts, y, ex);
        return SquaredHingeSeparability.test(A, y).separable();
    }

    /** Stops the worker threads (optional: they are daemons). */
    @Override
    public void close() {
        ex.close();
    }
}
