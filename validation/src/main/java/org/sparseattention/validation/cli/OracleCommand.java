package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.numerics.ParallelMap;
import org.sparseattention.theory.oracle.OracleResult;
import org.sparseattention.theory.oracle.ThetaNeeded;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.PanelGrid;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta oracle}: the representation limit (infinite data) versus {@code L}. */
@Command(name = "oracle", mixinStandardHelpOptions = true,
        description = "Representation limit: oracle error per model over --L LIST and --theta LIST, or with "
                + "--target-error EPS the smallest theta reaching EPS (sqrt L for linear vs log L for attention).")
final class OracleCommand extends BaseCommand {
    @Option(names = "--target-error", paramLabel = "EPS",
            description = "instead of --theta: find the smallest theta with oracle error <= EPS, in (0, min(pi,1-pi))")
    Double targetError;

    @picocli.CommandLine.Mixin
    ShardOptions sharding;

    @Override
    protected int run(RunContext ctx) {
        int[] ls = common.Ls();
        double[] thetas = common.thetas();
        List<Model> models = common.models();
        for (int l : ls) {
            for (double th : thetas) {
                common.settings(l, th, common.alpha0()).params();
            }
        }
        if (targetError != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--theta")) {
                throw new IllegalArgumentException("give either --theta or --target-error, not both");
            }
            double pi = common.settings(ls[0], 0, common.alpha0()).pi();
            if (!(targetError > 0 && targetError < Math.min(pi, 1 - pi))) {
                throw new IllegalArgumentException("--target-error must lie in (0, min(pi, 1-pi)) = (0, "
                        + Math.min(pi, 1 - pi) + "), got " + targetError);
            }
        }
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        // the points run on the pool below and the attention randomizations of each point on their own threads,
        // so that one long attention point (large L) does not run on one core alone
        TheoryOptions options = precision.theory(common.seed()).withThreads(threads);
        inputsChecked();
        return targetError == null ? errors(ctx, models, ls, thetas, options, threads, units)
                : thetaNeeded(ctx, models, ls, options, threads, units);
    }

    private int errors(RunContext ctx, List<Model> models, int[] ls, double[] thetas, TheoryOptions options,
                       int threads, WorkUnits units) {
        int n = models.size() * ls.length * thetas.length;
        Progress progress = ctx.progress("theory points", n);
        List<OracleResult> results = ParallelMap.map(n, threads, k -> {
            Model m = models.get(k / (ls.length * thetas.length));
            int l = ls[(k / thetas.length) % ls.length];
            double th = thetas[k % thetas.length];
            SparseTokenParameters p = common.settings(l, th, common.alpha0()).params();
            return units.get("oracle", k, OracleResult.class, () -> SparseTokenTheory.oracle(m, p, options));
        }, progress::step);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        Table table = new Table("model", "L", "theta", "oracle_error", "oracle_error_err");
        for (OracleResult r : results) {
            table.add(r.model().label(), r.L(), r.theta(), r.error(), r.errorErr());
        }
        ctx.writeCsv("oracle.csv", table);
        ModelSettings s = common.settings(ls[0], thetas[0], common.alpha0());
        oraclePanels(s, models, ls, thetas, results).save(ctx.file("oracle.png"));
        ctx.file("oracle.svg");
        ctx.print(table, "oracle.csv");
        return ExitCodes.OK;
    }

    /**
     * The oracle errors as small multiples: one panel per theta (every theta of the run), the models
     * in each panel versus L on a logarithmic axis, with a distinct marker per model (pooled and
     * vectorized coincide at some points); a logarithmic error axis where the panel's errors span a
     * decade or more.
     */
    static PanelGrid oraclePanels(ModelSettings s, List<Model> models, int[] ls, double[] thetas,
                                  List<OracleResult> results) {
        int columns = Math.min(4, thetas.length);
        PanelGrid grid = new PanelGrid(new String[] {String.format(Locale.ROOT,
                "Oracle (infinite-data) error vs L, one panel per theta  (R=%d, pi=%s)", s.R(), s.pi()),
            "error bars: numerical error of the theory; pooled and vectorized coincide where both markers show"}, columns, thetas.length == 1 ? 1000 : 440,
                thetas.length == 1 ? 620 : 330);
        double[] x = new double[ls.length];
        for (int li = 0; li < ls.length; li++) {
            x[li] = ls[li];
        }
        for (int ti = 0; ti < thetas.length; ti++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (int mi = 0; mi < models.size(); mi++) {
                for (int li = 0; li < ls.length; li++) {
                    double v = results.get((mi * ls.length + li) * thetas.length + ti).error();
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            LinePlot panel = grid.panel("theta=" + ModelSettings.g(thetas[ti]), "sequence length L", "oracle error");
            if (ls.length > 1 && ls[ls.length - 1] > ls[0]) {
                panel.logX();
            }
            if (hi >= 30 * lo) {
                panel.logY();
            } else {
                panel.yPattern("0.0###");
            }
            if (thetas.length > 1) {
                panel.hideLegend();
            }
            for (int mi = 0; mi < models.size(); mi++) {
                double[] y = new double[ls.length];
                double[] e = new double[ls.length];
                for (int li = 0; li < ls.length; li++) {
                    OracleResult r = results.get((mi * ls.length + li) * thetas.length + ti);
                    y[li] = r.error();
                    e[li] = r.errorErr();
                }
                Model m = models.get(mi);
                panel.lineWithMarkers(m.label(), x, y, e, Palette.series(m.ordinal()), Palette.marker(m.ordinal()),
                        Palette.dashed(m.ordinal()));
            }
        }
        if (thetas.length > 1) {
            List<PanelGrid.KeyEntry> key = new ArrayList<>();
            for (Model m : models) {
                key.add(new PanelGrid.KeyEntry(m.label(), Palette.series(m.ordinal()), Palette.marker(m.ordinal()),
                        true, Palette.dashed(m.ordinal())));
            }
            grid.keyInFreeTile("models", key);
        }
        return grid;
    }

    private int thetaNeeded(RunContext ctx, List<Model> models, int[] ls, TheoryOptions options, int threads,
                            WorkUnits units) {
        int n = models.size() * ls.length;
        ModelSettings s = common.settings(ls[0], 0, common.alpha0());
        Progress progress = ctx.progress("theory points", n);
        List<ThetaNeeded> results = ParallelMap.map(n, threads, k -> units.get("theta", k, ThetaNeeded.class,
                () -> SparseTokenTheory.thetaNeeded(models.get(k / ls.length), ls[k % ls.length], s.R(), s.pi(),
                        targetError, options)), progress::step);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }
        Table table = new Table("model", "L", "target_error", "theta_needed", "theta_err");
        for (ThetaNeeded r : results) {
            table.add(r.model().label(), r.L(), r.targetError(), r.thetaNeeded(), r.thetaErr());
        }
        ctx.writeCsv("oracle.csv", table);
        LinePlot plot = new LinePlot(String.format(Locale.ROOT,
                "Signal strength needed for oracle error %s vs L  (R=%d, pi=%s): sqrt L (linear) vs log L (attention)",
                targetError, s.R(), s.pi()), "sequence length L (log scale)", "theta needed");
        if (ls.length > 1 && ls[ls.length - 1] > ls[0]) {
            plot.logX();
        }
        double[] x = new double[ls.length];
        for (int li = 0; li < ls.length; li++) {
            x[li] = ls[li];
        }
        for (int mi = 0; mi < models.size(); mi++) {
            double[] y = new double[ls.length];
            double[] e = new double[ls.length];
            for (int li = 0; li < ls.length; li++) {
                y[li] = results.get(mi * ls.length + li).thetaNeeded();
                e[li] = results.get(mi * ls.length + li).thetaErr();
            }
            Model m = models.get(mi);
            plot.lineWithMarkers(m.label(), x, y, e, Palette.series(m.ordinal()), Palette.marker(m.ordinal()),
                    Palette.dashed(m.ordinal()));
            if (ls.length > 1) {
                boolean linear = m != Model.ATTENTION;
                double[] ref = reference(x, y, linear);
                plot.dashed((linear ? "c sqrt(L) fit to " : "a + b log(L) fit to ") + m.label(), x, ref,
                        Palette.series(m.ordinal()).darker());
            }
        }
        plot.save(ctx.file("oracle.png"));
        ctx.file("oracle.svg");
        ctx.print(table, "oracle.csv");
        return ExitCodes.OK;
    }

    /** Least-squares fit {@code c sqrt(L)} (linear) or {@code a + b log L} (attention), evaluated at x. */
    static double[] reference(double[] x, double[] y, boolean sqrt) {
        double[] out = new double[x.length];
        if (sqrt) {
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(y[i])) {
                    sxy += Math.sqrt(x[i]) * y[i];
                    sxx += x[i];
                }
            }
            for (int i = 0; i < x.length; i++) {
                out[i] = sxy / sxx * Math.sqrt(x[i]);
            }
            return out;
        }
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                pts.add(new double[] {Math.log(x[i]), y[i]});
            }
        }
        double mx = pts.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = pts.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxx = pts.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
        double sxy = pts.stream().mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
        double b = sxx > 0 ? sxy / sxx : 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = my + b * (Math.log(x[i]) - mx);
        }
        return out;
    }
}
