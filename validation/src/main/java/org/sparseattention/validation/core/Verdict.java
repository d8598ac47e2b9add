package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sparseattention.validation.stats.BonferroniBound;
import org.sparseattention.validation.stats.ExponentFit;
import org.sparseattention.validation.stats.InverseSizeFit;

/**
 * The verdict of one model and quantity (CLI.md {@code validate}).
 *
 * @param model        model label
 * @param quantity     compared quantity
 * @param points       number of compared points
 * @param maxAbsZ      largest {@code |z_score|}
 * @param biasC        fitted {@code c} in {@code gap ~ c/d}
 * @param biasCErr     its standard error
 * @param stdExponent  fitted exponent of the trial-to-trial standard deviation in {@code d}
 * @param stdExponentErr its standard error
 * @param bound        two-sided Bonferroni bound at 5% over all rows
 * @param pass         every {@code |z_score|} below the bound
 */
public record Verdict(String model, String quantity, int points, double maxAbsZ, double biasC, double biasCErr,
                      double stdExponent, double stdExponentErr, double bound, boolean pass) {

    /** Family-wise level of the verdict. */
    public static final double LEVEL = 0.05;

    /**
     * Computes one verdict per model and quantity, in order of first appearance.
     *
     * @param rows   every compared point (the Bonferroni family)
     * @param trials trials per point ({@code trials - 1} degrees of freedom)
     */
    public static List<Verdict> of(List<Comparison> rows, int trials) {
        double bound = BonferroniBound.twoSided(LEVEL, Math.max(rows.size(), 1), trials - 1);
        Map<String, List<Comparison>> groups = new LinkedHashMap<>();
        for (Comparison c : rows) {
            groups.computeIfAbsent(c.model() + "\u0000" + c.quantity(), k -> new ArrayList<>()).add(c);
        }
        List<Verdict> out = new ArrayList<>();
        for (List<Comparison> g : groups.values()) {
            out.add(of(g, bound));
        }
        return out;
    }

    private static Verdict of(List<Comparison> g, double bound) {
        double maxZ = 0;
        int n = g.size();
        double[] d = new double[n];
        double[] gap = new double[n];
        double[] sigma = new double[n];
        Map<Double, List<ExponentFit.Point>> byAlpha = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Comparison c = g.get(i);
            double z = Math.abs(c.zScore());
            maxZ = Double.isNaN(z) ? Double.NaN : Math.max(maxZ, z);
            d[i] = c.d();
            gap[i] = c.gap();
            sigma[i] = c.sigma();
            byAlpha.computeIfAbsent(c.alpha1(), k -> new ArrayList<>()).add(new ExponentFit.Point(c.d(), c.simStd()));
        }
        InverseSizeFit bias = InverseSizeFit.fit(d, gap, sigma);
        ExponentFit spread = ExponentFit.fit(new ArrayList<>(byAlpha.values()));
        boolean pass = maxZ < bound;
        return new Verdict(g.get(0).model(), g.get(0).quantity(), n, maxZ, bias.c(), bias.cErr(),
                spread.exponent(), spread.exponentErr(), bound, pass);
    }
}
