package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;
import org.sparseattention.validation.stats.SampleSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sta simulate}: finite-d training, trial by trial. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Finite-d training of the protocol of docs/theory.md (steps 1-3 on D0 for attention, step-4 ERM "
                + "on D1), one row per trial.")
final class SimulateCommand extends BaseCommand {

    @Option(names = "--d", paramLabel = "D", defaultValue = "500", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "4", description = "independent trials (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class, defaultValue = "1,2,4",
            description = "n1/d values (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Option(names = "--joint-steps", paramLabel = "N", defaultValue = "0",
            description = "full-batch gradient steps on (w~, b, q) jointly after step 4 (default: ${DEFAULT-VALUE})")
    int jointSteps;

    @Option(names = "--joint-eta", paramLabel = "X", defaultValue = "0.5",
            description = "largest step size of the joint steps; each step is found by a backtracking line search, "
                    + "so the training objective never increases (default: ${DEFAULT-VALUE})")
    double jointEta;

    @Mixin
    SimulationOptions simulation;

    @Mixin
    ShardOptions sharding;

    @Override
    protected int run(RunContext ctx) {
        ModelSettings s = common.settings();
        List<Model> models = common.models();
        double[] a = CurveCommand.positive("--alpha1", alpha1.values());
        SimulationOptions.dims(new int[] {d});
        SimulationOptions.trials(trials);
        SimulationOptions.jointSteps(jointSteps);
        List<String> skipped = new ArrayList<>();
        List<SimulationBatch.Task> tasks = SimulationBatch.tasks(s, models, d, a, simulation.testSamples(), jointSteps,
                jointEta, common.seed(), skipped::add);
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        inputsChecked();
        skipped.forEach(ctx::warn);

        List<SimPoint> points = SimulationBatch.run(threads, tasks, trials, ctx.progress("trials",
                tasks.size() * trials, SimulationBatch.cost(tasks, trials)), units);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        Table table = new Table("model", "loss", "d", "alpha1", "trial", "test_error", "train_loss", "train_error",
                "cos_q_xi", "test_error_stderr", "q_norm", "cos_w_xi", "readout_overlap", "erm_grad_norm",
                "erm_iterations", "trial_seed");
        Table summary = new Table("model", "alpha1", "trials", "test_error", "stderr", "train_loss", "train_error",
                "cos_q_xi");
        LinePlot plot = new LinePlot("Simulation: test error vs alpha1, d=" + d + ", " + trials + " trials (" + s.summary()
                + ")", "alpha1 = n1/d (D1 only; attention also used alpha0 d samples for its query)", "test error");
        for (Model m : models) {
            List<double[]> xy = new ArrayList<>();
            for (SimPoint p : points) {
                if (p.model() != m) {
                    continue;
                }
                for (TrialResult r : p.trials()) {
                    table.add(m.label(), s.loss(), d, p.alpha1(), r.trial(), r.testError(), r.trainLoss(),
                            r.trainError(), m == Model.ATTENTION ? r.cosQXi() : Double.NaN, r.testErrorStderr(),
                            r.qNorm(), r.cosWXi(), r.readoutOverlap(), r.ermGradNorm(), r.ermIterations(),
                            Long.toString(r.trialSeed()));
                }
                SampleSummary te = p.summary(TrialResult::testError);
                summary.add(m.label(), p.alpha1(), trials, te.mean(), te.stderr(),
                        p.summary(TrialResult::trainLoss).mean(), p.summary(TrialResult::trainError).mean(),
                        m == Model.ATTENTION ? p.summary(TrialResult::cosQXi).mean() : Double.NaN);
                xy.add(new double[] {p.alpha1(), te.mean(), te.stderr()});
            }
            if (!xy.isEmpty()) {
                plot.lineWithMarkers(m.label(), col(xy, 0), col(xy, 1), col(xy, 2), Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
            }
        }
        ctx.writeCsv("simulate.csv", table);
        if (jointSteps > 0 && models.contains(Model.ATTENTION)) {
            JointReport.write(ctx, s, d, points, precision.theory(common.seed()));
        } else if (jointSteps > 0) {
            ctx.writeCsv("joint.csv", new Table(JointReport.JOINT_COLUMNS)); // joint steps move attention's query only
        }
        plot.save(ctx.file("simulate.png"));
        ctx.file("simulate.svg");
        ctx.print(summary, "simulate.csv");
        return ExitCodes.OK;
    }

    /** Column {@code k} of a list of rows. */
    static double[] col(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }
}
