package org.sparseattention.validation.cli;

import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.validation.core.GridParameter;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;

/** {@code sta align}: alignment of {@code w~1} and {@code q2} with the signal after steps 1-3. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Theory of steps 1-3: cos(w1, xi), cos(q2, xi), |q2| and <q2, xi> versus alpha0 "
                + "(--alpha0 takes a LIST here).")
final class AlignCommand extends BaseCommand {

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
        inputsChecked();

        Table table = new Table("alpha0", "cos_w_xi", "cos_q_xi", "q_norm", "q_dot_xi", "kappa", "b1");
        double[] cw = new double[a0.length];
        double[] cq = new double[a0.length];
        for (int i = 0; i < a0.length; i++) {
            AlignmentResult r = settings[i].theory(options).alignment();
            table.add(a0[i], r.cosWXi(), r.cosQXi(), r.qNorm(), r.qDotXi(), r.kappa(), r.b1());
            cw[i] = r.cosWXi();
            cq[i] = r.cosQXi();
        }
        String title = "Alignment after steps 1-3 (" + base.summary().replaceFirst(" alpha0=\\S+", "") + ")";
        LinePlot plot = new LinePlot(title, "alpha0 = n0/d", "cosine with the signal xi").logXIfWide(a0)
                .legendBottomRight();
        plot.lineWithMarkers("cos(w1, xi)", a0, cw, null, Palette.series(1));
        plot.lineWithMarkers("cos(q2, xi)", a0, cq, null, Palette.series(0));
        ctx.writeCsv("align.csv", table);
        plot.save(ctx.file("align.png"));
        ctx.file("align.svg");
        ctx.print(table, "align.csv");
        return ExitCodes.OK;
    }
}
