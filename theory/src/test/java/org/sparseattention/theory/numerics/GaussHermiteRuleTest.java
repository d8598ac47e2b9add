package org.sparseattention.theory.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.analysis.integration.gauss.HermiteRuleFactory;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.Test;

/** The rule integrates standard normal moments exactly up to degree 2n-1 (closed form (2k-1)!!). */
class GaussHermiteRuleTest {

    @Test
    void normalMomentsAreExact() {
        for (int n : new int[] {2, 5, 24, 48, 100, 200}) {
            GaussHermiteRule r = new GaussHermiteRule(n);
            assertEquals(n, r.size());
            for (int i = 1; i < n; i++) {
                assertTrue(r.node(i) > r.node(i - 1), "ascending distinct nodes, n=" + n);
            }
            double doubleFactorial = 1;
            for (int k = 0; 2 * k <= Math.min(2 * n - 1, 40); k++) {
                final int deg = 2 * k;
                double m = r.expectation(z -> Math.pow(z, deg));
                assertEquals(doubleFactorial, m, 1e-11 * doubleFactorial, "E[z^" + deg + "], n=" + n);
                final int odd = deg + 1;
                assertEquals(0.0, r.expectation(z -> Math.pow(z, odd)), 1e-11 * doubleFactorial * (odd + 1),
                        "E[z^" + odd + "], n=" + n);
                doubleFactorial *= 2 * k + 1;
            }
        }
    }

    @Test
    void repeatedRulesAreIdenticalAndSymmetric() {
        GaussHermiteRule a = new GaussHermiteRule(24);
        GaussHermiteRule b = new GaussHermiteRule(24);
        assertNotSame(a, b);
        for (int i = 0; i < 24; i++) {
            assertEquals(a.node(i), b.node(i));
            assertEquals(a.weight(i), b.weight(i));
        }
        assertEquals(-a.node(0), a.node(23), 1e-13);
    }

    /** Same nodes and weights as Hipparchus's independent Hermite rule (exp(-x^2) weight, rescaled). */
    @Test
    void agreesWithHipparchus() {
        for (int n : new int[] {1, 2, 3, 7, 24, 48}) {
            GaussHermiteRule r = new GaussHermiteRule(n);
            Pair<double[], double[]> h = new HermiteRuleFactory().getRule(n);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double node = Math.sqrt(2) * h.getFirst()[i];
                double weight = h.getSecond()[i] / Math.sqrt(Math.PI);
                assertEquals(node, r.node(i), 1e-12 * Math.max(1, Math.abs(node)), "node " + i + " of n=" + n);
                assertEquals(weight, r.weight(i), 1e-9 * weight + 1e-300, "weight " + i + " of n=" + n);
                sum += r.weight(i);
            }
            assertEquals(1.0, sum, 1e-13, "weights sum to 1, n=" + n);
        }
    }
}
