package org.sparseattention.theory.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.ReferenceValues;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.GaussHermiteRule;

class AlignmentTheoryTest {
    private final AlignmentTheory theory = new AlignmentTheory(new GaussHermiteRule(60));

    private AlignmentResult at(double pi, String loss, double alpha0) {
        return theory.compute(new SparseTokenParameters(10, 1, pi, 5), Losses.byName(loss),
                new QueryProtocol(10, 0.5, 0.5, 0.5, alpha0));
    }

    @Test
    void logisticDefaultsByHand() {
        // pi = 1/2, logistic: b1 = 0, c+- = +-1/2, m_w = eta pi c+ theta R / L = 0.0625,
        // r_w^2 = eta^2 E[c^2] / (alpha0 L) = 0.25 * 0.25 / 20
        AlignmentResult r = at(0.5, "logistic", 2);
        assertEquals(0, r.b1(), 1e-15);
        assertEquals(0.0625, r.mW(), 1e-15);
        assertEquals(Math.sqrt(0.25 * 0.25 / 20), r.rW(), 1e-15);
        assertEquals(0.0625 / Math.sqrt(0.0625 * 0.0625 + 0.25 * 0.25 / 20), r.cosWXi(), 1e-14);
        assertEquals(10 * r.qNorm(), r.kappa(), 1e-14);
        assertEquals(r.qDotXi() / r.qNorm(), r.cosQXi(), 1e-14);
    }

    @Test
    void squareLossAveragesAreExactPolynomials() {
        // square loss: h = y - yhat1 is linear, so E[h|y] = y - mu_y and E[h^2|y] = (y - mu_y)^2 + sigma1^2
        double pi = 0.3;
        QueryProtocol t = new QueryProtocol(10, 0.5, 0.5, 0.5, 3);
        SparseTokenParameters p = new SparseTokenParameters(10, 2, pi, 4);
        AlignmentResult r = theory.compute(p, Losses.byName("square"), t);
        double b1 = 0.5 * (2 * pi - 1);
        assertEquals(b1, r.b1(), 1e-15);
        double cPlus = 1 - b1;
        double cMinus = -1 - b1;
        double mW = 0.5 * pi * cPlus * 4 * 2 / 10;
        double rW2 = 0.25 * (pi * cPlus * cPlus + (1 - pi) * cMinus * cMinus) / (3 * 10);
        double muP = b1 + mW * 4 * 2 / 10 + 0.5 * cPlus / 30;
        double muM = b1 + 0.5 * cMinus / 30;
        double s2 = (mW * mW + rW2) / 10;
        double h1Plus = pi * (1 - muP);
        double h1 = h1Plus + (1 - pi) * (-1 - muM);
        double h2Plus = pi * ((1 - muP) * (1 - muP) + s2);
        double h2 = h2Plus + (1 - pi) * ((-1 - muM) * (-1 - muM) + s2);
        assertEquals(h1, r.h1(), 1e-13);
        assertEquals(h1Plus, r.h1Plus(), 1e-13);
        assertEquals(h2, r.h2(), 1e-13);
        assertEquals(h2Plus, r.h2Plus(), 1e-13);
    }

    @Test
    void signOfQueryFollowsSectionFour() {
        // docs/theory.md section 4: s_q ~ +0.95 at pi = 0.5 and ~ -0.12 at pi = 0.15 (logistic, alpha0 = 2)
        assertEquals(0.95, at(0.5, "logistic", 2).cosQXi(), 0.01);
        double sNeg = at(0.15, "logistic", 2).cosQXi();
        assertTrue(sNeg < 0, "s_q should be negative at pi = 0.15, got " + sNeg);
        assertEquals(-0.12, sNeg, 0.01);
    }

    @Test
    void queryAlignsLikeOneOverAlpha0() {
        // 1 - s_q = O(1/alpha0): alpha0 (1 - s_q) tends to a constant, s_q -> +1 at pi = 0.5
        double[] a0 = {50, 100, 200, 400, 800};
        double[] scaled = new double[a0.length];
        for (int i = 0; i < a0.length; i++) {
            scaled[i] = a0[i] * (1 - at(0.5, "logistic", a0[i]).cosQXi());
        }
        for (int i = 1; i < a0.length; i++) {
            assertEquals(scaled[a0.length - 1], scaled[i], 0.05 * scaled[a0.length - 1]);
        }
        assertEquals(1, at(0.5, "logistic", 1e6).cosQXi(), 1e-4);
        // and to -1 where the limit sign is negative
        assertEquals(-1, at(0.15, "logistic", 1e6).cosQXi(), 1e-3);
    }

    @Test
    void hingeClosedFormMatchesFineQuadratureOfStepFunction() {
        // with hinge, H averages are Phi's; compare with brute-force Riemann sum of the step function
        SparseTokenParameters p = new SparseTokenParameters(8, 2, 0.4, 3);
        QueryProtocol t = new QueryProtocol(5, 0.7, 0.6, 0.5, 1.5);
        AlignmentResult r = theory.compute(p, Losses.byName("hinge"), t);
        double pi = 0.4;
        double b1 = r.b1();
        assertEquals(-0.7 * (pi * -1 + (1 - pi) * 1), b1, 1e-15);
        double cPlus = 1;
        double cMinus = -1; // |b1| < 1 so both classes are inside the margin
        double mW = 0.6 * pi * cPlus * 3 * 2 / 8;
        double rW2 = 0.36 * 1.0 / (1.5 * 8);
        double muP = b1 + mW * 3 * 2 / 8 + 0.6 * cPlus / (1.5 * 8);
        double muM = b1 + 0.6 * cMinus / (1.5 * 8);
        double sigma = Math.sqrt((mW * mW + rW2) / 8);
        double pPlus = 0;
        double pMinus = 0;
        int n = 400000;
        for (int i = 0; i < n; i++) {
            double z = -10 + 20 * (i + 0.5) / n;
            double dens = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * 20.0 / n;
            if (muP + sigma * z < 1) {
                pPlus += dens;
            }
            if (-(muM + sigma * z) < 1) {
                pMinus += dens;
            }
        }
        assertEquals(pi * pPlus, r.h1Plus(), 1e-6);
        assertEquals(pi * pPlus - (1 - pi) * pMinus, r.h1(), 1e-6);
        assertEquals(pi * pPlus + (1 - pi) * pMinus, r.h2(), 1e-6);
    }

    @Test
    void agreesWithReferenceValues() throws Exception {
        int checked = 0;
        for (ReferenceValues.Row row : ReferenceValues.rows()) {
            if (row.section() != 4) {
                continue;
            }
            AlignmentResult r = at(0.5, row.loss(), 2);
            double mine = switch (row.quantity()) {
                case "cos_w_xi" -> r.cosWXi();
                case "cos_q_xi" -> r.cosQXi();
                case "q_norm" -> r.qNorm();
                case "q_dot_xi" -> r.qDotXi();
                default -> throw new IllegalStateException(row.quantity());
            };
            assertTrue(row.agrees(mine, 0), row + " vs " + mine);
            checked++;
        }
        assertEquals(8, checked);
    }
}
