package org.sparseattention.theory.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/**
 * The smaller Gauss-Hermite rules of narrow cavity fields ({@link LogisticProxAverages#SD_BANDS}) against a
 * 96-node rule: the averages and their derivatives within {@code 3e-11} inside the bands, and no worse than
 * the full 24-node rule above them.
 */
class HermiteBandsTest {

    @Test
    void narrowFieldsKeepTheFullRulesAccuracy() {
        LogisticProxAverages ref = new LogisticProxAverages(new GaussHermiteRule(96));
        LogisticProxAverages banded = new LogisticProxAverages(new GaussHermiteRule(24));
        double worstInBands = 0;
        double worstAbove = 0;
        for (double sd = 0.02; sd <= 1.0; sd += 0.02) {
            double worst = 0;
            for (double mu = -12; mu <= 12; mu += 0.37) {
                for (double tau : new double[] {1e-3, 0.01, 0.1, 1, 3, 10, 30, 100, 1000}) {
                    for (double y : new double[] {1, -1}) {
                        double[] o1 = new double[4];
                        double[] o2 = new double[4];
                        banded.average(y, mu, sd, tau, o1);
                        ref.average(y, mu, sd, tau, o2);
                        for (int i = 0; i < 4; i++) {
                            worst = Math.max(worst, Math.abs(o1[i] - o2[i]));
                        }
                        double[] d1 = new double[9];
                        double[] d2 = new double[9];
                        banded.averageWithDerivatives(y, mu, sd, tau, o1, d1);
                        ref.averageWithDerivatives(y, mu, sd, tau, o2, d2);
                        for (int i = 0; i < 3; i++) {
                            worst = Math.max(worst, Math.abs(o1[i] - o2[i]));
                        }
                        for (int i = 0; i < 9; i++) {
                            worst = Math.max(worst, Math.abs(d1[i] - d2[i]) / (1 + Math.abs(d2[i])));
                        }
                    }
                }
            }
            if (sd <= LogisticProxAverages.SD_BANDS[LogisticProxAverages.SD_BANDS.length - 1]) {
                worstInBands = Math.max(worstInBands, worst);
            } else {
                worstAbove = Math.max(worstAbove, worst);
            }
        }
        assertTrue(worstInBands <= 3e-11, "inside the bands: " + worstInBands);
        assertTrue(worstAbove <= 2e-9, "above the bands (the full rule): " + worstAbove);
    }

    @Test
    void bandsUseFewerNodesAndScaleWithTheConfiguredRule() {
        LogisticProxAverages a = new LogisticProxAverages(new GaussHermiteRule(24));
        assertEquals(8, a.ruleFor(0.1).size());
        assertEquals(10, a.ruleFor(0.25).size());
        assertEquals(12, a.ruleFor(0.35).size());
        assertEquals(16, a.ruleFor(0.5).size());
        assertEquals(20, a.ruleFor(0.65).size());
        assertEquals(24, a.ruleFor(0.9).size());
        LogisticProxAverages fine = new LogisticProxAverages(new GaussHermiteRule(48));
        assertEquals(16, fine.ruleFor(0.1).size());
        assertEquals(48, fine.ruleFor(0.9).size());
    }
}
