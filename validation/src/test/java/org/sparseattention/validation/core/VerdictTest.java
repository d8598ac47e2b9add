package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sparseattention.validation.stats.BonferroniBound;

class VerdictTest {

    private static List<Comparison> rows(String model, double gapScale) {
        List<Comparison> rows = new ArrayList<>();
        for (double a : new double[] {1, 2}) {
            for (int d : new int[] {250, 500, 1000, 2000}) {
                double std = 0.4 / Math.sqrt(d);
                double se = std / Math.sqrt(8);
                rows.add(new Comparison(model, "logistic", a, d, "test_error", 0.2, 0.0, 0.2 + gapScale / d, se, std, 8));
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
    void smallBiasPassesAndIsFitted() {
        List<Verdict> v = Verdict.of(rows("pooled", 0.5), 8);
        assertEquals(1, v.size());
        Verdict r = v.get(0);
        assertTrue(r.pass());
        assertEquals(0.5, r.biasC(), 1e-9);
        assertEquals(-0.5, r.stdExponent(), 1e-9);
        assertEquals(BonferroniBound.twoSided(0.05, 8, 7), r.bound(), 1e-12);
        assertEquals(8, r.points());
    }

    @Test
    void largeGapFails() {
        List<Comparison> rows = new ArrayList<>(rows("pooled", 0.5));
        rows.addAll(rows("attention", 40));
        List<Verdict> v = Verdict.of(rows, 8);
        assertEquals(2, v.size());
        assertTrue(v.get(0).pass());
        assertFalse(v.get(1).pass());
        assertTrue(v.get(1).maxAbsZ() > v.get(1).bound());
        assertEquals(BonferroniBound.twoSided(0.05, 16, 7), v.get(1).bound(), 1e-12);
    }
}
