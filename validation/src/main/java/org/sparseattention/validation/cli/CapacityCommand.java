package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.simulation.SeparabilityExperiment;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.theory.numerics.ParallelMap;
import org.sparseattention.validation.core.GridAxis;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.SimulationBatch;
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

    @Option(names = "--sep-d", paramLabel = "D",
            description = "with two grids: at a few cells, measure at dimension D the fraction of separable data "
                    + "sets around alpha* and draw where it crosses 1/2 as a marker on the heat map")
    Integer sepD;

    @Option(names = "--sep-trials", paramLabel = "T", defaultValue = "8",
            description = "data sets per tested alpha, with --sep-d (default: ${DEFAULT-VALUE})")
    int sepTrials;

    @Option(names = "--sep-factors", paramLabel = "LIST", converter = DoubleList.Converter.class,
            defaultValue = "0.6,0.8,1,1.2,1.4",
            description = "alpha / alpha* values tested, with --sep-d (default: ${DEFAULT-VALUE})")
    DoubleList sepFactors;

    @Option(names = "--sep-cells", paramLabel = "K", defaultValue = "9",
            description = "with --sep-d: cells tested per model, spread over the range of alpha* among the cells "
                    + "whose test needs at most " + MAX_SEP_SAMPLES + " samples (default: ${DEFAULT-VALUE})")
    int sepCells;

    /** Most samples {@code alpha d} of one finite-d separability test (larger alpha* cells are not tested). */
    static final int MAX_SEP_SAMPLES = 10_000;

    /** Relative error bar to which each attention cell of a grid is refined. */
    static final double GRID_RELATIVE_TARGET = 0.008;

    /** One grid point: its settings (possibly undefined) and grid indices. */
    record Point(ModelSettings settings, Model model, int i, int j) {
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
        double[] factors = null;
        if (sepD != null) {
            if (axes.size() != 2) {
                throw new IllegalArgumentException("--sep-d needs two --grid options (markers on the heat map)");
            }
            if (units.isShard()) {
                throw new IllegalArgumentException("--sep-d cannot be combined with --shard");
            }
            if (sepD < 1 || sepD > SimulationOptions.MAX_D) {
                throw new IllegalArgumentException("--sep-d must lie in [1, " + SimulationOptions.MAX_D + "], got "
                        + sepD);
            }
            if (sepTrials < 1 || sepTrials > SimulationOptions.MAX_TRIALS) {
                throw new IllegalArgumentException("--sep-trials must lie in [1, " + SimulationOptions.MAX_TRIALS
                        + "], got " + sepTrials);
            }
            factors = CurveCommand.positive("--sep-factors", sepFactors.values()).clone();
            java.util.Arrays.sort(factors);
            if (sepCells < 1 || sepCells > 100) {
                throw new IllegalArgumentException("--sep-cells must lie in [1, 100], got " + sepCells);
            }
        }
        inputsChecked();

        Progress progress = ctx.progress("theory points", points.size());
        TheoryOptions inner = axes.isEmpty() ? options : options.withThreads(1);
        List<CapacityResult> results = ParallelMap.map(points.size(), axes.isEmpty() ? 1 : threads, k -> {
            Point p = points.get(k);
            // a phase diagram refines each cell to a 0.8% error bar, a single point to the library default
            return units.get("point", k, CapacityResult.class, () -> {
                if (!p.settings().isDefined()) {
                    return null;
                }
                try {
                    return axes.isEmpty() ? p.settings().theory(inner).capacity(p.model())
                            : p.settings().theory(inner).capacity(p.model(), GRID_RELATIVE_TARGET);
                } catch (TheoryException e) {
                    // the failing cell is named: a grid's failure must say where
                    throw new TheoryException(e.getMessage() + " (" + p.model().label() + ", " + p.settings().summary()
                            + ")", e);
                }
            });
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
        List<Marker> markers = sepD == null ? List.of()
                : separability(ctx, models, axes, points, results, factors, threads);
        plot(ctx, base, models, axes, points, results, markers);
        ctx.print(table, "capacity.csv");
        return ExitCodes.OK;
    }

    static List<Point> points(ModelSettings base, List<Model> models, List<GridAxis> axes) {
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

    /** A finite-d separability marker: the cell and the interpolated crossing (NaN: none in range). */
    private record Marker(Model model, int i, int j, double alphaSep) {
    }

    /** {@code k} indices spread evenly over {@code 0..n-1}. */
    static int[] spread(int n, int k) {
        int m = Math.min(n, k);
        int[] out = new int[m];
        for (int t = 0; t < m; t++) {
            out[t] = m == 1 ? (n - 1) / 2 : (int) Math.round(t * (n - 1) / (double) (m - 1));
        }
        return out;
    }

    /**
     * Finite-d capacity at a few cells: the fraction of separable data sets at {@code f alpha*} for
     * each factor {@code f}, and where it crosses 1/2 (linear interpolation); writes
     * {@code capacity_separability.csv}.
     */
    private List<Marker> separability(RunContext ctx, List<Model> models, List<GridAxis> axes, List<Point> points,
                                      List<CapacityResult> results, double[] factors, int threads) {
        GridAxis ax = axes.get(0);
        GridAxis ay = axes.get(1);
        // per model: the testable cells, sorted by alpha*, and sepCells of them spread over that order
        List<Integer> chosen = new ArrayList<>();
        int untestable = 0;
        for (Model m : models) {
            List<Integer> ok = new ArrayList<>();
            for (int k = 0; k < points.size(); k++) {
                Point p = points.get(k);
                CapacityResult r = results.get(k);
                if (p.model() != m) {
                    continue;
                }
                double star = r == null ? Double.NaN : r.alphaStar();
                double most = factors[factors.length - 1] * star * sepD;
                if (Double.isFinite(star) && star > 0 && most <= MAX_SEP_SAMPLES
                        && Math.rint(factors[0] * star * sepD) >= 2 && Math.rint(p.settings().alpha0() * sepD) >= 2
                        && SimulationBatch.fits(m, p.settings().simulation(sepD, factors[factors.length - 1] * star,
                                0, 0, 0.5))) {
                    ok.add(k);
                } else {
                    untestable++;
                }
            }
            ok.sort(java.util.Comparator.comparingDouble(k -> results.get(k).alphaStar()));
            for (int t : spread(ok.size(), sepCells)) {
                chosen.add(ok.get(t));
            }
        }
        chosen.sort(Integer::compare);
        Table table = new Table("model", ax.parameter().label(), ay.parameter().label(), "d", "alpha_star",
                "alpha_over_alpha_star", "alpha", "trials", "separable", "fraction", "alpha_cross");
        List<Marker> out = new ArrayList<>();
        Progress progress = ctx.progress("separability tests", chosen.size() * factors.length * sepTrials);
        if (untestable > 0) {
            ctx.warn(untestable + " cells cannot be tested at d=" + sepD + " (alpha* unresolved or undefined, or "
                    + "more than " + MAX_SEP_SAMPLES + " samples or a design above 1 GB); markers only on the others");
        }
        try (SeparabilityExperiment exp = new SeparabilityExperiment(threads)) {
            // every data set of every chosen cell in one batch (both cores busy, no barrier between cells)
            List<SeparabilityExperiment.DataSet> sets = new ArrayList<>();
            for (int k : chosen) {
                Point p = points.get(k);
                double star = results.get(k).alphaStar();
                for (int f = 0; f < factors.length; f++) {
                    SimulationConfig cfg = p.settings().simulation(sepD, factors[f] * star, 0, 0, 0.5);
                    long seed = SimulationBatch.seed(common.seed() + 7919L * (p.i() * 1000L + p.j()), sepD, f);
                    for (int t = 0; t < sepTrials; t++) {
                        sets.add(new SeparabilityExperiment.DataSet(ModelSettings.sim(p.model()), cfg, t, seed));
                    }
                }
            }
            boolean[] separableSets = exp.areSeparable(sets, progress::step);
            int next = 0;
            for (int k : chosen) {
                Point p = points.get(k);
                double star = results.get(k).alphaStar();
                List<Object[]> rows = new ArrayList<>();
                double[] fractions = new double[factors.length];
                java.util.Arrays.fill(fractions, Double.NaN);
                for (int f = 0; f < factors.length; f++) {
                    double alpha = factors[f] * star;
                    int separable = 0;
                    for (int t = 0; t < sepTrials; t++) {
                        separable += separableSets[next++] ? 1 : 0;
                    }
                    fractions[f] = (double) separable / sepTrials;
                    rows.add(new Object[] {p.model().label(), ax.cell(p.i()), ay.cell(p.j()), sepD, star, factors[f],
                        alpha, sepTrials, separable, fractions[f]});
                }
                double cross = SeparabilityCheck.crossing(factors, fractions) * star;
                for (Object[] row : rows) {
                    Object[] full = java.util.Arrays.copyOf(row, row.length + 1);
                    full[row.length] = Double.isNaN(cross) ? null : cross;
                    table.add(full);
                }
                out.add(new Marker(p.model(), p.i(), p.j(), cross));
            }
        }
        ctx.writeCsv("capacity_separability.csv", table);
        return out;
    }

    private void plot(RunContext ctx, ModelSettings base, List<Model> models, List<GridAxis> axes,
                      List<Point> points, List<CapacityResult> results, List<Marker> markers) {
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
                            xy.stream().mapToDouble(v -> v[1]).toArray(), null, Palette.series(m.ordinal()),
                    Palette.marker(m.ordinal()), Palette.dashed(m.ordinal()));
                }
            }
            plot.save(ctx.file("capacity.png"));
            ctx.file("capacity.svg");
        } else if (axes.size() == 2) {
            GridAxis ax = axes.get(0);
            GridAxis ay = axes.get(1);
            for (Model m : models) {
                String[] title = {"Capacity alpha* of the " + m.label() + " model (data separable below alpha*)",
                    base.summaryWithout(List.of(ax.parameter().label(), ay.parameter().label())), ax.parameter().label() + " and " + ay.parameter().label() + " vary; "
                        + (m == Model.ATTENTION ? "query from steps 1-3" : "loss, eta, beta, alpha0 unused")};
                HeatMap map = heatMap(title, m, ax, ay, points, results);
                for (Marker mk : markers) {
                    if (mk.model() == m) {
                        map.marker(mk.i(), mk.j(), mk.alphaSep(), "circles: alpha where the separable fraction "
                                + "crosses 1/2 at d=" + sepD + " (" + sepTrials + " sets per alpha; same colours; "
                                + "hollow: no crossing)");
                    }
                }
                map.save(ctx.file("capacity_" + m.label() + ".png"));
                ctx.file("capacity_" + m.label() + ".svg");
            }
        }
    }

    /**
     * The heat map of one model: {@code alpha*} per cell, grey where the model is undefined
     * ({@code R >= L}), hatched where {@code alpha*} is unresolved (not finite: beyond what the
     * quasi-Monte Carlo points resolve).
     */
    static HeatMap heatMap(String[] title, Model m, GridAxis ax, GridAxis ay, List<Point> points,
                           List<CapacityResult> results) {
        double[][] z = new double[ax.values().length][ay.values().length];
        boolean[][] unresolved = new boolean[ax.values().length][ay.values().length];
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            if (p.model() == m) {
                CapacityResult r = results.get(k);
                z[p.i()][p.j()] = r == null ? Double.NaN : r.alphaStar();
                unresolved[p.i()][p.j()] = r != null && !Double.isFinite(r.alphaStar());
            }
        }
        return new HeatMap(title, ax.parameter().label(), ax.values(), ay.parameter().label(), ay.values(), z,
                "alpha*").undefinedLabel("undefined (R >= L)")
                .hatch(unresolved, "unresolved: alpha* beyond what the QMC points resolve (no value)");
    }
}
