package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.ReadoutTheory;
import org.sparseattention.theory.numerics.ParallelMap;
import org.sparseattention.validation.core.ErmRows;
import org.sparseattention.validation.core.GridParameter;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.RidgeOptimum;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.core.WarmErmSolver;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;
import org.sparseattention.validation.plot.SmallMultiples;
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

    /** Options of the preset's own subcommand (e.g. capacity's --grid), passed on with --preset. */
    @picocli.CommandLine.Unmatched
    List<String> passedOn = new ArrayList<>();

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
        if (!passedOn.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s) " + String.join(" ", passedOn)
                    + " (options of another subcommand need --preset; see 'sta figure --help')");
        }
        LambdaOption lam = common.lambda();
        ModelSettings s = lam.isSingle() ? common.settings() : common.settingsAnyLambda();
        s.params();
        List<Model> models = common.models();
        double[] a = CurveCommand.positive("--alpha1", alpha1.values());
        double[] ta = theoryAlpha1 == null ? geometric(0.25, 8, 20)
                : CurveCommand.positive("--theory-alpha1", theoryAlpha1.values());
        SimulationOptions.dims(new int[] {d});
        SimulationOptions.trials(trials);
        SimulationBatch.requireSamples(s, models, new int[] {d}, a);
        SparseTokenTheory theory = s.theory(precision.theory(common.seed(), FIGURE_QMC_POINTS));
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        inputsChecked();
        if (!lam.isSingle()) {
            return lam.optimise() ? optimalRidge(ctx, s, theory, models, a, ta, units)
                    : ridgeList(ctx, s, theory, models, lam.values(), a, ta, units);
        }
        List<String> skipped = new ArrayList<>();
        List<SimulationBatch.Task> tasks = SimulationBatch.tasks(s, models, d, a, simulation.testSamples(), 0, 0.5,
                common.seed(), skipped::add);
        skipped.forEach(ctx::warn);
        if (units.isShard()) {
            // a shard simulates its trials; the theory lines and the picture are the merge's
            SimulationBatch.run(threads, tasks, trials, ctx.progress("trials", tasks.size() * trials,
                    SimulationBatch.cost(tasks, trials)), units);
            return sharding.finish(ctx, spec, units);
        }

        Table table = new Table(header());
        Map<Model, List<ErmSolution>> curves = TheoryCurves.of(theory, models, ta,
                ctx.progress("theory points", models.size() * ta.length));
        String caption = caption(s);
        LinePlot plot = new LinePlot("Test error vs alpha1: theory (lines) and simulation at d=" + d + ", " + trials
                + " trials (points, +-1 s.e.)", caption, "test error (log scale)").logY().yPattern("0.0##")
                .note(s.summary().replace(" ", "\n"));
        for (Model m : models) {
            List<ErmSolution> curve = curves.get(m);
            for (ErmSolution r : curve) {
                table.add(theoryRow(m, r, ""));
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
                    xy.add(simRow(table, p, s.lambda()));
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
        return done(ctx, table, theory, caption);
    }

    /**
     * {@code --lambda LIST}: per model one theory line per ridge and simulation points at each ridge
     * (the same data at every ridge), one panel per model stacked in {@code figure.png} and each
     * panel also as {@code figure_<model>.png}.
     */
    private int ridgeList(RunContext ctx, ModelSettings s, SparseTokenTheory theory, List<Model> models,
                          double[] ls, double[] a, double[] ta, WorkUnits units) {
        List<String> skipped = new ArrayList<>();
        List<SimulationBatch.Task> tasks = new ArrayList<>();
        List<Double> taskLambda = new ArrayList<>();
        for (double l : ls) {
            for (SimulationBatch.Task t : SimulationBatch.tasks(s.with(GridParameter.LAMBDA, l), models, d, a,
                    simulation.testSamples(), 0, 0.5, common.seed(), skipped::add)) {
                tasks.add(t);
                taskLambda.add(l);
            }
        }
        skipped.forEach(ctx::warn);
        if (units.isShard()) {
            SimulationBatch.run(precision.threads(), tasks, trials, ctx.progress("trials", tasks.size() * trials,
                    SimulationBatch.cost(tasks, trials)), units);
            return sharding.finish(ctx, spec, units);
        }
        Table table = new Table(header());
        Progress progress = ctx.progress("theory points", models.size() * ls.length * ta.length);
        int[] count = {0};
        List<List<List<ErmSolution>>> lines = new ArrayList<>();
        for (Model m : models) {
            List<List<ErmSolution>> perLambda = new ArrayList<>();
            for (double l : ls) {
                int base = count[0];
                List<ErmSolution> c = new ReadoutTheory(m, theory.law(m), theory.loss(), l, theory.options())
                        .curve(ta, (k, n) -> progress.set(base + k));
                perLambda.add(c);
                count[0] += ta.length;
                progress.set(count[0]);
                c.forEach(e -> table.add(theoryRow(m, e, "")));
            }
            lines.add(perLambda);
        }
        List<SimPoint> points = SimulationBatch.run(precision.threads(), tasks, trials, ctx.progress("trials",
                tasks.size() * trials, SimulationBatch.cost(tasks, trials)), units);
        String caption = caption(s);
        List<LinePlot> panels = new ArrayList<>();
        for (int mi = 0; mi < models.size(); mi++) {
            Model m = models.get(mi);
            LinePlot plot = new LinePlot(m.label() + " model: test error vs alpha1 at " + ls.length + " ridges, "
                    + "theory (lines) and simulation at d=" + d + ", " + trials + " trials (points, +-1 s.e.)",
                    caption, "test error").yPattern("0.00")
                    .note(s.summaryWithout(List.of("lambda")).replace(" ", "\n"));
            for (int li = 0; li < ls.length; li++) {
                java.awt.Color colour = ls.length == 1 ? Palette.series(m.ordinal())
                        : Palette.viridis(0.85 * li / (ls.length - 1));
                String name = "lambda=" + ModelSettings.g(ls[li]);
                double[][] xy = ErmRows.plottable(lines.get(mi).get(li));
                if (xy[0].length > 0) {
                    plot.line(name + " theory", xy[0], xy[1], xy[2], colour);
                }
                List<double[]> sim = new ArrayList<>();
                for (int k = 0; k < points.size(); k++) {
                    if (points.get(k).model() == m && taskLambda.get(k) == ls[li]) {
                        sim.add(simRow(table, points.get(k), ls[li]));
                    }
                }
                if (!sim.isEmpty()) {
                    plot.points(name + " simulation", SimulateCommand.col(sim, 0), SimulateCommand.col(sim, 1),
                            SimulateCommand.col(sim, 2), colour);
                }
            }
            plot.save(ctx.file("figure_" + m.label() + ".png"));
            ctx.file("figure_" + m.label() + ".svg");
            panels.add(plot);
        }
        ctx.writeCsv("figure.csv", table);
        SmallMultiples.stack(panels, ctx.file("figure.png"));
        ctx.file("figure.svg");
        return done(ctx, table, theory, caption);
    }

    /**
     * {@code --lambda opt}: per model the theory at the optimal ridge of each point (the search of
     * {@code curve --lambda opt} over the theory and simulated {@code alpha1} together) and the
     * simulation at that ridge; {@code figure_lambda_opt.png} shows the ridge.
     */
    private int optimalRidge(RunContext ctx, ModelSettings s, SparseTokenTheory theory, List<Model> models,
                             double[] a, double[] ta, WorkUnits units) {
        double[] all = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(ta), java.util.Arrays.stream(a))
                .distinct().sorted().toArray();
        Progress progress = ctx.progress("ridge searches", models.size() * all.length);
        List<List<RidgeOptimum.Result>> opt = ParallelMap.map(models.size(), 1,
                k -> RidgeOptimum.curve(new WarmErmSolver(theory, models.get(k)), all, progress::step), () -> { });
        List<String> skipped = new ArrayList<>();
        List<SimulationBatch.Task> tasks = new ArrayList<>();
        List<Double> taskLambda = new ArrayList<>();
        for (int mi = 0; mi < models.size(); mi++) {
            Model m = models.get(mi);
            for (int i = 0; i < a.length; i++) {
                double l = opt.get(mi).get(java.util.Arrays.binarySearch(all, a[i])).lambda();
                SimulationBatch.task(s.with(GridParameter.LAMBDA, l), m, d, a, i, simulation.testSamples(), 0, 0.5,
                        common.seed(), skipped::add).ifPresent(t -> {
                            tasks.add(t);
                            taskLambda.add(l);
                        });
            }
        }
        skipped.forEach(ctx::warn);
        List<SimPoint> points = SimulationBatch.run(precision.threads(), tasks, trials, ctx.progress("trials",
                tasks.size() * trials, SimulationBatch.cost(tasks, trials)), units);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        Table table = new Table(header());
        String caption = caption(s);
        String where = s.summaryWithout(List.of("lambda"));
        LinePlot plot = new LinePlot("Test error at the optimal ridge lambda*(alpha1): theory (lines) and simulation "
                + "at d=" + d + ", " + trials + " trials at that ridge (points, +-1 s.e.)", caption,
                "test error at lambda*").yPattern("0.00").note((where + " lambda=opt").replace(" ", "\n"));
        LinePlot lplot = new LinePlot("Optimal ridge lambda* vs alpha1 (" + where + ")", "alpha1 = n1/d",
                "lambda* (log scale; lambda* = 0 not drawn)");
        boolean drawn = false;
        for (int mi = 0; mi < models.size(); mi++) {
            Model m = models.get(mi);
            List<ErmSolution> sols = new ArrayList<>();
            List<double[]> lxy = new ArrayList<>();
            for (RidgeOptimum.Result r : opt.get(mi)) {
                table.add(theoryRow(m, r.solution(), r.note()));
                sols.add(r.solution());
                if (r.lambda() > 0) {
                    lxy.add(new double[] {r.solution().alpha(), r.lambda()});
                }
            }
            double[][] xy = ErmRows.plottable(sols);
            if (xy[0].length > 0) {
                plot.line(m.label() + " theory", xy[0], xy[1], xy[2], Palette.series(m.ordinal()));
            }
            if (!lxy.isEmpty()) {
                lplot.lineWithMarkers(m.label(), SimulateCommand.col(lxy, 0), SimulateCommand.col(lxy, 1), null,
                        Palette.series(m.ordinal()));
                drawn = true;
            }
            List<double[]> sim = new ArrayList<>();
            for (int k = 0; k < points.size(); k++) {
                if (points.get(k).model() == m) {
                    sim.add(simRow(table, points.get(k), taskLambda.get(k)));
                }
            }
            if (!sim.isEmpty()) {
                plot.points(m.label() + " simulation d=" + d, SimulateCommand.col(sim, 0), SimulateCommand.col(sim, 1),
                        SimulateCommand.col(sim, 2), Palette.series(m.ordinal()));
            }
        }
        ctx.writeCsv("figure.csv", table);
        plot.save(ctx.file("figure.png"));
        ctx.file("figure.svg");
        if (drawn) {
            lplot.logY();
            lplot.save(ctx.file("figure_lambda_opt.png"));
            ctx.file("figure_lambda_opt.svg");
        }
        return done(ctx, table, theory, caption);
    }

    private static String[] header() {
        List<String> h = new ArrayList<>(List.of(ErmRows.header("source", "model", "alpha1", "test_error",
                "test_error_err", "d", "trials", "train_loss", "train_error")));
        h.add("lambda");
        return h.toArray(String[]::new);
    }

    private static Object[] theoryRow(Model m, ErmSolution r, String note) {
        String both = note.isEmpty() ? r.note() : r.note().isEmpty() ? note : note + "; " + r.note();
        return new Object[] {"theory", m.label(), r.alpha(), r.testError(), r.testErrorErr(), null, null,
            r.trainLoss(), r.trainError(), r.regime().label(), r.status().label(), r.iterations(), both, r.lambda()};
    }

    /** Adds the row of a simulated point; returns {@code {alpha1, mean, stderr}} of its test error. */
    private double[] simRow(Table table, SimPoint p, double lambda) {
        SampleSummary te = p.summary(TrialResult::testError);
        table.add("simulation", p.model().label(), p.alpha1(), te.mean(), te.stderr(), d, trials,
                p.summary(TrialResult::trainLoss).mean(), p.summary(TrialResult::trainError).mean(),
                null, null, null, null, lambda);
        return new double[] {p.alpha1(), te.mean(), te.stderr()};
    }

    private static String caption(ModelSettings s) {
        return "alpha1 = n1/d counts D1 only; attention also used alpha0 d = " + ModelSettings.g(s.alpha0())
                + " d samples (D0) for its query";
    }

    private int done(RunContext ctx, Table table, SparseTokenTheory theory, String caption) {
        ctx.manifest("caption", caption);
        ctx.manifest("theory_options", theory.options().toString());
        AttentionSampling.record(ctx, theory);
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
