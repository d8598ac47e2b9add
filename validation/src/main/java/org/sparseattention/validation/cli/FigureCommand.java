package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.validation.core.ErmRows;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;
import org.sparseattention.validation.stats.SampleSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sta figure}: the headline figure, theory lines and simulation points. */
@Command(name = "figure", mixinStandardHelpOptions = true,
        description = "The headline figure: test error vs alpha1 for the three models, theory lines and simulation "
                + "points with error bars. alpha1 counts D1 only: attention also used alpha0 d samples for its query.")
final class FigureCommand extends BaseCommand {
    /** Quasi-Monte Carlo points of the figure's attention line (error bars ~1e-4, invisible at this scale). */
    static final int FIGURE_QMC_POINTS = 512;

    @Option(names = "--d", paramLabel = "D", defaultValue = "500", description = "dimension of the simulation (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "4", description = "trials per simulated point (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class, defaultValue = "0.5,1,2,4,8",
            description = "alpha1 of the simulated points (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Option(names = "--theory-alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class,
            description = "alpha1 of the theory lines (default: 20 points geometrically spaced from 0.25 to 8)")
    DoubleList theoryAlpha1;

    @Mixin
    SimulationOptions simulation;

    @Mixin
    ShardOptions sharding;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "a named figure: default, paper-error, paper-align, capacity-phase, oracle-scaling, joint "
                    + "(see --list-presets); options given on the command line override the preset's")
    String preset;

    @Option(names = "--list-presets", description = "list the presets with what each shows, and exit")
    boolean listPresets;

    @Override
    protected int run(RunContext ctx) {
        if (listPresets) {
            for (FigurePreset p : FigurePreset.values()) {
                ctx.stdout().printf("%-15s %s%n%-15s   sta %s%n", p.label(), p.description(), "",
                        String.join(" ", p.arguments(List.of())));
            }
            ctx.stdout().flush();
            return ExitCodes.OK;
        }
        if (preset != null) {
            return runPreset(FigurePreset.parse(preset));
        }
        ModelSettings s = common.settings();
        s.params();
        List<Model> models = common.models();
        double[] a = CurveCommand.positive("--alpha1", alpha1.values());
        double[] ta = theoryAlpha1 == null ? geometric(0.25, 8, 20)
                : CurveCommand.positive("--theory-alpha1", theoryAlpha1.values());
        SimulationOptions.dims(new int[] {d});
        SimulationOptions.trials(trials);
        List<String> skipped = new ArrayList<>();
        List<SimulationBatch.Task> tasks = SimulationBatch.tasks(s, models, d, a, simulation.testSamples(), 0, 0.5,
                common.seed(), skipped::add);
        SparseTokenTheory theory = s.theory(precision.theory(common.seed(), FIGURE_QMC_POINTS));
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        inputsChecked();
        skipped.forEach(ctx::warn);
        if (units.isShard()) {
            // a shard simulates its trials; the theory lines and the picture are the merge's
            SimulationBatch.run(threads, tasks, trials, ctx.progress("trials", tasks.size() * trials,
                    SimulationBatch.cost(tasks, trials)), units);
            return sharding.finish(ctx, spec, units);
        }

        Table table = new Table(ErmRows.header("source", "model", "alpha1", "test_error", "test_error_err", "d",
                "trials", "train_loss", "train_error"));
        Map<Model, List<ErmSolution>> curves = TheoryCurves.of(theory, models, ta,
                ctx.progress("theory points", models.size() * ta.length));
        String caption = "alpha1 = n1/d counts D1 only; attention also used alpha0 d = " + ModelSettings.g(s.alpha0())
                + " d samples (D0) for its query";
        LinePlot plot = new LinePlot("Test error vs alpha1: theory (lines) and simulation at d=" + d + ", " + trials
                + " trials (points, +-1 s.e.)", caption, "test error (log scale)").logY().yPattern("0.0##")
                .note(s.summary().replace(" ", "\n"));
        for (Model m : models) {
            List<ErmSolution> curve = curves.get(m);
            for (ErmSolution r : curve) {
                table.add(ErmRows.row(r, "theory", m.label(), r.alpha(), r.testError(), r.testErrorErr(), null, null,
                        r.trainLoss(), r.trainError()));
            }
            double[][] xy = ErmRows.plottable(curve);
            if (xy[0].length > 0) {
                plot.line(m.label() + " theory", xy[0], xy[1], xy[2], Palette.series(m.ordinal()));
                if (Palette.dashed(m.ordinal())) {
                    plot.dash(m.label() + " theory");
                }
            }
        }
        List<SimPoint> points = SimulationBatch.run(threads, tasks, trials, ctx.progress("trials",
                tasks.size() * trials, SimulationBatch.cost(tasks, trials)), units);
        for (Model m : models) {
            List<double[]> xy = new ArrayList<>();
            for (SimPoint p : points) {
                if (p.model() == m) {
                    SampleSummary te = p.summary(TrialResult::testError);
                    table.add("simulation", m.label(), p.alpha1(), te.mean(), te.stderr(), d, trials,
                            p.summary(TrialResult::trainLoss).mean(), p.summary(TrialResult::trainError).mean(),
                            null, null, null, null);
                    xy.add(new double[] {p.alpha1(), te.mean(), te.stderr()});
                }
            }
            if (!xy.isEmpty()) {
                plot.points(m.label() + " simulation d=" + d, SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1),
                        SimulateCommand.col(xy, 2), Palette.series(m.ordinal()), Palette.marker(m.ordinal()));
            }
        }
        ctx.writeCsv("figure.csv", table);
        plot.save(ctx.file("figure.png"));
        ctx.file("figure.svg");
        ctx.manifest("caption", caption);
        ctx.manifest("theory_options", theory.options().toString());
        ctx.print(table, "figure.csv");
        ctx.stdout().println(caption);
        ctx.stdout().println("figure: " + ctx.out().resolve("figure.png"));
        return ExitCodes.OK;
    }

    /** Runs a preset: its subcommand with the preset's options followed by the user's. */
    private int runPreset(FigurePreset p) {
        List<String> user = new ArrayList<>();
        List<String> original = spec.root().commandLine().getParseResult().originalArgs();
        int start = original.indexOf("figure") + 1;
        for (int i = start; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--preset")) {
                i++;
            } else if (!a.startsWith("--preset=")) {
                user.add(a);
            }
        }
        picocli.CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        cl.setOverwrittenOptionsAllowed(true);
        return cl.execute(p.arguments(user));
    }

    /** {@code n} points from {@code a} to {@code b}, evenly spaced in {@code log}. */
    static double[] geometric(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i == n - 1 ? b : a * Math.pow(b / a, i / (double) (n - 1));
        }
        return out;
    }
}
