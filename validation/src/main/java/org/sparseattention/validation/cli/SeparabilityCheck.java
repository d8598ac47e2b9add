package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sparseattention.simulation.SeparabilityExperiment;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

/**
 * Finite-size capacity check: the fraction of separable data sets versus {@code alpha / alpha*}
 * at two dimensions, next to the theory's {@code alpha*}. Its outcome joins the verdict: at the
 * largest dimension the fraction must cross 1/2 within {@link #WINDOW} of {@code alpha/alpha* = 1}
 * (linear interpolation between the tested factors). A model whose {@code alpha*} the theory does
 * not resolve is skipped with a note and makes the check inconclusive, never a crash.
 */
final class SeparabilityCheck {
    /** Largest accepted {@code |alpha_cross/alpha* - 1|} at the largest tested dimension. */
    static final double WINDOW = 0.2;

    private final ModelSettings settings;
    private final List<Model> models;
    private final int[] dims;
    private final double[] factors;
    private final int trials;
    private final int testSamples;

    /** Outcome of the check for one model. */
    enum Status { PASS, FAIL, UNRESOLVED }

    /**
     * The check's outcome for one model.
     *
     * @param crossing alpha/alpha* where the fraction crosses 1/2 at the largest d (NaN if not bracketed)
     */
    record ModelOutcome(Model model, double alphaStar, int d, double crossing, Status status, String note) {
    }

    SeparabilityCheck(ModelSettings settings, List<Model> models, int[] dims, double[] factors, int trials,
                      int testSamples) {
        this.settings = settings;
        this.models = models;
        this.dims = SimulationOptions.dims(dims).clone();
        java.util.Arrays.sort(this.dims);
        this.factors = CurveCommand.positive("--sep-factors", factors).clone();
        java.util.Arrays.sort(this.factors);
        this.trials = SimulationOptions.trials(trials);
        this.testSamples = testSamples;
    }

    /** Number of work units (data sets tested) of the whole check. */
    int units() {
        return models.size() * dims.length * factors.length * trials;
    }

    /**
     * Runs the check (or this shard's part of it); writes separability.csv and separability.png
     * unless {@code units} is a shard.
     *
     * @return one outcome per model (empty for a shard)
     */
    List<ModelOutcome> run(RunContext ctx, TheoryOptions options, int threads, long seed, WorkUnits units) {
        Table table = new Table("model", "d", "alpha", "alpha_over_alpha_star", "trials", "separable", "fraction",
                "stderr", "alpha_star");
        Progress progress = ctx.progress("separability tests", units());
        LinePlot plot = new LinePlot("Finite-d capacity: fraction of separable data sets (" + settings.summary() + ")",
                "alpha / alpha*(theory)", "fraction separable").legendInside();
        List<ModelOutcome> outcomes = new ArrayList<>();
        int done = 0;
        try (SeparabilityExperiment exp = new SeparabilityExperiment(threads)) {
            double[] alphaStars = new double[models.size()];
            // every data set this run tests, all in one batch (no barrier between points: both cores stay busy)
            List<SeparabilityExperiment.DataSet> sets = new ArrayList<>();
            List<Integer> setUnits = new ArrayList<>();
            for (int mi = 0; mi < models.size(); mi++) {
                Model m = models.get(mi);
                alphaStars[mi] = settings.theory(options).capacity(m).alphaStar();
                if (!resolved(alphaStars[mi])) {
                    continue;
                }
                for (int di = 0; di < dims.length; di++) {
                    for (int fi = 0; fi < factors.length; fi++) {
                        SimulationConfig cfg = settings.simulation(dims[di], factors[fi] * alphaStars[mi], testSamples,
                                0, 0.5);
                        if (!SimulationBatch.fits(m, cfg)) {
                            continue;
                        }
                        long pointSeed = SimulationBatch.seed(seed, dims[di], fi);
                        int base = ((mi * dims.length + di) * factors.length + fi) * trials;
                        for (int t = 0; t < trials; t++) {
                            if (units.mine("separability", base + t)) {
                                sets.add(new SeparabilityExperiment.DataSet(ModelSettings.sim(m), cfg, t, pointSeed));
                                setUnits.add(base + t);
                            }
                        }
                    }
                }
            }
            boolean[] tested = exp.areSeparable(sets, progress::step);
            java.util.Map<Integer, Boolean> computed = new java.util.HashMap<>();
            for (int k = 0; k < tested.length; k++) {
                computed.put(setUnits.get(k), tested[k]);
            }
            for (int mi = 0; mi < models.size(); mi++) {
                Model m = models.get(mi);
                double alphaStar = alphaStars[mi];
                if (!resolved(alphaStar)) {
                    String note = "alpha* unresolved by the theory (" + alphaStar + "); separability check of "
                            + m.label() + " skipped (try more --qmc-points)";
                    if (!units.isShard()) {
                        ctx.warn(note);
                    }
                    outcomes.add(new ModelOutcome(m, alphaStar, dims[dims.length - 1], Double.NaN, Status.UNRESOLVED,
                            note));
                    done += dims.length * factors.length * trials;
                    progress.set(done);
                    continue;
                }
                double[] lastFractions = null;
                for (int di = 0; di < dims.length; di++) {
                    List<double[]> xy = new ArrayList<>();
                    double[] fractions = new double[factors.length];
                    java.util.Arrays.fill(fractions, Double.NaN);
                    for (int fi = 0; fi < factors.length; fi++) {
                        double alpha = factors[fi] * alphaStar;
                        SimulationConfig cfg = settings.simulation(dims[di], alpha, testSamples, 0, 0.5);
                        if (!SimulationBatch.fits(m, cfg)) {
                            if (!units.isShard()) {
                                ctx.warn(String.format(Locale.ROOT, "separability: skipping %s at d=%d alpha=%.3g "
                                        + "(design above 1 GB)", m.label(), dims[di], alpha));
                            }
                            done += trials;
                            progress.set(done);
                            continue;
                        }
                        long pointSeed = SimulationBatch.seed(seed, dims[di], fi);
                        int base = ((mi * dims.length + di) * factors.length + fi) * trials;
                        int separable = 0;
                        for (int t = 0; t < trials; t++) {
                            final int trial = t;
                            Boolean sep = units.get("separability", base + t, Boolean.class,
                                    () -> computed.containsKey(base + trial) ? computed.get(base + trial)
                                            : exp.isSeparable(ModelSettings.sim(m), cfg, trial, pointSeed));
                            separable += Boolean.TRUE.equals(sep) ? 1 : 0;
                            progress.set(++done);
                        }
                        if (units.isShard()) {
                            continue;
                        }
                        double f = (double) separable / trials;
                        double se = Math.sqrt(f * (1 - f) / trials);
                        fractions[fi] = f;
                        table.add(m.label(), dims[di], alpha, factors[fi], trials, separable, f, se, alphaStar);
                        xy.add(new double[] {factors[fi], f, se});
                    }
                    if (!xy.isEmpty()) {
                        String name = m.label() + " d=" + dims[di] + " (alpha*=" + ModelSettings.g(alphaStar) + ")";
                        plot.lineWithMarkers(name, SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1),
                                SimulateCommand.col(xy, 2), di == 0 ? Palette.series(m.ordinal())
                                        : Palette.series(m.ordinal()).darker().darker());
                    }
                    lastFractions = fractions;
                }
                if (!units.isShard()) {
                    outcomes.add(outcome(m, alphaStar, dims[dims.length - 1], factors, lastFractions));
                }
            }
        }
        if (units.isShard()) {
            return List.of();
        }
        plot.dashed("alpha = alpha*", new double[] {1, 1}, new double[] {0, 1}, java.awt.Color.GRAY);
        ctx.writeCsv("separability.csv", table);
        plot.save(ctx.file("separability.png"));
        ctx.file("separability.svg");
        ctx.stdout().println();
        ctx.stdout().println("Finite-d capacity (fraction separable should cross 1/2 near alpha/alpha* = 1):");
        ctx.print(table, "separability.csv");
        return outcomes;
    }

    private static boolean resolved(double alphaStar) {
        return Double.isFinite(alphaStar) && alphaStar > 0;
    }

    /**
     * Where the separable fraction crosses 1/2: the first factor interval over which it goes from
     * {@code >= 1/2} to {@code < 1/2}, interpolated linearly; PASS when it lies within
     * {@link #WINDOW} of 1.
     */
    static ModelOutcome outcome(Model m, double alphaStar, int d, double[] factors, double[] fractions) {
        double crossing = crossing(factors, fractions);
        if (Double.isNaN(crossing)) {
            boolean covers = factors.length > 0 && factors[0] <= 1 - WINDOW && factors[factors.length - 1] >= 1 + WINDOW;
            String note = "the separable fraction at d=" + d + " does not cross 1/2 within the tested alpha/alpha*";
            return new ModelOutcome(m, alphaStar, d, Double.NaN, covers ? Status.FAIL : Status.UNRESOLVED,
                    covers ? note : note + " (give --sep-factors spanning 0.8..1.2)");
        }
        boolean ok = Math.abs(crossing - 1) <= WINDOW;
        return new ModelOutcome(m, alphaStar, d, crossing, ok ? Status.PASS : Status.FAIL,
                String.format(Locale.ROOT, "fraction crosses 1/2 at alpha/alpha* = %.3f (d=%d; accepted within %.2f "
                        + "of 1)", crossing, d, WINDOW));
    }

    /** Linear interpolation of the first downward crossing of 1/2 (NaN when there is none). */
    static double crossing(double[] x, double[] f) {
        int prev = -1;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(f[i])) {
                continue;
            }
            if (f[i] == 0.5) {
                return x[i];
            }
            if (prev >= 0 && f[prev] > 0.5 && f[i] < 0.5) {
                return x[prev] + (f[prev] - 0.5) / (f[prev] - f[i]) * (x[i] - x[prev]);
            }
            prev = i;
        }
        return Double.NaN;
    }
}
