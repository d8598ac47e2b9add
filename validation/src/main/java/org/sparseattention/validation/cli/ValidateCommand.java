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
import org.sparseattention.validation.core.Comparison;
import org.sparseattention.validation.core.Comparisons;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.Verdict;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sta validate}: theory against simulation at several {@code d}, with a verdict. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Theory and simulation side by side at several d: gap, z-score, and a verdict per model and "
                + "quantity (exit code 3 when a verdict fails); plus the finite-d capacity check.")
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

    @Override
    protected int run(RunContext ctx) {
        ModelSettings s = common.settings();
        s.params();
        List<Model> models = common.models();
        double[] a = CurveCommand.positive("--alpha1", alpha1.values());
        int[] dims = SimulationOptions.dims(d.values());
        Arrays.sort(dims);
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
        inputsChecked();
        notes.forEach(ctx::note);

        SparseTokenTheory theory = s.theory(options);
        Map<Model, List<ErmSolution>> erm = TheoryCurves.of(theory, models, a,
                ctx.progress("theory points", models.size() * a.length));
        AlignmentResult alignment = models.contains(Model.ATTENTION) ? theory.alignment() : null;
        List<SimPoint> points = simulate(ctx, threads, tasks, trials);

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
        List<Verdict> verdicts = Verdict.of(rows, trials);
        Table verdictTable = new Table("model", "quantity", "points", "max_abs_z", "bias_c", "bias_c_err",
                "std_exponent", "std_exponent_err", "bonferroni_bound", "pass");
        for (Verdict v : verdicts) {
            verdictTable.add(v.model(), v.quantity(), v.points(), v.maxAbsZ(), v.biasC(), v.biasCErr(),
                    v.stdExponent(), v.stdExponentErr(), v.bound(), v.pass() ? "pass" : "FAIL");
        }
        ctx.writeCsv("validate.csv", table);
        ctx.writeCsv("verdict.csv", verdictTable);
        plot(ctx, s, rows, verdicts.isEmpty() ? Double.NaN : verdicts.get(0).bound());
        ctx.print(table, "validate.csv");
        if (sep != null) {
            sep.run(ctx, options, threads, common.seed());
        }
        boolean pass = verdicts.stream().allMatch(Verdict::pass);
        ctx.stdout().println();
        ctx.stdout().printf(Locale.ROOT, "Verdict (%d rows, %d trials, two-sided Bonferroni bound at 5%% with "
                + "Student t, %d dof):%n", rows.size(), trials, trials - 1);
        ctx.print(verdictTable, "verdict.csv");
        ctx.stdout().println(pass ? "validation PASSED" : "validation FAILED");
        ctx.manifest("verdict", pass ? "pass" : "fail");
        return pass ? ExitCodes.OK : ExitCodes.VALIDATION_FAILED;
    }

    private static void plot(RunContext ctx, ModelSettings s, List<Comparison> rows, double bound) {
        LinePlot plot = new LinePlot("z-scores of simulation vs theory (" + s.summary() + ")", "d", "z_score");
        Map<String, List<double[]>> series = new java.util.LinkedHashMap<>();
        for (Comparison c : rows) {
            series.computeIfAbsent(c.model() + " " + c.quantity() + " alpha1=" + ModelSettings.g(c.alpha1()),
                    k -> new ArrayList<>()).add(new double[] {c.d(), c.zScore()});
        }
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            Model m = Model.parse(e.getKey().substring(0, e.getKey().indexOf(' ')));
            plot.lineWithMarkers(e.getKey(), SimulateCommand.col(e.getValue(), 0), SimulateCommand.col(e.getValue(), 1),
                    null, k++ % 2 == 0 ? Palette.series(m.ordinal()) : Palette.series(m.ordinal()).darker());
        }
        double[] dx = rows.stream().mapToDouble(Comparison::d).distinct().sorted().toArray();
        if (Double.isFinite(bound) && dx.length > 0) {
            double[] xs = {dx[0], dx[dx.length - 1]};
            plot.dashed("+Bonferroni bound", xs, new double[] {bound, bound}, java.awt.Color.BLACK);
            plot.dashed("-Bonferroni bound", xs, new double[] {-bound, -bound}, java.awt.Color.BLACK);
        }
        plot.save(ctx.file("validate.png"));
        ctx.file("validate.svg");
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
