package org.sparseattention.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
     * {@link #isSeparable}, one per entry of {@code trials}); scheduled as {@link #areSeparable(List, Runnable)}.
     */
    public boolean[] areSeparable(SimModel model, SimulationConfig cfg, int[] trials, long seed) {
        List<DataSet> sets = new ArrayList<>(trials.length);
        for (int t : trials) {
            sets.add(new DataSet(model, cfg, t, seed));
        }
        return areSeparable(sets, () -> { });
    }

    /**
     * One data set of a separability sweep: trial {@code trial} of the point drawn from {@code seed}
     * (the data set {@link #isSeparable} tests).
     */
    public record DataSet(SimModel model, SimulationConfig cfg, int trial, long seed) {
        /** Validates the fields. */
        public DataSet {
            java.util.Objects.requireNonNull(model, "model");
            java.util.Objects.requireNonNull(cfg, "cfg");
            if (trial < 0) {
                throw new IllegalArgumentException("trial must be >= 0, got " + trial);
            }
        }

        /** Bytes of the stored design (single precision), the measure of its cost used for scheduling. */
        long designBytes() {
            return 4L * cfg.n1() * (model == SimModel.VECTORIZED ? (long) cfg.L() * cfg.d() : cfg.d());
        }
    }

    /**
     * Whether each data set is separable (the answers of {@link #isSeparable}, in the order of
     * {@code sets}; they do not depend on the number of threads or on the order of evaluation).
     * Data sets whose designs are small enough are tested several at a time, one per thread, the
     * largest first, each thread taking the next data set as soon as it is free (no barrier
     * between points, so one slow test does not idle the other threads); the larger ones are
     * tested one after the other with parallel products. {@code onDone} runs after each test
     * (from any thread).
     */
    public boolean[] areSeparable(List<DataSet> sets, Runnable onDone) {
        boolean[] out = new boolean[sets.size()];
        List<Integer> pooled = new ArrayList<>();
        for (int k = 0; k < sets.size(); k++) {
            DataSet s = sets.get(k);
            if (ex.threads() > 1 && s.designBytes() * ex.threads() <= TRIAL_PARALLEL_BYTES) {
                pooled.add(k);
            } else {
                out[k] = isSeparable(s.model(), s.cfg(), s.trial(), s.seed(), ex);
                onDone.run();
            }
        }
        // largest first (stable: ties keep their order), so the last tests to start are short ones
        pooled.sort(Comparator.comparingLong((Integer k) -> sets.get(k).designBytes()).reversed());
        ex.forEachChunk(pooled.size(), 1, (c, st, e) -> {
            int k = pooled.get(c);
            DataSet s = sets.get(k);
            out[k] = isSeparable(s.model(), s.cfg(), s.trial(), s.seed(), ChunkedExecutor.serial());
            onDone.run();
        });
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
