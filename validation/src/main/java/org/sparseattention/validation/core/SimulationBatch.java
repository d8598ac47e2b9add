package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.Simulator;
import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.validation.io.Progress;

/**
 * Runs the simulation over models, dimensions and {@code alpha1} values, skipping vectorized
 * points whose {@code n1 x L d} design exceeds {@link Simulator#MAX_DESIGN_BYTES}.
 */
public final class SimulationBatch {

    /** One point to simulate. */
    public record Task(Model model, SimulationConfig config, long seed) {
    }

    private SimulationBatch() {
    }

    /** Whether the point's design fits in memory. */
    public static boolean fits(Model model, SimulationConfig cfg) {
        return model != Model.VECTORIZED || Simulator.vectorizedDesignBytes(cfg) <= Simulator.MAX_DESIGN_BYTES;
    }

    /**
     * Seed of a point: the same for every model (the simulator then shares the samples of a
     * trial between models), different across {@code d} and {@code alpha1}.
     */
    public static long seed(long seed, int d, int alphaIndex) {
        return seed + 1_000_003L * d + 10_007L * alphaIndex;
    }

    /**
     * One task per model and {@code alpha1} at dimension {@code d}; vectorized points whose
     * design does not fit are left out and reported to {@code skipped}.
     */
    public static List<Task> tasks(ModelSettings s, List<Model> models, int d, double[] alpha1, int testSamples,
                                   int jointSteps, double jointEta, long seed, Consumer<String> skipped) {
        requireSamples(s, models, new int[] {d}, alpha1);
        List<Task> tasks = new ArrayList<>();
        for (Model m : models) {
            for (int i = 0; i < alpha1.length; i++) {
                task(s, m, d, alpha1, i, testSamples, jointSteps, jointEta, seed, skipped).ifPresent(tasks::add);
            }
        }
        return tasks;
    }

    /**
     * The task of model {@code m} at {@code alpha1[i]} with settings {@code s} (seeded by the index
     * {@code i}, so points at different ridges share their data), or empty (reported to
     * {@code skipped}) when its design does not fit. Sample sizes are not checked here.
     */
    public static java.util.Optional<Task> task(ModelSettings s, Model m, int d, double[] alpha1, int i,
                                                int testSamples, int jointSteps, double jointEta, long seed,
                                                Consumer<String> skipped) {
        SimulationConfig cfg = s.simulation(d, alpha1[i], testSamples, jointSteps, jointEta);
        if (fits(m, cfg)) {
            return java.util.Optional.of(new Task(m, cfg, seed(seed, d, i)));
        }
        skipped.accept(String.format(Locale.ROOT, "skipping %s at d=%d, alpha1=%s: its n1 x L d design "
                + "needs %.2f GB > 1 GB", m.label(), d, ModelSettings.g(alpha1[i]),
                Simulator.vectorizedDesignBytes(cfg) / 1e9));
        return java.util.Optional.empty();
    }

    /**
     * Rejects sample sizes below two: {@code round(alpha1 d) < 2} for any {@code alpha1} and
     * {@code d}, or {@code round(alpha0 d) < 2} when attention is among the models.
     *
     * @throws IllegalArgumentException naming the option, the value and {@code d}
     */
    public static void requireSamples(ModelSettings s, List<Model> models, int[] dims, double[] alpha1) {
        for (int d : dims) {
            for (double a : alpha1) {
                requireTwoSamples("--alpha1", a, d);
            }
            if (models.contains(Model.ATTENTION)) {
                requireTwoSamples("--alpha0", s.alpha0(), d);
            }
        }
    }

    /** Rejects an {@code alpha} that gives fewer than two samples at {@code d} ({@code round(alpha d) < 2}). */
    private static void requireTwoSamples(String option, double alpha, int d) {
        double n = Math.rint(alpha * d);
        if (n < 2) {
            throw new IllegalArgumentException(option + " " + ModelSettings.g(alpha) + " at d=" + d + " gives "
                    + (long) n + " sample(s), fewer than the 2 needed (raise " + option + " or --d)");
        }
    }

    /** Rough cost of one trial of a task: design entries of D1 (and D0 for attention's query steps). */
    public static double cost(Task t) {
        SimulationConfig c = t.config();
        double features = t.model() == Model.VECTORIZED ? (double) c.L() * c.d() : c.d();
        double query = t.model() == Model.ATTENTION ? (double) c.n0() * c.L() * c.d() : 0;
        return (double) c.n1() * features * (t.model() == Model.ATTENTION ? 1 + c.L() : 1) + query;
    }

    /** Total cost of {@code trials} trials of every task. */
    public static double cost(List<Task> tasks, int trials) {
        return tasks.stream().mapToDouble(SimulationBatch::cost).sum() * trials;
    }

    /**
     * Runs every task with {@code trials} trials, one after another (the simulator parallelises
     * inside a task).
     *
     * @param progress counts trials
     */
    public static List<SimPoint> run(int threads, List<Task> tasks, int trials, Progress progress) {
        return run(threads, tasks, trials, progress, WorkUnits.whole());
    }

    /**
     * Runs the trials of every task that {@code units} assigns to this run: unit {@code "trial", i}
     * is trial {@code i mod trials} of task {@code i / trials}, with the seed it has in the whole
     * run. A shard returns no points (its trials are recorded in {@code units}); a merge reads
     * every trial back.
     *
     * @param progress counts trials
     */
    public static List<SimPoint> run(int threads, List<Task> tasks, int trials, Progress progress, WorkUnits units) {
        if (units.isShard() || units.isMerge()) {
            return runUnits(threads, tasks, trials, progress, units);
        }
        List<SimPoint> out = new ArrayList<>();
        try (Simulator sim = new Simulator(threads)) {
            int base = 0;
            double weight = 0;
            for (Task t : tasks) {
                final int offset = base;
                final double w0 = weight;
                final double w = cost(t);
                List<TrialResult> r = sim.run(ModelSettings.sim(t.model()), t.config(), trials, t.seed(),
                        (done, total) -> progress.setWeighted(offset + done, w0 + done * w));
                base += trials;
                weight += trials * w;
                out.add(new SimPoint(t.model(), t.config().d(), t.config().alpha1(), r));
            }
        }
        return out;
    }

    private static List<SimPoint> runUnits(int threads, List<Task> tasks, int trials, Progress progress,
                                           WorkUnits units) {
        List<SimPoint> out = new ArrayList<>();
        try (Simulator sim = new Simulator(units.isMerge() ? 1 : threads)) {
            int done = 0;
            double weight = 0;
            for (int ti = 0; ti < tasks.size(); ti++) {
                Task t = tasks.get(ti);
                double w = cost(t);
                List<TrialResult> r = new ArrayList<>();
                for (int j = 0; j < trials; j++) {
                    final int trial = j;
                    TrialResult tr = units.get("trial", ti * trials + j, TrialResult.class,
                            () -> sim.runTrial(ModelSettings.sim(t.model()), t.config(), trial, t.seed()));
                    if (tr != null) {
                        r.add(tr);
                    }
                    weight += w;
                    progress.setWeighted(++done, weight);
                }
                if (!units.isShard()) {
                    out.add(new SimPoint(t.model(), t.config().d(), t.config().alpha1(), r));
                }
            }
        }
        return out;
    }
}
