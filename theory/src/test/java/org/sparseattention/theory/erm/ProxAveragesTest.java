package org.sparseattention.theory.erm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/** The closed-form (square, hinge) and quadrature (logistic) averages against a fine Riemann sum of the prox. */
class ProxAveragesTest {

    @ParameterizedTest
    @CsvSource({"hinge,1,0.3,0.8,0.5", "hinge,-1,0.3,0.8,0.5", "hinge,1,1.7,0.2,3", "hinge,-1,-2,1.5,0.05",
        "square,1,0.3,0.8,0.5", "square,-1,2,0.1,7", "logistic,1,0.3,0.8,0.5", "logistic,-1,3,2,60",
        "logistic,1,-4,1.5,80", "logistic,1,0.5,3,2", "logistic,-1,2,30,0.05", "logistic,1,-5,30,1e4",
        "logistic,1,20,300,1e8", "logistic,-1,1,8,1e3"})
    void averagesMatchBruteForce(String name, double y, double mu, double sd, double tau) {
        Loss loss = Losses.byName(name);
        double[] out = new double[ProxAverages.WITH_LOSS];
        ProxAverages.of(loss, new GaussHermiteRule(64)).average(y, mu, sd, tau, out);
        double[] ref = new double[4];
        int n = 400000;
        for (int i = 0; i < n; i++) {
            double z = -12 + 24 * (i + 0.5) / n;
            double w = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * 24.0 / n;
            double hc = mu + sd * z;
            double h = loss.prox(y, hc, tau);
            double g = (h - hc) / tau;
            ref[0] += w * g;
            ref[1] += w * g * g;
            ref[2] += w * (1 - loss.proxDerivative(y, hc, tau));
            ref[3] += w * loss.value(y, h);
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(ref[k], out[k], (sd > 1 && name.equals("logistic") ? 1e-7 : 3e-5) * (1 + Math.abs(ref[k])),
                    "component " + k);
        }
    }

    /**
     * The logistic composite rule (wide cavity fields) at random {@code (a0, sd, tau)} against a midpoint
     * sum of 400,000 points in {@code z} (spectrally accurate for this smooth, Gaussian-decaying
     * integrand): every average within {@code 1e-10}, the loss within {@code 1e-10 (1 + |loss|)}. A rule
     * without the tail panels, or with too few nodes, fails (order 6 gives errors near {@code 1e-8}).
     */
    @org.junit.jupiter.api.Test
    void logisticCompositeRuleToTenDigits() {
        java.util.Random rnd = new java.util.Random(7);
        LogisticProxAverages avg = new LogisticProxAverages(new GaussHermiteRule(24));
        Loss loss = Losses.byName("logistic");
        for (int c = 0; c < 12; c++) {
            double y = rnd.nextBoolean() ? 1 : -1;
            double mu = -20 + 50 * rnd.nextDouble();
            double sd = 1.05 * Math.exp(Math.log(8) * rnd.nextDouble());
            double tau = Math.exp(Math.log(1e-2) + Math.log(1e5) * rnd.nextDouble());
            double[] out = new double[ProxAverages.WITH_LOSS];
            avg.average(y, mu, sd, tau, out);
            double[] ref = new double[4];
            int n = 400000;
            for (int i = 0; i < n; i++) {
                double z = -12 + 24 * (i + 0.5) / n;
                double w = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * 24.0 / n;
                double hc = mu + sd * z;
                double h = loss.prox(y, hc, tau);
                double g = (h - hc) / tau;
                ref[0] += w * g;
                ref[1] += w * g * g;
                ref[2] += w * (1 - loss.proxDerivative(y, hc, tau));
                ref[3] += w * loss.value(y, h);
            }
            String at = " at y=" + y + " mu=" + mu + " sd=" + sd + " tau=" + tau;
            for (int k = 0; k < 3; k++) {
                assertEquals(ref[k], out[k], 1e-10, "component " + k + at);
            }
            assertEquals(ref[3], out[3], 1e-10 * (1 + Math.abs(ref[3])), "loss" + at);
        }
    }

    /**
     * The composite rule's panel ends: sorted, with one end within {@code 0.01} in {@code z} of each of the
     * images of {@code z = 0, +-2, ..., +-8} (computed by loose Newton steps, not converged prox solves),
     * covering the Gaussian to {@code |z| = 8}, and a knot of {@code U_KNOTS} or of the curvature inserted only
     * into a panel wider than one in {@code u}, over wide ranges of {@code (a0, sd, tau)}.
     */
    @org.junit.jupiter.api.Test
    void compositeKnotsSplitTheGaussian() {
        java.util.Random rnd = new java.util.Random(11);
        double[] hint = new double[ProxAverages.HINT_SIZE];
        java.util.Arrays.fill(hint, Double.NaN);
        for (int c = 0; c < 2000; c++) {
            double a0 = -40 + 80 * rnd.nextDouble();
            double sd = Math.exp(Math.log(100) * rnd.nextDouble());
            double tau = Math.exp(Math.log(1e-3) + Math.log(1e7) * rnd.nextDouble());
            double[] tails = new double[2];
            // every third atom starts from the hint a random other atom left (any hint must do)
            double[] k = c % 3 == 0 ? LogisticProxAverages.knots(a0, sd, tau, tails, hint.clone())
                    : LogisticProxAverages.knots(a0, sd, tau, tails);
            LogisticProxAverages.knots(a0, sd, tau, new double[2], hint);
            String at = " at a0=" + a0 + " sd=" + sd + " tau=" + tau + ": " + java.util.Arrays.toString(k);
            double[] z = new double[k.length];
            for (int i = 0; i < k.length; i++) {
                z[i] = (k[i] - tau * org.sparseattention.theory.loss.LogisticLoss.sigmoid(-k[i]) - a0) / sd;
                if (i > 0) {
                    org.junit.jupiter.api.Assertions.assertTrue(k[i] > k[i - 1], "unsorted" + at);
                }
            }
            for (int j = -4; j <= 4; j++) {
                double target = 2 * j;
                boolean found = false;
                for (double zi : z) {
                    found |= Math.abs(zi - target) <= 0.0101;
                }
                org.junit.jupiter.api.Assertions.assertTrue(found, "no panel end at z=" + target + at);
            }
            assertEquals(-8, z[0], 0.0101, "lower end" + at);
            assertEquals(8, z[z.length - 1], 0.0101, "upper end" + at);
        }
    }

    /**
     * An atom's averages with the hint its previous evaluation left (the panel ends start from there) equal
     * those without, to the rule's accuracy, along a sequence of nearby parameters as in a solve.
     */
    @org.junit.jupiter.api.Test
    void hintedAveragesEqualUnhinted() {
        LogisticProxAverages avg = new LogisticProxAverages(new GaussHermiteRule(24));
        double[] hint = new double[ProxAverages.HINT_SIZE];
        java.util.Arrays.fill(hint, Double.NaN);
        for (int step = 0; step < 20; step++) {
            double mu = -1.5 + 0.05 * step;
            double sd = 1.9 * (1 + 0.01 * step);
            double tau = 40 * (1 - 0.02 * step);
            double[] a = new double[ProxAverages.WITH_LOSS];
            double[] b = new double[ProxAverages.WITH_LOSS];
            avg.average(1, mu, sd, tau, a, hint);
            avg.average(1, mu, sd, tau, b);
            for (int k = 0; k < 4; k++) {
                assertEquals(b[k], a[k], 1e-10 * (1 + Math.abs(b[k])), "component " + k + " step " + step);
            }
            double[] ad = new double[9];
            double[] bd = new double[9];
            double[] ao = new double[3];
            double[] bo = new double[3];
            avg.averageWithDerivatives(-1, mu, sd, tau, ao, ad, hint);
            avg.averageWithDerivatives(-1, mu, sd, tau, bo, bd);
            for (int k = 0; k < 9; k++) {
                assertEquals(bd[k], ad[k], 1e-9 * (1 + Math.abs(bd[k])), "derivative " + k + " step " + step);
            }
        }
        org.junit.jupiter.api.Assertions.assertFalse(Double.isNaN(hint[4]), "the hint was not kept");
    }

    /** The fast softplus of the composite rule against {@link org.sparseattention.theory.loss.LogisticLoss#softplus}. */
    @org.junit.jupiter.api.Test
    void fastSoftplusMatchesReference() {
        for (double t = -745; t <= 745; t += 0.37) {
            double ref = org.sparseattention.theory.loss.LogisticLoss.softplus(t);
            assertEquals(ref, LogisticProxAverages.softplus(t), 4e-16 * ref, "t=" + t);
        }
        assertEquals(Math.log(2), LogisticProxAverages.softplus(0), 1e-16);
    }

    /**
     * The lambda -> 0 limits project onto the loss's zero set: h = y (interpolation), y h = max(y h_c, 1)
     * (max margin), with g = (h - h_c)/tau and dh = 1{projection is the identity}; against a Riemann sum.
     */
    @ParameterizedTest
    @CsvSource({"square,1,0.3,0.8,0.5", "square,-1,2,0.1,7", "hinge,1,0.3,0.8,0.5", "hinge,-1,-2,1.5,0.05",
        "logistic,1,1.7,0.2,3", "logistic,-1,0.4,4,2"})
    void separableLimitAveragesMatchBruteForce(String name, double y, double mu, double sd, double tau) {
        Loss loss = Losses.byName(name);
        boolean square = loss.kind() == Loss.Kind.SQUARE;
        ProxAverages lim = ProxAverages.separableLimit(loss);
        double[] out = new double[ProxAverages.WITH_LOSS];
        lim.average(y, mu, sd, tau, out);
        double[] ref = new double[3];
        int n = 400000;
        for (int i = 0; i < n; i++) {
            double z = -12 + 24 * (i + 0.5) / n;
            double w = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * 24.0 / n;
            double hc = mu + sd * z;
            double h = square ? y : y * Math.max(y * hc, 1);
            double g = (h - hc) / tau;
            ref[0] += w * g;
            ref[1] += w * g * g;
            ref[2] += w * (square || y * hc < 1 ? 1 : 0);
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(ref[k], out[k], 3e-5 * (1 + Math.abs(ref[k])), "component " + k);
        }
        assertEquals(0, out[3], 0);
        assertEquals(0, lim.trainError(y, mu, sd, tau), 0);
    }

    /**
     * The logistic averages reuse each thread's scratch arrays: a sequence of calls mixing the Gauss-Hermite and
     * composite rules, with and without the loss and derivatives, on one instance (on two threads at once) gives
     * exactly what a fresh instance gives for each call alone. A scratch array not cleared or overwritten between
     * calls (or shared between threads) changes the later results.
     */
    @org.junit.jupiter.api.Test
    void reusedScratchGivesWhatAFreshInstanceGives() throws Exception {
        LogisticProxAverages shared = new LogisticProxAverages(new GaussHermiteRule(24));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                long seed = 11 + thread;
                runs.add(pool.submit(() -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    for (int c = 0; c < 400; c++) {
                        double y = rnd.nextBoolean() ? 1 : -1;
                        double mu = -6 + 12 * rnd.nextDouble();
                        // about half the fields narrow (Gauss-Hermite), half wide (composite rule), tau over decades
                        double sd = 0.1 * Math.exp(Math.log(80) * rnd.nextDouble());
                        double tau = Math.exp(Math.log(1e-2) + Math.log(1e5) * rnd.nextDouble());
                        boolean withLoss = rnd.nextBoolean();
                        int size = withLoss ? ProxAverages.WITH_LOSS : ProxAverages.EQUATIONS;
                        LogisticProxAverages fresh = new LogisticProxAverages(new GaussHermiteRule(24));
                        double[] a = new double[size];
                        double[] b = new double[size];
                        if (rnd.nextBoolean()) {
                            shared.average(y, mu, sd, tau, a);
                            fresh.average(y, mu, sd, tau, b);
                            assertArrayEquals(b, a, "averages at call " + c);
                        } else {
                            double[] da = new double[12];
                            double[] db = new double[12];
                            shared.averageWithDerivatives(y, mu, sd, tau, a, da);
                            fresh.averageWithDerivatives(y, mu, sd, tau, b, db);
                            assertArrayEquals(b, a, "averages with derivatives at call " + c);
                            assertArrayEquals(db, da, "derivatives at call " + c);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
