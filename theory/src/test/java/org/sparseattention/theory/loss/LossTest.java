package org.sparseattention.theory.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LossTest {

    /** Brute-force minimiser of l(y,x) + (x-h)^2/(2 tau) by golden-section search on a wide bracket. */
    static double bruteProx(Loss loss, double y, double h, double tau) {
        double a = h - 10 - 2 * tau;
        double b = h + 10 + 2 * tau;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 300; i++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            double fc = loss.value(y, c) + (c - h) * (c - h) / (2 * tau);
            double fd = loss.value(y, d) + (d - h) * (d - h) / (2 * tau);
            if (fc < fd) {
                b = d;
            } else {
                a = c;
            }
        }
        return 0.5 * (a + b);
    }

    @ParameterizedTest
    @CsvSource({
        "square,1,0.3,0.5", "square,-1,2.0,10", "logistic,1,-3,0.1", "logistic,-1,0.7,5",
        "logistic,1,4,1e3", "logistic,-1,-20,1e4", "logistic,1,0,1e-4", "hinge,1,0.2,0.5",
        "hinge,-1,0.2,0.5", "hinge,1,1.5,2", "hinge,-1,3,0.1", "hinge,1,-2,0.7"})
    void proxMatchesBruteForce(String name, double y, double h, double tau) {
        Loss loss = Losses.byName(name);
        double expected = bruteProx(loss, y, h, tau);
        assertEquals(expected, loss.prox(y, h, tau), 1e-6 * (1 + Math.abs(expected)));
    }

    @ParameterizedTest
    @CsvSource({"square,1,0.3,0.5", "logistic,1,-3,0.1", "logistic,-1,0.7,5", "logistic,1,2,300",
        "hinge,1,0.2,0.5", "hinge,1,1.5,2", "hinge,-1,3,0.1"})
    void proxDerivativeMatchesFiniteDifference(String name, double y, double h, double tau) {
        Loss loss = Losses.byName(name);
        double e = 1e-6;
        double fd = (loss.prox(y, h + e, tau) - loss.prox(y, h - e, tau)) / (2 * e);
        assertEquals(fd, loss.proxDerivative(y, h, tau), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"square,1,0.3", "square,-1,-2", "logistic,1,-3", "logistic,-1,0.7", "logistic,1,40",
        "logistic,-1,-800", "hinge,1,0.2", "hinge,-1,-3"})
    void derivativeMatchesFiniteDifference(String name, double y, double x) {
        Loss loss = Losses.byName(name);
        double e = 1e-6;
        double fd = (loss.value(y, x + e) - loss.value(y, x - e)) / (2 * e);
        assertEquals(fd, loss.derivative(y, x), 1e-7);
    }

    /** The margin prox against bisection to full precision, including large tau and far misclassified points. */
    @Test
    void logisticProxMarginIsAccurateForLargeTau() {
        for (double tau : new double[] {1e-3, 0.5, 7, 68, 1e3, 1e5}) {
            for (double a = -40; a <= 40; a += 0.37) {
                double lo = a;
                double hi = a + tau;
                for (int i = 0; i < 2000 && hi - lo > 0; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (mid == lo || mid == hi) {
                        break;
                    }
                    if (mid - a - tau * LogisticLoss.sigmoid(-mid) > 0) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                double u = LogisticLoss.proxMargin(a, tau);
                assertEquals(0.5 * (lo + hi), u, 1e-13 * (1 + Math.abs(u)), "a=" + a + " tau=" + tau);
            }
        }
    }

    /**
     * The warm-started prox (tangent of a neighbouring solution, a random point of the bracket, or a
     * guess outside it) gives the root of the default start, to 1e-13 relative, at random inputs.
     */
    @Test
    void warmStartedLogisticProxIsTheSameRoot() {
        java.util.Random rnd = new java.util.Random(20261201L);
        int count = 0;
        for (int k = 0; k < 20000; k++) {
            double tau = Math.exp(-7 + 15 * rnd.nextDouble());
            double a = (rnd.nextDouble() - 0.5) * 2 * (5 + 2 * tau) * rnd.nextDouble();
            double ref = LogisticLoss.proxMargin(a, tau);
            // tangent from a neighbour at distance up to 3 (a Gauss-Hermite node spacing or more)
            double aPrev = a - 3 * rnd.nextDouble();
            double uPrev = LogisticLoss.proxMargin(aPrev, tau);
            double sPrev = LogisticLoss.sigmoid(-uPrev);
            double[] guesses = {uPrev + (a - aPrev) / (1 + tau * sPrev * (1 - sPrev)),
                a + tau * rnd.nextDouble(), a - 1, a + tau + 1, Double.NaN, ref};
            for (double g : guesses) {
                double u = LogisticLoss.proxMargin(a, tau, g);
                assertEquals(ref, u, 1e-13 * Math.max(1, Math.abs(ref)), "a=" + a + " tau=" + tau + " guess=" + g);
                count++;
            }
            // the root itself: u - a - tau sigma(-u) = 0 to rounding
            assertEquals(0, ref - a - tau * LogisticLoss.sigmoid(-ref), 1e-13 * (1 + Math.abs(a) + tau));
        }
        assertEquals(120000, count);
    }

    @Test
    void logisticIsStableInTheTails() {
        Loss l = Losses.byName("logistic");
        assertEquals(800, l.value(1, -800), 1e-12);
        assertEquals(Math.exp(-800), l.value(1, 800), 1e-300);
        assertEquals(-1, l.derivative(1, -800), 0);
    }

    @Test
    void unknownLossIsRejectedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("cubic"));
        assertEquals("unknown loss 'cubic': expected square, logistic or hinge", e.getMessage());
    }
}
