package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.theory.numerics.ParallelMap;
import org.sparseattention.validation.core.GridAxis;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;
import org.sparseattention.validation.plot.HeatMap;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.Palette;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta capacity}: the separability threshold {@code alpha*}, optionally over a grid. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Theory: capacity alpha* (largest n/d at which the data are typically separable), "
                + "optionally over one grid (line plot) or two grids (heat map per model).")
final class CapacityCommand extends BaseCommand {

    @Option(names = "--grid", paramLabel = "NAME=LIST",
            description = "grid over theta, L, pi, R, alpha0 or beta, e.g. theta=1:8:30; give once or twice")
    List<String> grids = new ArrayList<>();

    @picocli.CommandLine.Mixin
    ShardOptions sharding;

    /** Relative error bar to which each attention cell of a grid is refined. */
    static final double GRID_RELATIVE_TARGET = 0.008;

    /** One grid point: its settings (possibly undefined) and grid indices. */
    private record Point(ModelSettings settings, Model model, int i, int j) {
    }

    @Override
    protected int run(RunContext ctx) {
        ModelSettings base = common.settings();
        List<Model> models = common.models();
        if (grids.size() > 2) {
            throw new IllegalArgumentException("--grid may be given at most twice, got " + grids.size());
        }
        List<GridAxis> axes = new ArrayList<>();
        for (String g : grids) {
            axes.add(GridAxis.parse(g));
        }
        if (axes.size() == 2 && axes.get(0).parameter() == axes.get(1).parameter()) {
            throw new IllegalArgumentException("the two --grid options name the same parameter '"
                    + axes.get(0).parameter().label() + "'");
        }
        List<Point> points = points(base, models, axes);
        if (axes.isEmpty()) {
            base.params();
        }
        TheoryOptions options = precision.theory(common.seed());
        int threads = precision.threads();
        WorkUnits units = sharding.units();
        inputsChecked();

        Progress progress = ctx.progress("theory points", points.size());
        TheoryOptions inner = axes.isEmpty() ? options : options.withThreads(1);
        List<CapacityResult> results = ParallelMap.map(points.size(), axes.isEmpty() ? 1 : threads, k -> {
            Point p = points.get(k);
            // a phase diagram refines each cell to a 0.8% error bar, a single point to the library default
            return units.get("point", k, CapacityResult.class, () -> !p.settings().isDefined() ? null
                    : axes.isEmpty() ? p.settings().theory(inner).capacity(p.model())
                    : p.settings().theory(inner).capacity(p.model(), GRID_RELATIVE_TARGET));
        }, progress::step);
        if (units.isShard()) {
            return sharding.finish(ctx, spec, units);
        }

        List<String> header = new ArrayList<>(List.of("model"));
        axes.forEach(a -> header.add(a.parameter().label()));
        header.addAll(List.of("alpha_star", "alpha_star_err", "note"));
        Table table = new Table(header.toArray(String[]::new));
        int undefined = 0;
        int unresolved = 0;
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            CapacityResult r = results.get(k);
            List<Object> row = new ArrayList<>(List.of(p.model().label()));
            if (axes.size() > 0) {
                row.add(axes.get(0).cell(p.i()));
            }
            if (axes.size() > 1) {
                row.add(axes.get(1).cell(p.j()));
            }
            boolean infinite = r != null && Double.isInfinite(r.alphaStar());
            // CSV cells hold plain numbers only: an alpha* beyond what the points resolve is left
            // empty and named in the note column
            row.add(r == null || infinite ? null : r.alphaStar());
            row.add(r == null || infinite ? null : r.alphaStarErr());
            row.add(r == null ? "undefined (R >= L)" : infinite ? "beyond resolution (separable atoms)" : "");
            if (r == null) {
                undefined++;
            }
            if (infinite) {
                unresolved++;
            }
            table.add(row.toArray());
        }
        if (undefined > 0) {
            ctx.warn(undefined + " of " + points.size() + " grid points have R >= L (model undefined); "
                    + "their alpha_star is left empty");
        }
        if (unresolved > 0) {
            ctx.warn(unresolved + " of " + points.size() + " grid points have an alpha* beyond what the quasi-Monte "
                    + "Carlo points resolve (atoms separable; very large alpha*); their alpha_star is left empty "
                    + "(try more --qmc-points)");
        }
        ctx.writeCsv("capacity.csv", table);
        plot(ctx, base, models, axes, points, results);
        ctx.print(table, "capacity.csv");
        return ExitCodes.OK;
    }

    private static List<Point> points(ModelSettings base, List<Model> models, List<GridAxis> axes) {
        List<Point> out = new ArrayList<>();
        int ni = axes.size() > 0 ? axes.get(0).values().length : 1;
        int nj = axes.size() > 1 ? axes.get(1).values().length : 1;
        for (Model m : models) {
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    ModelSettings s = base;
                    if (axes.size() > 0) {
                        s = s.with(axes.get(0).parameter(), axes.get(0).values()[i]);
                    }
                    if (axes.size() > 1) {
                        s = s.with(axes.get(1).parameter(), axes.get(1).values()[j]);
                    }
                    out.add(new Point(s, m, i, j));
                }
            }
        }
        return out;
    }

    private static void plot(RunContext ctx, ModelSettings base, List<Model> models, List<GridAxis> axes,
                             List<Point> points, List<CapacityResult> results) {
        if (axes.size() == 1) {
            GridAxis a = axes.get(0);
            LinePlot plot = new LinePlot("Capacity alpha* vs " + a.parameter().label() + " ("
                    + base.summaryWithout(List.of(a.parameter().label())) + ")",
                    a.parameter().label(), "alpha* (separable below)");
            for (Model m : models) {
                List<double[]> xy = new ArrayList<>();
                for (int k = 0; k < points.size(); k++) {
                    if (points.get(k).model() == m && results.get(k) != null) {
                        xy.add(new double[] {a.values()[points.get(k).i()], results.get(k).alphaStar()});
                    }
                }
                if (!xy.isEmpty()) {
                    plot.lineWithMarkers(m.label(), xy.stream().mapToDouble(v -> v[0]).toArray(),
                            xy.stream().mapToDouble(v -> v[1]).toArray(), null, Palette.series(m.ordinal()));
                }
            }
            plot.save(ctx.file("capacity.png"));
            ctx.file("capacity.svg");
        } else if (axes.size() == 2) {
            GridAxis ax = axes.get(0);
            GridAxis ay = axes.get(1);
            for (Model m : models) {
                double[][] z = new double[ax.values().length][ay.values().length];
                for (int k = 0; k < points.size(); k++) {
                    Point p = points.get(k);
                    if (p.model() == m) {
                        z[p.i()][p.j()] = results.get(k) == null ? Double.NaN : results.get(k).alphaStar();
                    }
                }
                String[] title = {"Capacity alpha* of the " + m.label() + " model (data separable below alpha*)",
                    base.summaryWithout(List.of(ax.parameter().label(), ay.parameter().label())), ax.parameter().label() + " and " + ay.parameter().label() + " vary; "
                        + (m == Model.ATTENTION ? "query from steps 1-3" : "loss, eta, beta, alpha0 unused")};
                new HeatMap(title, ax.parameter().label(), ax.values(), ay.parameter().label(), ay.values(), z,
                        "alpha*").save(ctx.file("capacity_" + m.label() + ".png"));
            }
        }
    }
}
