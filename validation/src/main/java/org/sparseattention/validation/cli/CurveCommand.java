package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;
import org.sparseattention.theory.erm.ReadoutTheory;
import org.sparseattention.theory.numerics.ParallelMap;
import org.sparseattention.validation.core.BudgetSplit;
import org.sparseattention.validation.core.ErmRows;
import org.sparseattention.validation.core.GridAxis;
import org.sparseattention.validation.core.GridParameter;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.RidgeOptimum;
import org.sparseattention.validation.core.SampleComplexity;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.core.WarmErmSolver;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.HeatMap;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sta curve}: theory of the step-4 ERM along a list of {@code alpha1}, a lambda axis, the
 * optimal ridge, any parameter on one or two grid axes, the sample complexity of a target error,
 * and the split of a sample budget between the query and the readout (docs/cli.md, curve).
 */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Theory: test error, training loss and training error of the step-4 ERM versus alpha1; "
                + "also versus lambda (--lambda LIST), at the optimal ridge (--lambda opt), over one or two "
                + "parameter grids (--grid), the alpha1 needed for a target error (--target-error) and the "
                + "optimal split of a sample budget (--budget).")
final class CurveCommand extends BaseCommand {

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class,
            defaultValue = "0.25:8:32", description = "n1/d values, a,b,c or start:stop:count (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Option(names = "--grid", paramLabel = "NAME=LIST",
            description = "grid over theta, L, pi, R, alpha0, beta, eta or lambda, e.g. theta=1:8:30; once (line "
                    + "plot per model) or twice (heat map per model); needs a single --alpha1 or --target-error")
    List<String> grids = new ArrayList<>();

    @Option(names = "--target-error", paramLabel = "EPS",
            description = "report per model (and grid point) the smallest alpha1 whose theory test error is at "
                    + "most EPS, in (0, 1/2) (column alpha1_needed)")
    Double targetError;

    @Option(names = "--compare",
            description = "with --grid: attention's advantage over the best linear model (column advantage = best "
                    + "linear test error - attention test error, and its picture)")
    boolean compare;

    @Mixin
    ShardOptions sharding;

    @Option(names = "--budget", paramLabel = "A",
            description = "total sample ratio A = alpha0 + alpha1: attention's best split (column alpha0_opt) "
                    + "against the linear models given all of A as alpha1")
    Double budget;

    /** One unit of work: a model at one setting of the law, solved at one or several ridges. */
    private record Task(Model model, ModelSettings settings, int i, int j, List<Sub> subs) {
    }

    /** One output point: grid indices and the ridge ({@code NaN} = optimise). */
    private record Sub(int i, int j, double lambda) {
    }

    /** One result row. */
    record Row(Model model, int i, int j, ErmSolution solution, String note, double alpha1Needed,
                       double limit) {
    }

    /** The work units of this run: a model's curve, a (model, lambda) curve or a grid task each. */
    private WorkUnits units;

    @Override
    protected int run(RunContext ctx) {
        ModelSettings base = common.settingsAnyLambda();
        List<Model> models = common.models();
        double[] a = positive("--alpha1", alpha1.values());
        LambdaOption lam = common.lambda();
        if (grids.size() > 2) {
            throw new IllegalArgumentException("--grid may be given at most twice, got " + grids.size());
        }
        List<GridAxis> axes = new ArrayList<>();
        for (String g : grids) {
            axes.add(GridAxis.parse(g, GridParameter.CURVE));
        }
        if (axes.size() == 2 && axes.get(0).parameter() == axes.get(1).parameter()) {
            throw new IllegalArgumentException("--grid: the two grids name the same parameter '"
                    + axes.get(0).parameter().label() + "'");
        }
        boolean lambdaGrid = axes.stream().anyMatch(x -> x.parameter() == GridParameter.LAMBDA);
        if (lambdaGrid && lam.optimise()) {
            throw new IllegalArgumentException("--lambda opt cannot be combined with a lambda grid (--grid lambda=...)");
        }
        if (lambdaGrid && !lam.isSingle()) {
            throw new IllegalArgumentException("--lambda LIST cannot be combined with a lambda grid; give one of them");
        }
        for (GridAxis ax : axes) {
            if (ax.parameter() == GridParameter.LAMBDA) {
                for (double v : ax.values()) {
                    if (!(v >= 0)) {
                        throw new IllegalArgumentException("--grid lambda values must be >= 0, got " + v);
                    }
                }
            }
        }
        if (targetError != null && !(targetError > 0 && targetError < 0.5)) {
            throw new IllegalArgumentException("--target-error must lie in (0, 1/2), got " + targetError);
        }
        if (compare && axes.isEmpty()) {
            throw new IllegalArgumentException("--compare needs --grid");
        }
        if (compare && (!models.contains(Model.ATTENTION) || models.size() < 2)) {
            throw new IllegalArgumentException("--compare needs attention and at least one linear model in --models");
        }
        if (!axes.isEmpty() && !lam.isSingle() && !lam.optimise()) {
            throw new IllegalArgumentException("--lambda LIST cannot be combined with --grid; use --grid lambda=LIST");
        }
        boolean explicitAlpha1 = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--alpha1");
        if (!axes.isEmpty() && targetError == null && budget == null && a.length != 1) {
            throw new IllegalArgumentException("--alpha1: --grid needs a single alpha1 (e.g. --alpha1 2), got "
                    + a.length + " values");
        }
        if (budget != null) {
            if (!axes.isEmpty() || targetError != null) {
                throw new IllegalArgumentException("--budget cannot be combined with --grid or --target-error");
            }
            if (!lam.isSingle()) {
                throw new IllegalArgumentException("--budget needs a single --lambda, got " + lam);
            }
            if (!(budget > BudgetSplit.minimumBudget()) || Double.isInfinite(budget)) {
                throw new IllegalArgumentException("--budget must exceed " + BudgetSplit.minimumBudget()
                        + " (the smallest useful alpha0 " + BudgetSplit.MIN_ALPHA0 + " plus the smallest alpha1 "
                        + BudgetSplit.MIN_ALPHA1 + "), got " + budget);
            }
        }
        if (axes.isEmpty() && targetError == null) {
            base.params();
        }
        // alpha1 curves (no grid, no search) are solved with more points than grids: their bars, not the
        // number of cells, are what they are for
        boolean curve = budget == null && axes.isEmpty() && targetError == null;
        TheoryOptions options = precision.theory(common.seed(),
                curve ? CliDefaults.CURVE_QMC_POINTS : CliDefaults.QMC_POINTS);
        int threads = precision.threads();
        units = sharding.units();
        inputsChecked();
        if (targetError != null && explicitAlpha1) {
            ctx.warn("--alpha1 is not used with --target-error (alpha1 is what is searched)");
        }

        if (budget != null) {
            return budgetSplit(ctx, base, models, options);
        }
        if (axes.isEmpty() && targetError == null) {
            return alphaCurve(ctx, base, models, a, lam, options, threads);
        }
        return gridPoints(ctx, base, models, axes, a[0], lam, options, threads);
    }

    // ---------------------------------------------------------------------------------------
    // alpha1 curves: one ridge, a lambda axis, or the optimal ridge per point

    private int alphaCurve(RunContext ctx, ModelSettings s, List<Model> models, double[] a, LambdaOption lam,
                           TheoryOptions options, int threads) {
        Table table = new Table(header(List.of(), false));
        if (lam.isSingle()) {
            SparseTokenTheory theory = s.theory(options);
            Map<Model, List<ErmSolution>> curves = TheoryCurves.of(theory, models, a,
                    ctx.progress("theory points", models.size() * a.length), units);
            AttentionSampling.record(ctx, theory);
            if (units.isShard()) {
                return sharding.finish(ctx, spec, units);
            }
            for (Model m : models) {
                for (ErmSolution e : curves.get(m)) {
                    table.add(cells(m, List.of(), -1, -1, e, "", false, Double.NaN, Double.NaN).toArray());
                }
            }
            if (a.length == 1) {
                // one point per model is a table, not a curve: no picture, and the plotting classes
                // are never loaded (a single-point command starts and ends in about half a second)
                ctx.writeCsv("curve.csv", table);
                ctx.manifest("picture", "none: a single alpha1 gives one point per model");
                ctx.note("a single alpha1: curve.csv only (give two or more alpha1 values for curve.png)");
                ctx.print(table, "curve.csv");
                return ExitCodes.OK;
            }
            LinePlot plot = new LinePlot("Theory: test error vs alpha1 (" + s.summary() + ")", "alpha1 = n1/d",
                    "test error");
            for (Model m : models) {
                List<ErmSolution> curve = curves.get(m);
                plot.lineWithMarkers(m.label(), a, testErrors(curve), testErrorErrs(curve), Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
            }
            finish(ctx, table, plot);
            return ExitCodes.OK;
        }
        SparseTokenTheory theory = s.theory(options);
        if (!lam.optimise()) {
            double[] ls = lam.values();
            Progress progress = ctx.progress("theory points", models.size() * a.length * ls.length);
            int[] done = {0};
            LinePlot plot = new LinePlot("Theory: test error vs lambda (" + s.summaryWithout(List.of("lambda")) + ")",
                    "lambda (ridge strength, log scale; lambda = 0 not drawn)", "test error");
            boolean drawn = false;
            List<List<List<ErmSolution>>> all = new ArrayList<>();
            for (int mi = 0; mi < models.size(); mi++) {
                Model m = models.get(mi);
                List<List<ErmSolution>> perLambda = new ArrayList<>();
                for (int li = 0; li < ls.length; li++) {
                    double l = ls[li];
                    int base = done[0];
                    ErmSolution[] c = units.get("lambda-curve", mi * ls.length + li, ErmSolution[].class,
                            () -> new ReadoutTheory(m, theory.law(m), theory.loss(), l, options)
                                    .curve(a, (k, n) -> progress.set(base + k))
                                    .toArray(new ErmSolution[0]));
                    perLambda.add(c == null ? null : List.of(c));
                    done[0] += a.length;
                    progress.set(done[0]);
                }
                all.add(perLambda);
            }
            AttentionSampling.record(ctx, theory);
            if (units.isShard()) {
                return sharding.finish(ctx, spec, units);
            }
            for (int mi = 0; mi < models.size(); mi++) {
                Model m = models.get(mi);
                List<List<ErmSolution>> perLambda = all.get(mi);
                for (int k = 0; k < ls.length; k++) {
                    for (ErmSolution e : perLambda.get(k)) {
                        table.add(cells(m, List.of(), -1, -1, e, "", false, Double.NaN, Double.NaN).toArray());
                    }
                }
                for (int ia = 0; ia < a.length; ia++) {
                    List<double[]> xy = new ArrayList<>();
                    for (int k = 0; k < ls.length; k++) {
                        ErmSolution e = perLambda.get(k).get(ia);
                        if (ls[k] > 0) {
                            xy.add(new double[] {ls[k], e.testError(), e.testErrorErr()});
                        }
                    }
                    if (!xy.isEmpty()) {
                        plot.lineWithMarkers(m.label() + (a.length > 1 ? " alpha1=" + ModelSettings.g(a[ia]) : ""),
                                SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1), SimulateCommand.col(xy, 2),
                                Palette.series(m.ordinal() * 3 + ia));
                        drawn = true;
                    }
                }
            }
            if (drawn) {
                plot.logX();
            }
            finish(ctx, table, plot);
            return ExitCodes.OK;
        }
        // --lambda opt: per model a warm-started ridge search at each alpha1 (randomizations in parallel)
        Progress progress = ctx.progress("theory points", models.size() * a.length);
        SparseTokenTheory th = s.theory(options);
        List<List<RidgeOptimum.Result>> res = ParallelMap.map(models.size(), 1, k -> {
            RidgeOptimum.Result[] unit = units.get("lambda-opt", k, RidgeOptimum.Result[].class, () -> {
                WarmErmSolver solver = new WarmErmSolver(th, models.get(k));
                return RidgeOptimum.curve(solver, a, progress::step).toArray(new RidgeOptimum.Result[0]);
            });
            return unit == null ? List.<RidgeOptimum.Result>of() : List.of(unit);
        }, () -> { });
        AttentionSampling.record(ctx, th);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        LinePlot plot = new LinePlot("Theory at the optimal ridge: test error vs alpha1 ("
                + s.summaryWithout(List.of("lambda")) + ")", "alpha1 = n1/d", "test error at lambda*");
        LinePlot lplot = new LinePlot("Optimal ridge lambda* vs alpha1 (" + s.summaryWithout(List.of("lambda")) + ")",
                "alpha1 = n1/d", "lambda* (log scale; lambda* = 0 not drawn)");
        boolean drawn = false;
        for (int k = 0; k < models.size(); k++) {
            Model m = models.get(k);
            List<ErmSolution> sols = new ArrayList<>();
            List<double[]> xy = new ArrayList<>();
            for (RidgeOptimum.Result r : res.get(k)) {
                table.add(cells(m, List.of(), -1, -1, r.solution(), r.note(), false, Double.NaN, Double.NaN).toArray());
                sols.add(r.solution());
                if (r.lambda() > 0) {
                    xy.add(new double[] {r.solution().alpha(), r.lambda()});
                }
            }
            plot.lineWithMarkers(m.label(), a, testErrors(sols), testErrorErrs(sols), Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
            if (!xy.isEmpty()) {
                lplot.lineWithMarkers(m.label(), SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1), null,
                        Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
                drawn = true;
            }
        }
        if (drawn) {
            lplot.logY();
            lplot.save(ctx.file("curve_lambda_opt.png"));
            ctx.file("curve_lambda_opt.svg");
        }
        finish(ctx, table, plot);
        return ExitCodes.OK;
    }

    // ---------------------------------------------------------------------------------------
    // budget split

    private int budgetSplit(RunContext ctx, ModelSettings s, List<Model> models, TheoryOptions options) {
        double total = budget;
        List<String> h = new ArrayList<>(List.of(header(List.of(), false)));
        h.addAll(List.of("budget", "alpha0_opt"));
        Table table = new Table(h.toArray(String[]::new));
        Progress progress = ctx.progress("models", models.size());
        for (Model m : models) {
            List<Object> row;
            if (m == Model.ATTENTION) {
                BudgetSplit.Result r = BudgetSplit.optimise(a0 -> s.with(GridParameter.ALPHA0, a0).theory(options)
                        .solve(Model.ATTENTION, total - a0), total);
                row = cells(m, List.of(), -1, -1, r.solution(), "alpha0 + alpha1 = " + ModelSettings.g(total)
                        + " split optimally", false, Double.NaN, Double.NaN);
                row.add(total);
                row.add(r.alpha0());
            } else {
                ErmSolution e = s.theory(options).solve(m, total);
                row = cells(m, List.of(), -1, -1, e, "all of the budget as alpha1 (no query to learn)", false,
                        Double.NaN, Double.NaN);
                row.add(total);
                row.add(null);
            }
            table.add(row.toArray());
            progress.step();
        }
        ctx.writeCsv("curve.csv", table);
        ctx.print(table, "curve.csv");
        return ExitCodes.OK;
    }

    // ---------------------------------------------------------------------------------------
    // grids and sample complexity

    private int gridPoints(RunContext ctx, ModelSettings base, List<Model> models, List<GridAxis> axes, double a1,
                           LambdaOption lam, TheoryOptions options, int threads) {
        List<Task> tasks = tasks(base, models, axes, lam);
        int total = tasks.stream().mapToInt(t -> t.subs().size()).sum();
        Progress progress = ctx.progress("theory points", total);
        TheoryOptions inner = tasks.size() > 1 && threads > 1 ? options.withThreads(1) : options;
        // with two grids, the cells of one model and first-grid value form a chain along the second grid,
        // each cell's solve starting from its neighbour's solution (one work unit per chain)
        List<List<Task>> chains = new ArrayList<>();
        for (Task t : tasks) {
            List<Task> last = chains.isEmpty() ? null : chains.get(chains.size() - 1);
            if (axes.size() == 2 && last != null && last.get(0).model() == t.model() && last.get(0).i() == t.i()) {
                last.add(t);
            } else {
                chains.add(new ArrayList<>(List.of(t)));
            }
        }
        List<List<Row>> results = ParallelMap.map(chains.size(), chains.size() > 1 ? threads : 1, k -> {
            Row[] unit = units.get("grid", k, Row[].class, () -> {
                List<Row> out = new ArrayList<>();
                WarmErmSolver previous = null;
                for (Task t : chains.get(k)) {
                    WarmErmSolver[] used = {null};
                    out.addAll(solveTask(t, a1, inner, progress, previous, used));
                    previous = used[0] != null ? used[0] : previous;
                }
                return out.toArray(new Row[0]);
            });
            return unit == null ? List.<Row>of() : List.of(unit);
        }, () -> { });
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        List<Row> rows = new ArrayList<>();
        results.forEach(rows::addAll);

        boolean target = targetError != null;
        double[] advantage = compare ? advantage(rows, models) : null;
        Table table = new Table(header(axes, target, compare));
        int undefined = 0;
        int unreachable = 0;
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            if (r.solution() == null && !target) {
                undefined++;
            }
            if (target && r.solution() != null && Double.isNaN(r.alpha1Needed())) {
                unreachable++;
            }
            if (target && r.solution() == null) {
                undefined++;
            }
            List<Object> row = cells(r.model(), axes, r.i(), r.j(), target && Double.isNaN(r.alpha1Needed())
                    ? null : r.solution(), r.solution() == null ? "undefined (R >= L)" : r.note(), target,
                    r.alpha1Needed(), r.limit());
            if (compare) {
                row.add(Double.isNaN(advantage[k]) ? null : advantage[k]);
            }
            table.add(row.toArray());
        }
        if (undefined > 0) {
            ctx.warn(undefined + " of " + rows.size() + " points have R >= L (model undefined); left empty");
        }
        if (unreachable > 0) {
            ctx.warn(unreachable + " of " + rows.size() + " points cannot reach test error " + targetError
                    + ": alpha1_needed left empty, the alpha1 -> infinity limit is in test_error_limit");
        }
        ctx.writeCsv("curve.csv", table);
        plotGrid(ctx, base, models, axes, a1, lam, rows, advantage);
        ctx.print(table, "curve.csv");
        return ExitCodes.OK;
    }

    private static List<Task> tasks(ModelSettings base, List<Model> models, List<GridAxis> axes, LambdaOption lam) {
        List<Task> out = new ArrayList<>();
        int ni = axes.size() > 0 ? axes.get(0).values().length : 1;
        int nj = axes.size() > 1 ? axes.get(1).values().length : 1;
        double fixed = lam.optimise() ? Double.NaN : lam.values()[0];
        int lambdaAxis = -1;
        for (int x = 0; x < axes.size(); x++) {
            if (axes.get(x).parameter() == GridParameter.LAMBDA) {
                lambdaAxis = x;
            }
        }
        for (Model m : models) {
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    if ((lambdaAxis == 0 && i > 0) || (lambdaAxis == 1 && j > 0)) {
                        continue; // the law does not depend on lambda: one task per law, all ridges in it
                    }
                    ModelSettings s = base;
                    for (int x = 0; x < axes.size(); x++) {
                        if (x != lambdaAxis) {
                            s = s.with(axes.get(x).parameter(), axes.get(x).values()[x == 0 ? i : j]);
                        }
                    }
                    List<Sub> subs = new ArrayList<>();
                    if (lambdaAxis < 0) {
                        subs.add(new Sub(i, j, fixed));
                    } else {
                        double[] ls = axes.get(lambdaAxis).values();
                        for (int k = 0; k < ls.length; k++) {
                            subs.add(new Sub(lambdaAxis == 0 ? k : i, lambdaAxis == 1 ? k : j, ls[k]));
                        }
                    }
                    out.add(new Task(m, s, i, j, subs));
                }
            }
        }
        // rows in grid order: model, then i, then j
        return out;
    }

    private List<Row> solveTask(Task t, double a1, TheoryOptions options, Progress progress, WarmErmSolver neighbour,
                                WarmErmSolver[] used) {
        List<Row> out = new ArrayList<>();
        if (!t.settings().isDefined()) {
            for (Sub s : t.subs()) {
                out.add(new Row(t.model(), s.i(), s.j(), null, "", Double.NaN, Double.NaN));
                progress.step();
            }
            return out;
        }
        SparseTokenTheory theory = t.settings().theory(options);
        WarmErmSolver solver = new WarmErmSolver(theory, t.model());
        used[0] = solver;
        double[] guess = {0.01};
        for (Sub s : t.subs()) {
            java.util.function.DoubleFunction<ErmSolution> at = alpha -> {
                if (Double.isNaN(s.lambda())) {
                    RidgeOptimum.Result r = RidgeOptimum.minimise(solver, alpha, guess[0]);
                    guess[0] = r.lambda() > 0 ? r.lambda() : RidgeOptimum.LAMBDA_MIN;
                    return r.solution();
                }
                return solver.solve(alpha, s.lambda(), neighbour);
            };
            if (targetError != null) {
                SampleComplexity.Result r = SampleComplexity.find(at, targetError);
                out.add(new Row(t.model(), s.i(), s.j(), r.solution(), r.note(), r.alpha1Needed(), r.limit()));
            } else if (Double.isNaN(s.lambda())) {
                RidgeOptimum.Result r = RidgeOptimum.minimise(solver, a1, guess[0]);
                out.add(new Row(t.model(), s.i(), s.j(), r.solution(), r.note(), Double.NaN, Double.NaN));
            } else {
                out.add(new Row(t.model(), s.i(), s.j(), solver.solve(a1, s.lambda(), neighbour), "", Double.NaN,
                        Double.NaN));
            }
            progress.step();
        }
        return out;
    }

    /** Best linear test error minus attention's, per row (the same value on every model's row of a point). */
    private static double[] advantage(List<Row> rows, List<Model> models) {
        double[] out = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            double att = Double.NaN;
            double lin = Double.POSITIVE_INFINITY;
            for (Row o : rows) {
                if (o.i() == r.i() && o.j() == r.j() && o.solution() != null) {
                    if (o.model() == Model.ATTENTION) {
                        att = o.solution().testError();
                    } else {
                        lin = Math.min(lin, o.solution().testError());
                    }
                }
            }
            out[k] = Double.isFinite(lin) ? lin - att : Double.NaN;
        }
        return out;
    }

    private void plotGrid(RunContext ctx, ModelSettings base, List<Model> models, List<GridAxis> axes, double a1,
                          LambdaOption lam, List<Row> rows, double[] advantage) {
        boolean target = targetError != null;
        Set<String> swept = new HashSet<>();
        axes.forEach(x -> swept.add(x.parameter().label()));
        if (lam.optimise()) {
            swept.add("lambda");
        }
        String where = base.summaryWithout(swept) + (lam.optimise() ? " lambda=opt" : "")
                + (target ? "" : " alpha1=" + ModelSettings.g(a1));
        String what = target ? "alpha1 needed for test error " + ModelSettings.g(targetError) : "test error";
        if (axes.isEmpty()) {
            return; // --target-error alone: the table is the answer
        }
        if (axes.size() == 1) {
            GridAxis ax = axes.get(0);
            LinePlot plot = new LinePlot("Theory: " + what + " vs " + ax.parameter().label() + " (" + where + ")",
                    ax.parameter().label(), target ? "alpha1_needed (log scale)" : "test error");
            for (Model m : models) {
                List<double[]> xy = new ArrayList<>();
                for (Row r : rows) {
                    if (r.model() == m && r.solution() != null) {
                        double v = target ? r.alpha1Needed() : r.solution().testError();
                        if (!Double.isNaN(v)) {
                            xy.add(new double[] {ax.values()[r.i()], v, target ? 0 : r.solution().testErrorErr()});
                        }
                    }
                }
                if (!xy.isEmpty()) {
                    plot.lineWithMarkers(m.label(), SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1),
                            target ? null : SimulateCommand.col(xy, 2), Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
                }
            }
            if (target) {
                plot.logY();
            }
            if (ax.parameter() == GridParameter.LAMBDA || ax.parameter() == GridParameter.L) {
                plot.logXIfWide(ax.values());
            }
            plot.save(ctx.file("curve.png"));
            ctx.file("curve.svg");
            if (advantage != null) {
                LinePlot cmp = new LinePlot("Attention's advantage over the best linear model vs "
                        + ax.parameter().label() + " (" + where + ")", ax.parameter().label(),
                        "best linear test error - attention test error");
                List<double[]> xy = new ArrayList<>();
                for (int k = 0; k < rows.size(); k++) {
                    if (rows.get(k).model() == Model.ATTENTION && !Double.isNaN(advantage[k])) {
                        xy.add(new double[] {ax.values()[rows.get(k).i()], advantage[k]});
                    }
                }
                if (!xy.isEmpty()) {
                    cmp.lineWithMarkers("advantage", SimulateCommand.col(xy, 0), SimulateCommand.col(xy, 1), null,
                            Palette.series(0));
                }
                cmp.save(ctx.file("curve_compare.png"));
                ctx.file("curve_compare.svg");
            }
            return;
        }
        GridAxis ax = axes.get(0);
        GridAxis ay = axes.get(1);
        for (Model m : models) {
            String[] title = {"Theory: " + what + ", " + m.label() + " model", where,
                ax.parameter().label() + " and " + ay.parameter().label() + " vary"};
            heatMap(title, m, ax, ay, rows, target).save(ctx.file("curve_" + m.label() + ".png"));
            ctx.file("curve_" + m.label() + ".svg");
        }
        if (advantage != null) {
            double[][] z = grid(ax, ay);
            for (int k = 0; k < rows.size(); k++) {
                Row r = rows.get(k);
                if (r.model() == Model.ATTENTION) {
                    z[r.i()][r.j()] = advantage[k];
                }
            }
            String[] title = {"Attention's advantage over the best linear model (" + what + ")", where,
                "advantage = best linear - attention; > 0 where attention is better"};
            new HeatMap(title, ax.parameter().label(), ax.values(), ay.parameter().label(), ay.values(), z,
                    "advantage").undefinedLabel("undefined (R >= L) or a failed point")
                    .save(ctx.file("curve_compare.png"));
            ctx.file("curve_compare.svg");
        }
    }

    /**
     * The heat map of one model: test error (or {@code alpha1} needed) per cell, grey where the model
     * is undefined ({@code R >= L}), dark red where the target error is not reached at any
     * {@code alpha1}, hatched where the theory point's status is not ok (failed or singular).
     */
    static HeatMap heatMap(String[] title, Model m, GridAxis ax, GridAxis ay, List<Row> rows, boolean target) {
        double[][] z = grid(ax, ay);
        boolean[][] failed = new boolean[ax.values().length][ay.values().length];
        for (Row r : rows) {
            if (r.model() == m && r.solution() != null) {
                boolean ok = r.solution().status() == PointStatus.OK;
                failed[r.i()][r.j()] = !ok;
                z[r.i()][r.j()] = !ok ? Double.NaN : target ? (Double.isNaN(r.alpha1Needed())
                        ? Double.POSITIVE_INFINITY : r.alpha1Needed()) : r.solution().testError();
            }
        }
        return new HeatMap(title, ax.parameter().label(), ax.values(), ay.parameter().label(), ay.values(), z,
                target ? "alpha1_needed" : "test error").undefinedLabel("undefined (R >= L)")
                .infiniteLabel("target not reached at any alpha1")
                .hatch(failed, "theory point failed (status not ok; no value)");
    }

    private static double[][] grid(GridAxis ax, GridAxis ay) {
        double[][] z = new double[ax.values().length][ay.values().length];
        for (double[] col : z) {
            java.util.Arrays.fill(col, Double.NaN);
        }
        return z;
    }

    // ---------------------------------------------------------------------------------------
    // table helpers

    private String[] header(List<GridAxis> axes, boolean target) {
        return header(axes, target, false);
    }

    /** Columns: model, the grid names, the usual ones, lambda (unless a grid), note, then the mode's own. */
    static String[] header(List<GridAxis> axes, boolean target, boolean compare) {
        List<String> h = new ArrayList<>(List.of("model"));
        axes.forEach(x -> h.add(x.parameter().label()));
        h.addAll(List.of("loss", "alpha1", "test_error", "test_error_err", "train_loss", "train_error", "residual",
                "train_loss_err", "train_error_err", "weight_norm2"));
        if (axes.stream().noneMatch(x -> x.parameter() == GridParameter.LAMBDA)) {
            h.add("lambda");
        }
        h.addAll(ErmRows.COLUMNS);
        if (target) {
            h.addAll(List.of("target_error", "alpha1_needed", "test_error_limit"));
        }
        if (compare) {
            h.add("advantage");
        }
        return h.toArray(String[]::new);
    }

    private List<Object> cells(Model m, List<GridAxis> axes, int i, int j, ErmSolution e, String note,
                               boolean target, double needed, double limit) {
        List<Object> row = new ArrayList<>(List.of(m.label()));
        for (int x = 0; x < axes.size(); x++) {
            GridAxis ax = axes.get(x);
            int idx = x == 0 ? i : j;
            row.add(ax.parameter() == GridParameter.LAMBDA ? ax.values()[idx] : ax.cell(idx));
        }
        row.add(common.settingsAnyLambda().loss());
        if (e == null) {
            for (int k = 0; k < 9; k++) {
                row.add(null);
            }
        } else {
            row.addAll(List.of(e.alpha(), e.testError(), e.testErrorErr(), e.trainLoss(), e.trainError(),
                    e.residual(), e.trainLossErr(), e.trainErrorErr(), e.weightNormSquared()));
        }
        if (axes.stream().noneMatch(x -> x.parameter() == GridParameter.LAMBDA)) {
            row.add(e == null ? null : e.lambda());
        }
        if (e == null) {
            row.addAll(java.util.Arrays.asList(null, null, null, note));
        } else {
            Object[] c = ErmRows.cells(e);
            String both = note == null || note.isEmpty() ? e.note() : e.note().isEmpty() ? note : note + "; " + e.note();
            row.addAll(java.util.Arrays.asList(c[0], c[1], c[2], both));
        }
        if (target) {
            row.add(targetError);
            row.add(Double.isNaN(needed) ? null : needed);
            row.add(Double.isNaN(limit) ? null : limit);
        }
        return row;
    }

    private static double[] testErrors(List<ErmSolution> c) {
        return c.stream().mapToDouble(ErmSolution::testError).toArray();
    }

    private static double[] testErrorErrs(List<ErmSolution> c) {
        return c.stream().mapToDouble(ErmSolution::testErrorErr).toArray();
    }

    private static void finish(RunContext ctx, Table table, LinePlot plot) {
        ctx.writeCsv("curve.csv", table);
        plot.save(ctx.file("curve.png"));
        ctx.file("curve.svg");
        ctx.print(table, "curve.csv");
    }

    /** Checks that every value is finite and positive. */
    static double[] positive(String option, double[] v) {
        for (double x : v) {
            if (!(x > 0)) {
                throw new IllegalArgumentException(option + " values must be > 0, got " + x);
            }
        }
        return v;
    }
}
