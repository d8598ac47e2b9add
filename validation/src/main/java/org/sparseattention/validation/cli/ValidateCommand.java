package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.Simulator;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;
import org.sparseattention.validation.core.Comparison;
import org.sparseattention.validation.core.Comparisons;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.Verdict;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.stats.Extrapolation;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.PanelGrid;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sta validate}: theory against simulation at several {@code d}, with a verdict. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Theory and simulation side by side at several d: gap, z-score, and a verdict per model and "
                + "quantity judged on the gap extrapolated to d -> infinity (exit 3 when it fails, 4 when the design cannot "
                + "detect a 5%% relative error); plus the finite-d capacity check (part of the verdict).")
final class ValidateCommand extends BaseCommand {

    @Option(names = "--d", paramLabel = "LIST", converter = IntList.Converter.class, defaultValue = "250,500,1000,2000",
            description = "dimensions (default: ${DEFAULT-VALUE})")
    IntList d;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "8", description = "trials per point, >= 2 (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class, defaultValue = "1,2,4",
            description = "n1/d values (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Option(names = "--separability", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run the finite-d capacity check (default: ${DEFAULT-VALUE})")
    boolean separability;

    @Option(names = "--sep-d", paramLabel = "LIST", converter = IntList.Converter.class, defaultValue = "100,200",
            description = "the two dimensions of the capacity check (default: ${DEFAULT-VALUE})")
    IntList sepD;

    @Option(names = "--sep-trials", paramLabel = "T", defaultValue = "10",
            description = "data sets per point of the capacity check (default: ${DEFAULT-VALUE})")
    int sepTrials;

    @Option(names = "--sep-factors", paramLabel = "LIST", converter = DoubleList.Converter.class,
            defaultValue = "0.6,0.8,0.9,1,1.1,1.2,1.4",
            description = "alpha / alpha* values of the capacity check (default: ${DEFAULT-VALUE})")
    DoubleList sepFactors;

    @Mixin
    SimulationOptions simulation;

    @Mixin
    ShardOptions sharding;

    @Override
    protected int run(RunContext ctx) {
        ModelSettings s = common.settings();
        s.params();
        List<Model> models = common.models();
        double[] a = CurveCommand.positive("--alpha1", alpha1.values());
        int[] dims = distinctDims(SimulationOptions.dims(d.values()));
        if (SimulationOptions.trials(trials) < 2) {
            throw new IllegalArgumentException("--trials must be >= 2 for validate (the verdict uses trials - 1 "
                    + "degrees of freedom), got " + trials);
        }
        int testSamples = simulation.testSamples();
        SimulationBatch.requireSamples(s, models, dims, a);
        double maxAlpha = Arrays.stream(a).max().orElseThrow();
        List<SimulationBatch.Task> tasks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Model m : models) {
            for (int dim : dims) {
                SimulationConfig largest = s.simulation(dim, maxAlpha, testSamples, 0, 0.5);
                if (!SimulationBatch.fits(m, largest)) {
                    notes.add(String.format(Locale.ROOT, "%s stops at d=%s: at d=%d, alpha1=%s its n1 x L d design "
                            + "needs %.2f GB > 1 GB", m.label(), lastFitting(dims, dim), dim, ModelSettings.g(maxAlpha),
                            Simulator.vectorizedDesignBytes(largest) / 1e9));
                    break;
                }
                for (int i = 0; i < a.length; i++) {
                    tasks.add(new SimulationBatch.Task(m, s.simulation(dim, a[i], testSamples, 0, 0.5),
                            SimulationBatch.seed(common.seed(), dim, i)));
                }
            }
        }
        SeparabilityCheck sep = separability
                ? new SeparabilityCheck(s, models, sepD.values(), sepFactors.values(), sepTrials, testSamples) : null;
        TheoryOptions options = precision.theory(common.seed());
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        inputsChecked();
        if (units.isShard()) {
            // a shard simulates its trials and separability tests; the theory and the verdict are the merge's
            SimulationBatch.run(threads, tasks, trials, ctx.progress("trials", tasks.size() * trials,
                    SimulationBatch.cost(tasks, trials)), units);
            if (sep != null) {
                sep.run(ctx, options, threads, common.seed(), units);
            }
            return sharding.finish(ctx, spec, units);
        }
        notes.forEach(ctx::note);

        SparseTokenTheory theory = s.theory(options);
        Map<Model, List<ErmSolution>> erm = TheoryCurves.of(theory, models, a,
                ctx.progress("theory points", models.size() * a.length));
        erm.values().forEach(curve -> curve.stream().filter(e -> e.status() != PointStatus.OK).forEach(e -> ctx.warn(
                String.format(Locale.ROOT, "theory %s alpha1=%s: status %s (%s); its rows have no theory value",
                        e.model().label(), ModelSettings.g(e.alpha()), e.status().label(), e.note()))));
        AttentionSampling.record(ctx, theory);
        AlignmentResult alignment = models.contains(Model.ATTENTION) ? theory.alignment() : null;
        List<SimPoint> points = SimulationBatch.run(threads, tasks, trials, ctx.progress("trials",
                tasks.size() * trials, SimulationBatch.cost(tasks, trials)), units);

        List<Comparison> rows = new ArrayList<>();
        for (SimPoint p : points) {
            int ai = indexOf(a, p.alpha1());
            rows.addAll(Comparisons.of(s.loss(), erm.get(p.model()).get(ai), alignment, p));
        }
        Table table = new Table("model", "loss", "alpha1", "d", "quantity", "theory", "sim_mean", "sim_stderr", "gap",
                "z_score", "theory_err", "sim_std", "trials");
        for (Comparison c : rows) {
            table.add(c.model(), c.loss(), c.alpha1(), c.d(), c.quantity(), c.theory(), c.simMean(), c.simStderr(),
                    c.gap(), c.zScore(), c.theoryErr(), c.simStd(), c.trials());
        }
        Verdict.Report report = Verdict.judge(rows);
        Table verdictTable = new Table("model", "quantity", "points", "max_abs_z", "bias_c", "bias_c_err",
                "std_exponent", "std_exponent_err", "bonferroni_bound", "pass", "extrapolated_max_abs_z",
                "extrapolated_alpha1", "extrapolated_bound", "relative_gap", "relative_gap_err", "relative_bound",
                "detectable_relative_error", "gof_chi2", "gof_dof", "gof_p");
        for (Verdict v : report.groups()) {
            verdictTable.add(v.model(), v.quantity(), v.points(), v.maxAbsZ(), v.biasC(), v.biasCErr(),
                    v.stdExponent(), v.stdExponentErr(), v.bound(), v.pass() ? "pass" : "FAIL",
                    v.maxAbsZExtrapolated(), v.worstAlpha1(), v.extrapolatedBound(), v.relativeGap(),
                    v.relativeGapErr(), v.relativeBound(), v.detectable(), v.gofChi2(), v.gofDof(), v.gofP());
        }
        Table extrapolation = new Table("model", "quantity", "alpha1", "theory", "theory_err", "dims",
                "extrapolated_gap", "extrapolated_gap_err", "bias_c", "bias_c_err", "sigma", "dof", "z", "bound",
                "gof_chi2", "gof_dof", "gof_p", "pass");
        for (Verdict.Point p : report.points()) {
            Extrapolation f = p.fit();
            if (f == null) {
                extrapolation.add(p.model(), p.quantity(), p.alpha1(), p.theory(), p.theoryErr(), 1, null, null, null,
                        null, null, null, null, null, null, null, null, "no extrapolation (one d)");
            } else {
                extrapolation.add(p.model(), p.quantity(), p.alpha1(), p.theory(), p.theoryErr(), f.dims(), f.gap(),
                        f.gapErr(), f.c(), f.cErr(), f.sigma(), f.dof(), f.z(), p.bound(), f.chi2Dof() > 0 ? f.chi2()
                        : null, f.chi2Dof(), f.gofP(), p.pass() ? "pass" : "FAIL");
            }
        }
        ctx.writeCsv("validate.csv", table);
        ctx.writeCsv("extrapolation.csv", extrapolation);
        smallMultiples(s.summary(), rows, report).save(ctx.file("validate.png"));
        ctx.file("validate.svg");
        ctx.print(table, "validate.csv");
        Verdict.Outcome outcome = report.outcome();
        List<String> reasons = new ArrayList<>();
        if (!report.reason().isEmpty()) {
            reasons.add(report.reason());
        }
        if (sep != null) {
            List<SeparabilityCheck.ModelOutcome> capacity = sep.run(ctx, options, threads, common.seed(), units);
            Table capTable = new Table("model", "d", "alpha_star", "crossing_alpha_over_alpha_star", "window",
                    "outcome", "note");
            for (SeparabilityCheck.ModelOutcome o : capacity) {
                capTable.add(o.model().label(), o.d(), Double.isFinite(o.alphaStar()) ? o.alphaStar() : null,
                        o.crossing(), SeparabilityCheck.WINDOW, o.status().name().toLowerCase(Locale.ROOT), o.note());
                verdictTable.add(o.model().label(), "separability_crossing", 1, null, null, null, null, null, null,
                        o.status() == SeparabilityCheck.Status.PASS ? "pass"
                                : o.status() == SeparabilityCheck.Status.FAIL ? "FAIL" : "inconclusive",
                        null, null, null, Double.isFinite(o.crossing()) ? o.crossing() - 1 : null, null,
                        SeparabilityCheck.WINDOW, null, null, null, null);
                if (o.status() == SeparabilityCheck.Status.FAIL) {
                    outcome = Verdict.Outcome.FAILED;
                    reasons.add("capacity check of " + o.model().label() + ": " + o.note());
                } else if (o.status() == SeparabilityCheck.Status.UNRESOLVED) {
                    if (outcome == Verdict.Outcome.PASSED) {
                        outcome = Verdict.Outcome.INCONCLUSIVE;
                    }
                    reasons.add("capacity check of " + o.model().label() + ": " + o.note());
                }
            }
            ctx.writeCsv("capacity_check.csv", capTable);
        }
        ctx.writeCsv("verdict.csv", verdictTable);
        ctx.stdout().println();
        ctx.stdout().printf(Locale.ROOT, "Verdict (%d rows, %d trials; the gap extrapolated to d -> infinity by the "
                + "fit gap = e + c/d per alpha1, %d tests in one Bonferroni family at 5%%, Student t):%n", rows.size(),
                trials, report.tests());
        ctx.print(verdictTable, "verdict.csv");
        String word = switch (outcome) {
            case PASSED -> "validation PASSED";
            case FAILED -> "validation FAILED";
            case INCONCLUSIVE -> "validation INCONCLUSIVE";
        };
        ctx.stdout().println(reasons.isEmpty() ? word : word + ": " + String.join("; ", reasons));
        ctx.manifest("verdict", switch (outcome) {
            case PASSED -> "pass";
            case FAILED -> "fail";
            case INCONCLUSIVE -> "inconclusive";
        });
        return switch (outcome) {
            case PASSED -> ExitCodes.OK;
            case FAILED -> ExitCodes.VALIDATION_FAILED;
            case INCONCLUSIVE -> ExitCodes.INCONCLUSIVE;
        };
    }

    /** Sorted dimensions; at least two, no repetition (the verdict extrapolates in 1/d). */
    static int[] distinctDims(int[] dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("--d lists " + sorted[i] + " twice; give at least two distinct "
                        + "dimensions (the verdict extrapolates in 1/d)");
            }
        }
        if (sorted.length < 2) {
            throw new IllegalArgumentException("--d needs at least two distinct dimensions (the verdict extrapolates "
                    + "in 1/d), got " + sorted.length);
        }
        return sorted;
    }

    /** Tile size of the small multiples. */
    private static final int TILE_WIDTH = 560;
    private static final int TILE_HEIGHT = 400;

    /**
     * The small multiples of validate.png: one panel per model and quantity (rows: models, columns:
     * quantities), each with the simulation mean +- 1 s.e. versus {@code 1/d} per {@code alpha1},
     * the theory at {@code 1/d = 0} with its error bar, and the verdict's fit
     * {@code theory + e + c/d} (dashed).
     */
    static PanelGrid smallMultiples(String summary, List<Comparison> rows, Verdict.Report report) {
        List<String> models = new ArrayList<>();
        List<String> quantities = new ArrayList<>();
        for (Comparison c : rows) {
            if (!models.contains(c.model())) {
                models.add(c.model());
            }
            if (!quantities.contains(c.quantity())) {
                quantities.add(c.quantity());
            }
        }
        double[] alphas = rows.stream().mapToDouble(Comparison::alpha1).distinct().sorted().toArray();
        double maxInv = rows.stream().mapToDouble(c -> 1.0 / c.d()).max().orElse(1);
        PanelGrid grid = new PanelGrid(new String[] {
            "Simulation approaching the theory as d grows (" + summary + ")",
            "each panel: one model and quantity; does the simulation, extrapolated in 1/d, land on the theory?"}, quantities.size(), TILE_WIDTH,
                TILE_HEIGHT);
        for (String m : models) {
            for (String q : quantities) {
                List<Comparison> cell = rows.stream().filter(c -> c.model().equals(m) && c.quantity().equals(q))
                        .toList();
                if (cell.isEmpty()) {
                    grid.blank();
                    continue;
                }
                String verdict = report.groups().stream().filter(v -> v.model().equals(m) && v.quantity().equals(q))
                        .findFirst().map(v -> v.pass() ? "pass" : "FAIL").orElse("");
                LinePlot panel = grid.panel(m + ": " + q + (verdict.isEmpty() ? "" : "  (" + verdict + ")"), "1/d",
                        q);
                panel.chart().getStyler().setXAxisDecimalPattern("0.####");
                panel.chart().getStyler().setXAxisMin(0.0);
                panel.chart().getStyler().setYAxisDecimalPattern(q.equals(Comparisons.COS_Q_XI) ? "0.000" : "0.0###");
                panel.hideLegend();
                for (int ai = 0; ai < alphas.length; ai++) {
                    double a1 = alphas[ai];
                    List<Comparison> pts = cell.stream().filter(c -> c.alpha1() == a1)
                            .sorted(java.util.Comparator.comparingInt(Comparison::d)).toList();
                    if (pts.isEmpty()) {
                        continue;
                    }
                    java.awt.Color colour = alphaColour(ai, alphas.length);
                    String name = "alpha1=" + ModelSettings.g(a1);
                    panel.points(name, pts.stream().mapToDouble(c -> 1.0 / c.d()).toArray(),
                            pts.stream().mapToDouble(Comparison::simMean).toArray(),
                            pts.stream().mapToDouble(Comparison::simStderr).toArray(), colour);
                    Comparison first = pts.get(0);
                    panel.points(name + " theory", new double[] {0}, new double[] {first.theory()},
                            new double[] {first.theoryErr()}, colour, Palette.HOLLOW_CIRCLE);
                    panel.hideFromLegend(name + " theory");
                    report.points().stream().filter(p -> p.model().equals(m) && p.quantity().equals(q)
                            && p.alpha1() == a1 && p.fit() != null).findFirst().ifPresent(p -> {
                                Extrapolation f = p.fit();
                                double[] xs = {0, maxInv};
                                double[] ys = {p.theory() + f.gap(), p.theory() + f.gap() + f.c() * maxInv};
                                panel.dashed(name + " fit", xs, ys, colour);
                                panel.hideFromLegend(name + " fit");
                            });
                }
            }
        }
        List<PanelGrid.KeyEntry> key = new ArrayList<>();
        for (int ai = 0; ai < alphas.length; ai++) {
            key.add(new PanelGrid.KeyEntry("alpha1=" + ModelSettings.g(alphas[ai]) + ": simulation mean +- 1 s.e.",
                    alphaColour(ai, alphas.length), org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE, false, false));
        }
        key.add(new PanelGrid.KeyEntry("theory at 1/d = 0 (+- its error bar)", java.awt.Color.DARK_GRAY,
                Palette.HOLLOW_CIRCLE, false, false));
        key.add(new PanelGrid.KeyEntry("fit theory + e + c/d (the verdict's)", java.awt.Color.DARK_GRAY, null, true,
                true));
        grid.keyInFreeTile("key", key);
        return grid;
    }

    private static java.awt.Color alphaColour(int i, int n) {
        return Palette.viridis(n == 1 ? 0.3 : 0.85 * i / (n - 1));
    }

    private static String lastFitting(int[] sorted, int failing) {
        String last = "none";
        for (int v : sorted) {
            if (v >= failing) {
                break;
            }
            last = Integer.toString(v);
        }
        return last;
    }

    private static int indexOf(double[] a, double v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("alpha1 " + v + " not in the list");
    }
}
