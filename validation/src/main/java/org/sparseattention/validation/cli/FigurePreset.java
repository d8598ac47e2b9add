package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named figures of {@code sta figure --preset NAME} (docs/cli.md, figure): each is one run of a
 * subcommand with preset options, writing its CSV, PNG and manifest into {@code out/figure-NAME}
 * (or {@code --out}). Options given on the command line are appended after the preset's and so
 * override them.
 */
enum FigurePreset {
    /** Today's headline figure. */
    DEFAULT("default", "test error vs alpha1 for the three models, theory lines and simulation points (d=500)",
            "figure"),
    /** The paper's test-error figure. */
    PAPER_ERROR("paper-error", "test error vs alpha1 for the three models at L=10, R=1, pi=0.5, theta=5, "
            + "lambda=1e-5: theory lines and simulation points at d=1000",
            "figure", "--L", "10", "--R", "1", "--pi", "0.5", "--theta", "5", "--lambda", "1e-5", "--d", "1000",
            "--trials", "2", "--alpha1", "0.5,1,2,4"),
    /** The paper's alignment figure. */
    PAPER_ALIGN("paper-align", "alignment cos(w~1, xi), cos(q, xi) vs alpha0 after steps 1-3 at L=10, R=3, "
            + "pi=0.2, theta=6, eta=0.5, logistic: theory lines and simulation points (d=500, 4 trials)",
            "align", "--L", "10", "--R", "3", "--pi", "0.2", "--theta", "6", "--eta", "0.5", "--loss", "logistic",
            "--alpha0", "0.25:8:24", "--d", "500", "--trials", "4"),
    /** Attention's capacity over theta and L. */
    CAPACITY_PHASE("capacity-phase", "capacity alpha* of attention and the pooled model as heat maps over theta "
            + "and L, with finite-d separability crossings (d=200) as markers on 9 cells per model",
            "capacity", "--models", "attention,pooled", "--grid", "theta=1:8:15", "--grid", "L=4:40:10",
            "--qmc-points", "256", "--sep-d", "200"),
    /** The oracle separation. */
    ORACLE_SCALING("oracle-scaling", "signal strength theta needed for oracle error 0.05 vs L on log axes, with "
            + "sqrt L (linear models) and log L (attention) reference fits",
            "oracle", "--L", "10,20,50,100,200,500,1000", "--target-error", "0.05"),
    /** Joint training beyond the two query steps. */
    JOINT("joint", "test error and cos(q, xi) along 10 joint steps (line search, held-out early stop) against the "
            + "two-step theory, weak query (alpha0=0.5) and alpha1 = 2, 8, d=300",
            "simulate", "--models", "attention", "--alpha0", "0.5", "--alpha1", "2,8", "--d", "300", "--trials", "3",
            "--joint-steps", "10");

    private final String label;
    private final String description;
    private final String[] args;

    FigurePreset(String label, String description, String... args) {
        this.label = label;
        this.description = description;
        this.args = args;
    }

    /** Name on the command line. */
    String label() {
        return label;
    }

    /** One line on what the figure shows. */
    String description() {
        return description;
    }

    /** The subcommand run. */
    String command() {
        return args[0];
    }

    /**
     * The full argument list: the preset's subcommand and options, {@code --out out/figure-NAME}
     * unless {@code user} names one, then the user's options (which win).
     */
    String[] arguments(List<String> user) {
        List<String> out = new ArrayList<>(List.of(args));
        if (user.stream().anyMatch(a -> a.equals("--grid") || a.startsWith("--grid="))) {
            // --grid accumulates: grids on the command line replace the preset's
            for (int i = out.size() - 2; i >= 1; i--) {
                if (out.get(i).equals("--grid")) {
                    out.remove(i + 1);
                    out.remove(i);
                }
            }
        }
        boolean hasOut = user.stream().anyMatch(a -> a.equals("--out") || a.startsWith("--out="));
        if (!hasOut && this != DEFAULT) {
            out.add("--out");
            out.add("out/figure-" + label);
        }
        out.addAll(user);
        return out.toArray(String[]::new);
    }

    /**
     * Parses a preset name.
     *
     * @throws IllegalArgumentException naming the presets
     */
    static FigurePreset parse(String name) {
        for (FigurePreset p : values()) {
            if (p.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        StringBuilder names = new StringBuilder();
        for (FigurePreset p : values()) {
            names.append(names.length() > 0 ? ", " : "").append(p.label);
        }
        throw new IllegalArgumentException("--preset: unknown preset '" + name + "' (one of " + names + ")");
    }
}
