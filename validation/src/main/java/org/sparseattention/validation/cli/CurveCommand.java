package org.sparseattention.validation.cli;

import java.util.List;
import java.util.Map;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.validation.core.ErmRows;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta curve}: theory of the step-4 ERM along a list of {@code alpha1}. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Theory: test error, training loss and training error of the step-4 ERM versus alpha1.")
final class CurveCommand extends BaseCommand {

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class,
            defaultValue = "0.25:8:32", description = "n1/d values, a,b,c or start:stop:count (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Override
    protected int run(RunContext ctx) {
        ModelSettings s = common.settings();
        s.params();
        List<Model> models = common.models();
        double[] a = positive("--alpha1", alpha1.values());
        SparseTokenTheory theory = s.theory(precision.theory(common.seed()));
        inputsChecked();

        Table table = new Table(ErmRows.header("model", "loss", "alpha1", "test_error", "test_error_err",
                "train_loss", "train_error", "residual", "train_loss_err", "train_error_err", "weight_norm2"));
        Map<Model, List<ErmSolution>> curves = TheoryCurves.of(theory, models, a,
                ctx.progress("theory points", models.size() * a.length));
        LinePlot plot = new LinePlot("Theory: test error vs alpha1 (" + s.summary() + ")", "alpha1 = n1/d",
                "test error");
        for (Model m : models) {
            List<ErmSolution> curve = curves.get(m);
            for (ErmSolution e : curve) {
                table.add(ErmRows.row(e, m.label(), s.loss(), e.alpha(), e.testError(), e.testErrorErr(),
                        e.trainLoss(), e.trainError(), e.residual(), e.trainLossErr(), e.trainErrorErr(),
                        e.weightNormSquared()));
            }
            double[][] xy = ErmRows.plottable(curve);
            if (xy[0].length > 0) {
                plot.lineWithMarkers(m.label(), xy[0], xy[1], xy[2], Palette.series(m.ordinal()));
            }
        }
        ctx.writeCsv("curve.csv", table);
        plot.save(ctx.file("curve.png"));
        ctx.file("curve.svg");
        table.print(ctx.stdout());
        return ExitCodes.OK;
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
