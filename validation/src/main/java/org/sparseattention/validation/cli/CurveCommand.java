package org.sparseattention.validation.cli;

import java.util.List;
import java.util.Map;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.TheoryCurves;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sta curve}: theory of the step-4 ERM along a list of {@code alpha1}. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Theory: test error, training loss and training error of the step-4 ERM versus alpha1.")
final class CurveCommand extends BaseCommand {

    @Option(names = "--alpha1", paramLabel = "LIST", converter = DoubleList.Converter.class,
            defaultValue = "0.25:8:32", description = "n1/d values, a,b,c or start:stop:count (default: ${DEFAULT-VALUE})")
    DoubleList alpha1;

    @Mixin
    ShardOptions sharding;

    @Override
    protected int run(RunContext ctx) {
        ModelSettings s = common.settings();
        s.params();
        List<Model> models = common.models();
        double[] a = positive("--alpha1", alpha1.values());
        SparseTokenTheory theory = s.theory(precision.theory(common.seed()));
        WorkUnits units = sharding.units();
        inputsChecked();

        Table table = new Table("model", "loss", "alpha1", "test_error", "test_error_err", "train_loss",
                "train_error", "residual", "train_loss_err", "train_error_err", "weight_norm2");
        Map<Model, List<ErmSolution>> curves = TheoryCurves.of(theory, models, a,
                ctx.progress("theory points", models.size() * a.length), units);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        LinePlot plot = new LinePlot("Theory: test error vs alpha1 (" + s.summary() + ")", "alpha1 = n1/d",
                "test error");
        for (Model m : models) {
            List<ErmSolution> curve = curves.get(m);
            double[] err = new double[curve.size()];
            double[] te = new double[curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                ErmSolution e = curve.get(i);
                table.add(m.label(), s.loss(), e.alpha(), e.testError(), e.testErrorErr(), e.trainLoss(),
                        e.trainError(), e.residual(), e.trainLossErr(), e.trainErrorErr(), e.weightNormSquared());
                te[i] = e.testError();
                err[i] = e.testErrorErr();
            }
            plot.lineWithMarkers(m.label(), a, te, err, Palette.series(m.ordinal()));
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
