package org.sparseattention.validation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void bonferroniBoundMatchesStudentTables() {
        // t_{0.975, 7} and t_{0.975, 10} from standard tables
        assertEquals(2.364624, BonferroniBound.twoSided(0.05, 1, 7), 1e-5);
        assertEquals(2.228139, BonferroniBound.twoSided(0.05, 1, 10), 1e-5);
        // 5 comparisons: t_{0.995, 20}
        assertEquals(2.845340, BonferroniBound.twoSided(0.05, 5, 20), 1e-5);
        // 10 comparisons: t_{0.9975, 7}
        assertEquals(4.029337, BonferroniBound.twoSided(0.05, 10, 7), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> BonferroniBound.twoSided(0.05, 3, 0));
    }

    @Test
    void sampleSummary() {
        SampleSummary s = SampleSummary.of(new double[] {1, 2, 3, 4, Double.NaN});
        assertEquals(4, s.n());
        assertEquals(2.5, s.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3) / 2, s.stderr(), 1e-15);
    }

    @Test
    void inverseSizeFitRecoversExactCoefficient() {
        double[] d = {250, 500, 1000, 2000};
        double[] gap = new double[4];
        double[] sigma = {0.01, 0.01, 0.02, 0.02};
        for (int i = 0; i < 4; i++) {
            gap[i] = 3.0 / d[i];
        }
        InverseSizeFit f = InverseSizeFit.fit(d, gap, sigma);
        assertEquals(3.0, f.c(), 1e-12);
        double sxx = 0;
        for (int i = 0; i < 4; i++) {
            sxx += 1 / (d[i] * d[i] * sigma[i] * sigma[i]);
        }
        assertEquals(1 / Math.sqrt(sxx), f.cErr(), 1e-12);
        assertEquals(0.0, f.chi2PerDof(), 1e-20);
    }

    @Test
    void inverseSizeFitOnNoisyDataIsWithinItsErrorBar() {
        Random rnd = new Random(7);
        double[] d = {100, 200, 400, 800, 1600, 3200};
        double[] gap = new double[d.length];
        double[] sigma = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            sigma[i] = 0.002;
            gap[i] = -5.0 / d[i] + sigma[i] * rnd.nextGaussian();
        }
        InverseSizeFit f = InverseSizeFit.fit(d, gap, sigma);
        assertEquals(-5.0, f.c(), 4 * f.cErr());
    }

    @Test
    void exponentFitWithSeparateInterceptsPerGroup() {
        List<List<ExponentFit.Point>> groups = new ArrayList<>();
        for (double amp : new double[] {2, 5, 0.3}) {
            List<ExponentFit.Point> g = new ArrayList<>();
            for (double d : new double[] {250, 500, 1000, 2000}) {
                g.add(new ExponentFit.Point(d, amp * Math.pow(d, -0.5)));
            }
            groups.add(g);
        }
        ExponentFit f = ExponentFit.fit(groups);
        assertEquals(-0.5, f.exponent(), 1e-12);
        assertEquals(0.0, f.exponentErr(), 1e-10);
        assertEquals(12, f.points());
    }

    @Test
    void exponentFitIgnoresUnusablePoints() {
        ExponentFit f = ExponentFit.fit(List.of(List.of(new ExponentFit.Point(100, 1.0),
                new ExponentFit.Point(400, 0.25), new ExponentFit.Point(800, Double.NaN))));
        assertEquals(-1.0, f.exponent(), 1e-12);
        assertEquals(Double.NaN, ExponentFit.fit(List.of(List.of(new ExponentFit.Point(100, 1)))).exponent());
    }
}
