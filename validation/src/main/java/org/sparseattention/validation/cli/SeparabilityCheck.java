package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sparseattention.simulation.SeparabilityExperiment;
import org.sparseattention.simulation.SeparabilityResult;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

/**
 * Finite-size capacity check: the fraction of separable data sets versus {@code alpha / alpha*}
 * at two dimensions, next to the theory's {@code alpha*} (it should cross 1/2 near 1).
 */
final class SeparabilityCheck {
    private final ModelSettings settings;
    private final List<Model> models;
    private final int[] dims;
    private final double[] factors;
    private final int trials;
    private final int testSamples;

    SeparabilityCheck(ModelSettings settings, List<Model> models, int[] dims, double[] factors, int trials,
                      int testSamples) {
        this.settings = settings;
        this.models = models;
        this.dims = SimulationOptions.dims(dims);
        this.factors = CurveCommand.positive("--sep-factors", factors);
        this.trials = SimulationOptions.trials(trials);
        this.testSamples = testSamples;
    }

    /** Runs the check, writes separability.csv and separability.png. */
    void run(RunContext ctx, TheoryOptions options, int threads, long seed) {
        Table table = new Table("model", "d", "alpha", "alpha_over_alpha_star", "trials", "separable", "fraction",
                "stderr", "alpha_star");
        Progress progress = ctx.progress("separability tests", models.size() * dims.length * factors.length * trials);
        LinePlot plot = new LinePlot("Finite-d capacity: fraction of separable data sets (" + settings.summary() + ")",
                "alpha / alpha*(theory)", "fraction separable").legendInside();
        int done = 0;
        try (SeparabilityExperiment exp = new SeparabilityExperiment(threads)) {
            for (Model m : models) {
                CapacityResult cap = settings.theory(options).capacity(m);
                if (!Double.isFinite(cap.alphaStar())) {
                    ctx.warn("separability: skipping " + m.label() + " (alpha* not resolved: "
                            + ModelSettings.g(cap.alphaStar()) + ")");
                    done += dims.length * factors.length * trials;
                    progress.set(done);
                    continue;
                }
                for (int di = 0; di < dims.length; di++) {
                    List<double[]> xy = new ArrayList<>();
                    for (int fi = 0; fi < factors.length; fi++) {
                        double alpha = factors[fi] * cap.alphaStar();
                        SimulationConfig cfg = settings.simulation(dims[di], alpha, testSamples, 0, 0.5);
                        if (!SimulationBatch.fits(m, cfg)) {
                            ctx.warn(String.format(Locale.ROOT, "separability: skipping %s at d=%d alpha=%.3g "
                                    + "(design above 1 GB)", m.label(), dims[di], alpha));
                            done += trials;
                            progress.set(done);
                            continue;
                        }
                        SeparabilityResult r = exp.run(ModelSettings.sim(m), cfg, trials,
                                SimulationBatch.seed(seed, dims[di], fi));
                        done += trials;
                        progress.set(done);
                        table.add(m.label(), dims[di], alpha, factors[fi], r.trials(), r.separable(), r.fraction(),
                                r.stderr(), cap.alphaStar());
                        xy.add(new double[] {factors[fi], r.fraction(), r.stderr()});
                    }
                    if (!xy.isEmpty()) {
                        String name = m.label() + " d=" + dims[di] + " (alpha*=" + ModelSettings.g(cap.alphaStar()) + ")";
                        plot.lineWithMarkers(name, SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1),
                                SimulateCommand.col(xy, 2), di == 0 ? Palette.series(m.ordinal())
                                        : Palette.series(m.ordinal()).darker().darker());
                    }
                }
            }
        }
        plot.dashed("alpha = alpha*", new double[] {1, 1}, new double[] {0, 1}, java.awt.Color.GRAY);
        ctx.writeCsv("separability.csv", table);
        plot.save(ctx.file("separability.png"));
        ctx.file("separability.svg");
        ctx.stdout().println();
        ctx.stdout().println("Finite-d capacity (fraction separable should cross 1/2 near alpha/alpha* = 1):");
        ctx.print(table, "separability.csv");
    }
}
