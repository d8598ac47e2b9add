package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;
import org.sparseattention.validation.stats.Extrapolation;

class VerdictTest {

    /**
     * Rows of one model whose simulation means follow {@code theory(1 + rel) + c/d} exactly, with
     * standard errors {@code s0/sqrt(d trials)}.
     */
    private static List<Comparison> rows(String model, int[] dims, int trials, double s0, double rel, double c,
                                         DoubleUnaryOperator extra) {
        List<Comparison> rows = new ArrayList<>();
        for (double a : new double[] {1, 2}) {
            double theory = 0.3 / a;
            for (int d : dims) {
                double se = s0 / Math.sqrt((double) d * trials);
                double mean = theory * (1 + rel) + c / d + extra.applyAsDouble(d);
                rows.add(new Comparison(model, "logistic", a, d, "test_error", theory, 0.0, mean, se,
                        se * Math.sqrt(trials), trials));
            }
        }
        return rows;
    }

    @Test
    void zScoreCombinesBothErrorBars() {
        Comparison c = new Comparison("attention", "square", 1, 100, "test_error", 0.30, 0.003, 0.31, 0.004, 0.01, 8);
        assertEquals(0.01, c.gap(), 1e-15);
        assertEquals(0.01 / 0.005, c.zScore(), 1e-12);
    }

    @Test
    void twoSizesExtrapolateByTheClosedForm() {
        // d = 200, 400: e = 2 g(400) - g(200), var e = 4 s400^2 + s200^2 (exact fit)
        Extrapolation f = Extrapolation.fit(new int[] {200, 400}, new double[] {0.03, 0.01},
                new double[] {0.002, 0.001}, new int[] {6, 6}, 0.0);
        assertEquals(2 * 0.01 - 0.03, f.gap(), 1e-15);
        assertEquals(Math.sqrt(4 * 1e-6 + 4e-6), f.gapErr(), 1e-15);
        assertEquals((0.03 - 0.01) / (1 / 200.0 - 1 / 400.0), f.c(), 1e-9);
        // Welch-Satterthwaite: (4e-6 + 4e-6)^2 / ((4e-6)^2/5 + (4e-6)^2/5) = 10
        assertEquals(10, f.dof(), 1e-9);
        assertEquals(0, f.chi2Dof());
        assertTrue(Double.isNaN(f.gofP()));
        // the theory's bar adds in quadrature and has no sampling noise
        Extrapolation g = Extrapolation.fit(new int[] {200, 400}, new double[] {0.03, 0.01},
                new double[] {0.002, 0.001}, new int[] {6, 6}, 0.003);
        assertEquals(Math.sqrt(8e-6 + 9e-6), g.sigma(), 1e-15);
        assertEquals(17e-6 * 17e-6 / (2 * 16e-12 / 5), g.dof(), 1e-6);
    }

    @Test
    void oneSizeCannotExtrapolate() {
        assertThrows(IllegalArgumentException.class, () -> Extrapolation.fit(new int[] {50, 50},
                new double[] {0.1, 0.1}, new double[] {0.01, 0.01}, new int[] {2, 2}, 0));
    }

    @Test
    void finiteSizeBiasPassesAfterExtrapolationThoughRawZIsLarge() {
        int[] dims = {200, 400, 800};
        List<Comparison> rows = rows("pooled", dims, 8, 0.2, 0, 4.0, d -> 0);
        Verdict.Report r = Verdict.judge(rows);
        assertEquals(Verdict.Outcome.PASSED, r.outcome(), r.reason());
        Verdict v = r.groups().get(0);
        assertTrue(v.maxAbsZ() > v.bound(), "the raw z sees the c/d bias: " + v.maxAbsZ());
        assertEquals(0, v.maxAbsZExtrapolated(), 1e-9);
        assertEquals(0, v.relativeGap(), 1e-9);
        // 3 distinct d: one residual dof per alpha1, the exact c/d law fits perfectly
        assertEquals(2, v.gofDof());
        assertEquals(1, v.gofP(), 1e-9);
        // family: 2 points + 1 group + 1 goodness of fit
        assertEquals(4, r.tests());
    }

    @Test
    void theoryOffByFivePercentFails() {
        List<Comparison> rows = rows("pooled", new int[] {200, 400}, 8, 0.05, 0.05, 1.0, d -> 0);
        Verdict.Report r = Verdict.judge(rows);
        assertEquals(Verdict.Outcome.FAILED, r.outcome());
        assertEquals(0.05, r.groups().get(0).relativeGap(), 1e-9);
        assertFalse(r.groups().get(0).pass());
    }

    @Test
    void gapWithinTheToleranceIsNotAFailure() {
        // a 0.5% relative gap with tiny error bars: significant, but inside the 1% tolerance
        List<Comparison> rows = rows("pooled", new int[] {200, 400}, 8, 0.002, 0.005, 0, d -> 0);
        Verdict.Report r = Verdict.judge(rows);
        assertEquals(Verdict.Outcome.PASSED, r.outcome(), r.reason());
        // 1.5%: beyond it by 0.5% with relative errors of about 0.01%: rejected
        Verdict.Report bad = Verdict.judge(rows("pooled", new int[] {200, 400}, 8, 0.002, 0.015, 0, d -> 0));
        assertEquals(Verdict.Outcome.FAILED, bad.outcome());
    }

    @Test
    void weakDesignIsInconclusiveNeverPassed() {
        // 2 trials, large spread: the 95% interval of the relative gap is far wider than 5%
        List<Comparison> rows = rows("pooled", new int[] {50, 100}, 2, 1.0, 0, 0, d -> 0);
        Verdict.Report r = Verdict.judge(rows);
        assertEquals(Verdict.Outcome.INCONCLUSIVE, r.outcome());
        assertTrue(r.resolution().get("pooled") > Verdict.RESOLUTION);
        assertTrue(r.reason().contains("pooled"), r.reason());
    }

    @Test
    void resolutionIsTheConfidenceHalfWidth() {
        List<Comparison> rows = rows("pooled", new int[] {200, 400}, 8, 0.2, 0, 0, d -> 0);
        Verdict v = Verdict.judge(rows).groups().get(0);
        // per alpha1: relErr = sqrt(4 s400^2 + s200^2) / theory, combined by inverse variance
        double w = 0;
        double den = 0;
        for (double a : new double[] {1, 2}) {
            double theory = 0.3 / a;
            double s200 = 0.2 / Math.sqrt(200 * 8.0);
            double s400 = 0.2 / Math.sqrt(400 * 8.0);
            double rel2 = (4 * s400 * s400 + s200 * s200) / (theory * theory);
            double nu = Math.pow(4 * s400 * s400 + s200 * s200, 2)
                    / ((16 * Math.pow(s400, 4) + Math.pow(s200, 4)) / 7);
            w += 1 / rel2;
            den += Math.pow(1 / rel2, 2) / nu;
        }
        double relErr = 1 / Math.sqrt(w);
        double nu = (1 / w) * (1 / w) / (den / (w * w * w * w));
        assertEquals(relErr, v.relativeGapErr(), 1e-12);
        assertEquals(new TDistribution(nu).inverseCumulativeProbability(0.975) * relErr, v.detectable(), 1e-9);
    }

    @Test
    void curvatureBeyondInverseSizeFailsTheGoodnessOfFit() {
        // mean = theory + 40/d^1.0 + a large 1/d^2 term: the c/d line through 3 sizes misfits
        List<Comparison> rows = rows("pooled", new int[] {100, 200, 400}, 8, 0.02, 0, 0, d -> 3000.0 / (d * d));
        Verdict.Report r = Verdict.judge(rows);
        Verdict v = r.groups().get(0);
        assertTrue(v.gofP() < 1e-6, "p = " + v.gofP());
        assertFalse(v.pass());
        assertEquals(Verdict.Outcome.FAILED, r.outcome());
    }
}
