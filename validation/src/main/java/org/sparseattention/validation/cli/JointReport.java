package org.sparseattention.validation.cli;

import java.util.List;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;
import org.sparseattention.validation.stats.SampleSummary;

/**
 * The joint-training outputs of {@code simulate --joint-steps N} and {@code figure --preset joint}:
 * per trial and step the training objective, test error, {@code cos(q, xi)} and accepted step size
 * ({@code joint.csv}), their means over trials ({@code joint_summary.csv}), and two pictures along the
 * steps against the two-step theory of the paper's protocol (step 0).
 */
final class JointReport {
    /** Columns of joint.csv. */
    static final String[] JOINT_COLUMNS = {"model", "loss", "d", "alpha1", "trial", "step", "test_error", "cos_q_xi",
        "train_objective", "step_size"};

    private JointReport() {
    }

    /** Writes joint.csv, joint_summary.csv, joint.png and joint_cos.png; returns the summary table. */
    static Table write(RunContext ctx, ModelSettings s, int d, List<SimPoint> points, TheoryOptions options) {
        Table joint = new Table(JOINT_COLUMNS);
        Table summary = new Table("alpha1", "step", "trials", "train_objective", "test_error", "test_error_stderr",
                "cos_q_xi", "theory_test_error", "theory_cos_q_xi");
        SparseTokenTheory theory = s.theory(options);
        double theoryCos = theory.alignment().cosQXi();
        LinePlot err = new LinePlot("Joint training after step 4 (line search on the training objective): test error, d="
                + d + " (" + s.summary() + ")", "joint step (0 = the paper's two-step protocol)",
                "test error (mean +- 1 s.e. over trials)");
        LinePlot cos = new LinePlot("Joint training after step 4: query alignment cos(q, xi), d=" + d + " ("
                + s.summary() + ")", "joint step (0 = the paper's two-step protocol)", "cos(q, xi)");
        int series = 0;
        for (SimPoint p : points) {
            if (p.model() != Model.ATTENTION || p.trials().isEmpty()) {
                continue;
            }
            int steps = p.trials().get(0).jointTestError().length;
            if (steps == 0) {
                continue;
            }
            for (TrialResult r : p.trials()) {
                for (int k = 0; k < r.jointTestError().length; k++) {
                    joint.add(Model.ATTENTION.label(), s.loss(), d, p.alpha1(), r.trial(), k, r.jointTestError()[k],
                            at(r.jointCosQXi(), k), at(r.jointObjective(), k), at(r.jointStepSize(), k));
                }
            }
            double theoryErr = theory.solve(Model.ATTENTION, p.alpha1()).testError();
            double[] x = new double[steps];
            double[] y = new double[steps];
            double[] e = new double[steps];
            double[] c = new double[steps];
            double[] ce = new double[steps];
            for (int k = 0; k < steps; k++) {
                final int kk = k;
                SampleSummary te = p.summary(r -> r.jointTestError()[kk]);
                SampleSummary cq = p.summary(r -> at(r.jointCosQXi(), kk));
                SampleSummary obj = p.summary(r -> at(r.jointObjective(), kk));
                x[k] = k;
                y[k] = te.mean();
                e[k] = te.stderr();
                c[k] = cq.mean();
                ce[k] = cq.stderr();
                summary.add(p.alpha1(), k, p.trials().size(), obj.mean(), te.mean(), te.stderr(), cq.mean(), theoryErr,
                        theoryCos);
            }
            String tag = "alpha1=" + ModelSettings.g(p.alpha1());
            err.lineWithMarkers("simulation " + tag, x, y, e, Palette.series(series));
            err.dashed("two-step theory " + tag, new double[] {0, steps - 1}, new double[] {theoryErr, theoryErr},
                    Palette.series(series));
            cos.lineWithMarkers("simulation " + tag, x, c, ce, Palette.series(series));
            if (series == 0) {
                cos.dashed("two-step theory", new double[] {0, steps - 1}, new double[] {theoryCos, theoryCos},
                        Palette.series(series));
            }
            series++;
        }
        ctx.writeCsv("joint.csv", joint);
        ctx.writeCsv("joint_summary.csv", summary);
        err.save(ctx.file("joint.png"));
        ctx.file("joint.svg");
        cos.save(ctx.file("joint_cos.png"));
        ctx.file("joint_cos.svg");
        return summary;
    }

    private static double at(double[] v, int k) {
        return k < v.length ? v[k] : Double.NaN;
    }
}
