package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.validation.core.GridParameter;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;
import org.sparseattention.validation.stats.SampleSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta align}: alignment of {@code w~1} and {@code q2} with the signal after steps 1-3. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Theory of steps 1-3: cos(w1, xi), cos(q2, xi), |q2| and <q2, xi> versus alpha0 "
                + "(--alpha0 takes a LIST here); with --d, simulation points at that dimension.")
final class AlignCommand extends BaseCommand {
    /** {@code alpha1} of the step-4 readout trained in each simulated trial (not used by the alignment). */
    static final double SIM_ALPHA1 = 0.5;
    /** Test samples of each simulated trial (its test error is not used here). */
    static final int SIM_TEST_SAMPLES = SimulationOptions.MIN_TEST_SAMPLES;

    @Option(names = "--d", paramLabel = "D",
            description = "also simulate steps 1-3 at dimension D and draw the mean over trials (+-1 s.e.) as points")
    Integer d;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "4",
            description = "trials per simulated alpha0, with --d (default: ${DEFAULT-VALUE})")
    int trials;

    @Override
    protected int run(RunContext ctx) {
        double[] a0 = CurveCommand.positive("--alpha0", common.alpha0s());
        ModelSettings base = common.settings(common.L(), common.theta(), a0[0]);
        base.params();
        TheoryOptions options = precision.theory(common.seed());
        ModelSettings[] settings = new ModelSettings[a0.length];
        for (int i = 0; i < a0.length; i++) {
            settings[i] = base.with(GridParameter.ALPHA0, a0[i]);
        }
        List<SimulationBatch.Task> tasks = new ArrayList<>();
        if (d != null) {
            SimulationOptions.dims(new int[] {d});
            SimulationOptions.trials(trials);
            for (int i = 0; i < a0.length; i++) {
                SimulationBatch.requireSamples(settings[i], List.of(Model.ATTENTION), new int[] {d},
                        new double[] {SIM_ALPHA1});
                // the same seed at every alpha0: the curves share their signal and noise draws
                SimulationBatch.task(settings[i], Model.ATTENTION, d, new double[] {SIM_ALPHA1}, 0, SIM_TEST_SAMPLES,
                        0, 0.5, common.seed(), ctx::warn).ifPresent(tasks::add);
            }
        }
        inputsChecked();

        List<String> head = new ArrayList<>(List.of("alpha0", "cos_w_xi", "cos_q_xi", "q_norm", "q_dot_xi", "kappa",
                "b1"));
        if (d != null) {
            head.addAll(List.of("d", "trials", "sim_cos_w_xi", "sim_cos_w_xi_err", "sim_cos_q_xi", "sim_cos_q_xi_err",
                    "sim_q_norm", "sim_q_norm_err"));
        }
        Table table = new Table(head.toArray(String[]::new));
        double[] cw = new double[a0.length];
        double[] cq = new double[a0.length];
        AlignmentResult[] theory = new AlignmentResult[a0.length];
        for (int i = 0; i < a0.length; i++) {
            AlignmentResult r = settings[i].theory(options).alignment();
            theory[i] = r;
            cw[i] = r.cosWXi();
            cq[i] = r.cosQXi();
        }
        List<SimPoint> points = d == null ? List.of() : SimulationBatch.run(precision.threads(), tasks, trials,
                ctx.progress("trials", tasks.size() * trials, SimulationBatch.cost(tasks, trials)));
        double[][] sim = new double[6][a0.length];
        for (int i = 0; i < a0.length; i++) {
            AlignmentResult r = theory[i];
            List<Object> row = new ArrayList<>(List.of(a0[i], r.cosWXi(), r.cosQXi(), r.qNorm(), r.qDotXi(),
                    r.kappa(), r.b1()));
            if (d != null) {
                SampleSummary w = points.get(i).summary(TrialResult::cosWXi);
                SampleSummary q = points.get(i).summary(TrialResult::cosQXi);
                SampleSummary n = points.get(i).summary(TrialResult::qNorm);
                row.addAll(List.of(d, trials, w.mean(), w.stderr(), q.mean(), q.stderr(), n.mean(), n.stderr()));
                double[] v = {w.mean(), w.stderr(), q.mean(), q.stderr(), n.mean(), n.stderr()};
                for (int k = 0; k < v.length; k++) {
                    sim[k][i] = v[k];
                }
            }
            table.add(row.toArray());
        }
        String title = "Alignment after steps 1-3 (" + base.summary().replaceFirst(" alpha0=\\S+", "") + ")";
        LinePlot plot = new LinePlot(title, "alpha0 = n0/d", "cosine with the signal xi").logXIfWide(a0)
                .legendBottomRight();
        if (d == null) {
            plot.lineWithMarkers("cos(w1, xi)", a0, cw, null, Palette.series(1));
            plot.lineWithMarkers("cos(q2, xi)", a0, cq, null, Palette.series(0));
        } else {
            // theory as lines, simulation as points with error bars, one colour per quantity
            plot.line("cos(w1, xi) theory", a0, cw, null, Palette.series(1));
            plot.line("cos(q2, xi) theory", a0, cq, null, Palette.series(0));
            plot.points("cos(w1, xi) simulation d=" + d + ", " + trials + " trials", a0, sim[0], sim[1],
                    Palette.series(1));
            plot.points("cos(q2, xi) simulation d=" + d + ", " + trials + " trials", a0, sim[2], sim[3],
                    Palette.series(0));
        }
        ctx.writeCsv("align.csv", table);
        plot.save(ctx.file("align.png"));
        ctx.file("align.svg");
        ctx.print(table, "align.csv");
        return ExitCodes.OK;
    }
}
