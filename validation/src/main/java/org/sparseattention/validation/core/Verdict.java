package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sparseattention.validation.stats.BonferroniBound;
import org.sparseattention.validation.stats.ExponentFit;
import org.sparseattention.validation.stats.Extrapolation;
import org.sparseattention.validation.stats.InverseSizeFit;

/**
 * The verdict of one model and quantity (docs/cli.md, section validate): the simulation means are
 * extrapolated to {@code d -> infinity} per {@code alpha1} ({@link Extrapolation}) and judged
 * against the theory, and the group's relative gaps are combined into one relative gap whose
 * standard error says which relative error the design can detect.
 *
 * <p>Tests of one run form one Bonferroni family at {@link #LEVEL}: every point's extrapolated
 * gap ({@code |z| < t_nu} bound), every group's combined relative gap, and every goodness-of-fit
 * test (groups with three or more distinct {@code d}).
 *
 * @param model              model label
 * @param quantity           compared quantity
 * @param points             number of compared rows (alpha1 x d)
 * @param maxAbsZ            largest raw {@code |z_score|} (finite-d rows; reported, not judged)
 * @param biasC              fitted {@code c} in {@code gap ~ c/d} (line through the origin)
 * @param biasCErr           its standard error
 * @param stdExponent        fitted exponent of the trial-to-trial standard deviation in {@code d}
 * @param stdExponentErr     its standard error
 * @param bound              two-sided Bonferroni bound of the raw z table (reported, not judged)
 * @param maxAbsZExtrapolated largest {@code Point.excessZ} over the group's points (NaN when none extrapolates)
 * @param worstAlpha1        {@code alpha1} of that point
 * @param extrapolatedBound  its Bonferroni bound (Student t with the point's degrees of freedom)
 * @param relativeGap        combined relative extrapolated gap {@code e/theory}, weighted by inverse variance
 * @param relativeGapErr     its standard error
 * @param relativeBound      Bonferroni bound of {@code max(0, |relativeGap| - TOLERANCE) / relativeGapErr}
 * @param detectable         the design's resolution: half-width of the 95% confidence interval of relativeGap
 * @param gofChi2            goodness-of-fit chi-square summed over the group's points
 * @param gofDof             its degrees of freedom (0: two d per point, the fit is exact)
 * @param gofP               its p-value (NaN when {@code gofDof = 0})
 * @param pass               no test of the group rejects
 */
public record Verdict(String model, String quantity, int points, double maxAbsZ, double biasC, double biasCErr,
                      double stdExponent, double stdExponentErr, double bound, double maxAbsZExtrapolated,
                      double worstAlpha1, double extrapolatedBound, double relativeGap, double relativeGapErr,
                      double relativeBound, double detectable, double gofChi2, int gofDof, double gofP,
                      boolean pass) {

    /** Family-wise level of the verdict. */
    public static final double LEVEL = 0.05;

    /**
     * The relative error a design must resolve: a model whose every quantity has a detectable
     * relative error above this makes the verdict inconclusive.
     */
    public static final double RESOLUTION = 0.05;

    /**
     * Relative gaps up to this size are not called failures: the extrapolation in {@code c/d}
     * leaves higher-order finite-size terms, and the heavy tails of the trial averages at a few
     * trials exceed Student's t (measured on the user guide's example, seeds 1-5).
     */
    public static final double TOLERANCE = 0.01;

    /** Overall outcome of a validation (exit codes 0, 3 and 4 of docs/cli.md). */
    public enum Outcome {
        /** Every test passes and every model resolves {@link #RESOLUTION}. */
        PASSED,
        /** Some test rejects. */
        FAILED,
        /** No test rejects but the design cannot detect a {@link #RESOLUTION} relative error for some model. */
        INCONCLUSIVE
    }

    /**
     * The extrapolation of one point (model, quantity, {@code alpha1}).
     *
     * @param fit    the fit (null when the point has fewer than two distinct d)
     * @param bound  its Bonferroni bound (NaN without fit)
     */
    public record Point(String model, String quantity, double alpha1, double theory, double theoryErr,
                        Extrapolation fit, double bound) {

        /**
         * The extrapolated gap beyond the tolerance in units of its error:
         * {@code max(0, |e| - TOLERANCE |theory|) / sigma} (NaN without a fit).
         */
        public double excessZ() {
            if (fit == null) {
                return Double.NaN;
            }
            double excess = Math.max(0, Math.abs(fit.gap()) - TOLERANCE * Math.abs(theory));
            return excess == 0 ? 0 : excess / fit.sigma();
        }

        /** {@code excessZ < bound}; true without a fit (nothing to judge). */
        public boolean pass() {
            return fit == null || excessZ() < bound;
        }
    }

    /**
     * Every verdict of a run.
     *
     * @param groups     one verdict per model and quantity, in order of first appearance
     * @param points     one extrapolation per model, quantity and {@code alpha1}
     * @param outcome    overall outcome
     * @param reason     one line explaining an outcome other than {@code PASSED} (empty otherwise)
     * @param resolution per model: the smallest detectable relative error over its quantities
     * @param tests      size of the Bonferroni family
     */
    public record Report(List<Verdict> groups, List<Point> points, Outcome outcome, String reason,
                         Map<String, Double> resolution, int tests) {
    }

    /**
     * Judges every compared row.
     *
     * @param rows every compared point (model, quantity, alpha1, d)
     */
    public static Report judge(List<Comparison> rows) {
        Map<String, List<Comparison>> groups = new LinkedHashMap<>();
        for (Comparison c : rows) {
            groups.computeIfAbsent(c.model() + "\u0000" + c.quantity(), k -> new ArrayList<>()).add(c);
        }
        // first pass: fits, to count the family
        Map<String, List<Point>> fits = new LinkedHashMap<>();
        int family = 0;
        for (Map.Entry<String, List<Comparison>> e : groups.entrySet()) {
            Map<Double, List<Comparison>> byAlpha = new TreeMap<>();
            for (Comparison c : e.getValue()) {
                byAlpha.computeIfAbsent(c.alpha1(), k -> new ArrayList<>()).add(c);
            }
            List<Point> pts = new ArrayList<>();
            boolean anyGof = false;
            for (List<Comparison> at : byAlpha.values()) {
                Comparison first = at.get(0);
                Extrapolation fit = null;
                if (at.stream().mapToInt(Comparison::d).distinct().count() >= 2) {
                    fit = Extrapolation.fit(at.stream().mapToInt(Comparison::d).toArray(),
                            at.stream().mapToDouble(Comparison::gap).toArray(),
                            at.stream().mapToDouble(Comparison::simStderr).toArray(),
                            at.stream().mapToInt(Comparison::trials).toArray(), first.theoryErr());
                    family++;
                    anyGof |= fit.chi2Dof() > 0;
                }
                pts.add(new Point(first.model(), first.quantity(), first.alpha1(), first.theory(), first.theoryErr(),
                        fit, Double.NaN));
            }
            if (pts.stream().anyMatch(p -> p.fit() != null)) {
                family++;
            }
            if (anyGof) {
                family++;
            }
            fits.put(e.getKey(), pts);
        }
        int tests = Math.max(family, 1);
        List<Verdict> verdicts = new ArrayList<>();
        List<Point> allPoints = new ArrayList<>();
        Map<String, Double> resolution = new LinkedHashMap<>();
        double rawBound = rows.isEmpty() ? Double.NaN
                : BonferroniBound.twoSided(LEVEL, rows.size(), Math.max(1, minTrials(rows) - 1));
        for (Map.Entry<String, List<Comparison>> e : groups.entrySet()) {
            List<Point> pts = new ArrayList<>();
            for (Point p : fits.get(e.getKey())) {
                double b = p.fit() == null ? Double.NaN : tBound(tests, p.fit().dof());
                pts.add(new Point(p.model(), p.quantity(), p.alpha1(), p.theory(), p.theoryErr(), p.fit(), b));
            }
            allPoints.addAll(pts);
            Verdict v = group(e.getValue(), pts, tests, rawBound);
            verdicts.add(v);
            resolution.merge(v.model(), v.detectable(), (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a
                    : Math.min(a, b));
        }
        Outcome outcome;
        String reason = "";
        List<String> failing = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (!v.pass()) {
                failing.add(v.model() + " " + v.quantity());
            }
        }
        List<String> weak = new ArrayList<>();
        for (Map.Entry<String, Double> r : resolution.entrySet()) {
            if (!(r.getValue() <= RESOLUTION)) {
                weak.add(r.getKey() + (Double.isNaN(r.getValue()) ? " (no extrapolation)"
                        : String.format(java.util.Locale.ROOT, " (detects %.1f%%)", 100 * r.getValue())));
            }
        }
        if (!failing.isEmpty()) {
            outcome = Outcome.FAILED;
            reason = "rejected: " + String.join(", ", failing);
        } else if (!weak.isEmpty() || verdicts.isEmpty()) {
            outcome = Outcome.INCONCLUSIVE;
            reason = String.format(java.util.Locale.ROOT, "the design cannot detect a %.0f%% relative error for: %s "
                    + "(more trials or larger d)", 100 * RESOLUTION, String.join(", ", weak));
        } else {
            outcome = Outcome.PASSED;
        }
        return new Report(verdicts, allPoints, outcome, reason, resolution, tests);
    }

    private static int minTrials(List<Comparison> rows) {
        return rows.stream().mapToInt(Comparison::trials).min().orElse(2);
    }

    /** Two-sided Bonferroni bound of Student's t with (possibly fractional or infinite) dof. */
    static double tBound(int tests, double dof) {
        return tQuantile(1 - LEVEL / (2.0 * tests), dof);
    }

    /** Quantile {@code p} of Student's t with (possibly fractional or infinite) dof. */
    static double tQuantile(double p, double dof) {
        if (!(dof < 1e7)) {
            return new org.hipparchus.distribution.continuous.NormalDistribution(0, 1).inverseCumulativeProbability(p);
        }
        return new org.hipparchus.distribution.continuous.TDistribution(Math.max(dof, 0.5))
                .inverseCumulativeProbability(p);
    }

    private static Verdict group(List<Comparison> g, List<Point> pts, int tests, double rawBound) {
        int n = g.size();
        double maxZ = 0;
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

        double maxExt = Double.NaN;
        double worstAlpha = Double.NaN;
        double worstBound = Double.NaN;
        boolean pointsPass = true;
        double w = 0;
        double wr = 0;
        List<double[]> terms = new ArrayList<>();
        double chi2 = 0;
        int gofDof = 0;
        int varianceDof = Integer.MAX_VALUE;
        for (Point p : pts) {
            Extrapolation f = p.fit();
            if (f == null) {
                continue;
            }
            double az = p.excessZ();
            if (Double.isNaN(maxExt) || az / p.bound() > maxExt / worstBound) {
                maxExt = az;
                worstAlpha = p.alpha1();
                worstBound = p.bound();
            }
            pointsPass &= p.pass();
            chi2 += f.chi2();
            gofDof += f.chi2Dof();
            varianceDof = Math.min(varianceDof, f.varianceDof());
            if (p.theory() != 0 && f.sigma() > 0) {
                double rel = f.gap() / p.theory();
                double relErr = f.sigma() / Math.abs(p.theory());
                double wi = 1 / (relErr * relErr);
                w += wi;
                wr += wi * rel;
                terms.add(new double[] {wi, f.dof()});
            }
        }
        double relGap = Double.NaN;
        double relErr = Double.NaN;
        double relBound = Double.NaN;
        double halfWidth = Double.NaN;
        boolean relPass = true;
        if (w > 0) {
            relGap = wr / w;
            relErr = 1 / Math.sqrt(w);
            // Welch-Satterthwaite over the points: var = sum w_i / W^2
            double num = 1 / w;
            double den = 0;
            for (double[] t : terms) {
                double term = t[0] / (w * w);
                den += Double.isInfinite(t[1]) ? 0 : term * term / t[1];
            }
            double nu = den == 0 ? Double.POSITIVE_INFINITY : num * num / den;
            relBound = tBound(tests, nu);
            relPass = Math.max(0, Math.abs(relGap) - TOLERANCE) < relBound * relErr;
            halfWidth = tQuantile(0.975, nu) * relErr;
        }
        double gofP = Double.NaN;
        boolean gofPass = true;
        if (gofDof > 0) {
            double scale = varianceDof > 2 ? (varianceDof - 2.0) / varianceDof : 1;
            gofP = 1 - new org.hipparchus.distribution.continuous.ChiSquaredDistribution(gofDof)
                    .cumulativeProbability(chi2 * scale);
            gofPass = gofP >= LEVEL / tests;
        }
        boolean pass = pointsPass && relPass && gofPass;
        return new Verdict(g.get(0).model(), g.get(0).quantity(), n, maxZ, bias.c(), bias.cErr(), spread.exponent(),
                spread.exponentErr(), rawBound, maxExt, worstAlpha, worstBound, relGap, relErr, relBound,
                halfWidth, gofDof > 0 ? chi2 : Double.NaN, gofDof, gofP, pass);
    }
}
