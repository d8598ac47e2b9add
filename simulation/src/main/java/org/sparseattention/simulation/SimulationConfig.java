package org.sparseattention.simulation;

/**
 * Parameters of one finite-d simulation (docs/theory.md sections 1-3; docs/cli.md option meanings).
 *
 * @param L           sequence length, at least 2
 * @param R           signal tokens per positive sample, {@code 1 <= R <= L-1}
 * @param pi          {@code P(y = +1)}, in (0, 1)
 * @param theta       signal strength, {@code >= 0}
 * @param loss        loss of steps 1-3 and of the step-4 ERM
 * @param lambda      ridge strength of the step-4 ERM, {@code >= 0} (hinge at 0: the max-margin limit, separable data only)
 * @param beta        softmax inverse temperature, {@code > 0}
 * @param etaB        step 1 size, {@code >= 0}
 * @param etaW        step 2 size, {@code >= 0}
 * @param etaQ        step 3 size, {@code >= 0}
 * @param alpha0      {@code n0 / d}, {@code > 0}
 * @param d           embedding dimension, {@code >= 1}
 * @param alpha1      {@code n1 / d}, {@code > 0}
 * @param testSamples fresh test samples per trial; 0 = automatic ({@link #DEFAULT_TEST_SAMPLES},
 *                    standard error at most 1e-3)
 * @param jointSteps  joint gradient steps on {@code (w~, b, q)} after step 4 (0 = paper protocol)
 * @param jointEta    step size of the joint steps, {@code >= 0}
 */
public record SimulationConfig(int L, int R, double pi, double theta, LossKind loss, double lambda, double beta,
        double etaB, double etaW, double etaQ, double alpha0, int d, double alpha1,
        int testSamples, int jointSteps, double jointEta) {

    /** Test size used when {@code testSamples == 0}: {@code sqrt(0.25 / 250000) = 1e-3}. */
    public static final int DEFAULT_TEST_SAMPLES = 250_000;

    /** Largest sample count accepted for {@code n0} or {@code n1}. */
    public static final long MAX_SAMPLES = 100_000_000L;

    /** Validates every parameter; throws {@link IllegalArgumentException} with a clear message. */
    public SimulationConfig {
        if (L < 2) {
            throw new IllegalArgumentException("L must be >= 2, got L=" + L);
        }
        if (R < 1 || R > L - 1) {
            throw new IllegalArgumentException("R must satisfy 1 <= R <= L-1, got R=" + R + " L=" + L);
        }
        finite("pi", pi);
        if (!(pi > 0 && pi < 1)) {
            throw new IllegalArgumentException("pi must satisfy 0 < pi < 1, got pi=" + pi);
        }
        nonNegative("theta", theta);
        if (loss == null) {
            throw new IllegalArgumentException("loss must be given (square, logistic or hinge)");
        }
        nonNegative("lambda", lambda);
        finite("beta", beta);
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be > 0, got beta=" + beta);
        }
        nonNegative("eta_b", etaB);
        nonNegative("eta_w", etaW);
        nonNegative("eta_q", etaQ);
        positive("alpha0", alpha0);
        if (d < 1) {
            throw new IllegalArgumentException("d must be >= 1, got d=" + d);
        }
        positive("alpha1", alpha1);
        if (alpha0 * d > MAX_SAMPLES || alpha1 * d > MAX_SAMPLES) {
            throw new IllegalArgumentException("alpha0*d and alpha1*d must be at most " + MAX_SAMPLES
                    + ", got alpha0*d=" + alpha0 * d + " alpha1*d=" + alpha1 * d);
        }
        if (testSamples < 0) {
            throw new IllegalArgumentException("testSamples must be >= 0 (0 = automatic), got " + testSamples);
        }
        if (jointSteps < 0) {
            throw new IllegalArgumentException("jointSteps must be >= 0, got " + jointSteps);
        }
        nonNegative("joint_eta", jointEta);
    }

    /**
     * Convenience constructor with automatic test size, no joint steps and one step size for
     * steps 1-3.
     */
    public static SimulationConfig of(int L, int R, double pi, double theta, LossKind loss, double lambda,
            double beta, double eta, double alpha0, int d, double alpha1) {
        return new SimulationConfig(L, R, pi, theta, loss, lambda, beta, eta, eta, eta, alpha0, d, alpha1, 0, 0, 0.5);
    }

    /** @return a copy with another {@code d} */
    public SimulationConfig withD(int newD) {
        return new SimulationConfig(L, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0, newD, alpha1,
                testSamples, jointSteps, jointEta);
    }

    /** @return a copy with another {@code alpha1} */
    public SimulationConfig withAlpha1(double a1) {
        return new SimulationConfig(L, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0, d, a1,
                testSamples, jointSteps, jointEta);
    }

    /** @return a copy with another test size */
    public SimulationConfig withTestSamples(int n) {
        return new SimulationConfig(L, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0, d, alpha1,
                n, jointSteps, jointEta);
    }

    /** @return a copy with other joint-step settings */
    public SimulationConfig withJoint(int steps, double eta) {
        return new SimulationConfig(L, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0, d, alpha1,
                testSamples, steps, eta);
    }

    /** @return {@code n0 = round(alpha0 d)}, at least 1 (docs/theory.md section 3) */
    public int n0() {
        return (int) Math.max(1L, Math.round(alpha0 * d));
    }

    /** @return {@code n1 = round(alpha1 d)}, at least 1 (docs/theory.md section 3) */
    public int n1() {
        return (int) Math.max(1L, Math.round(alpha1 * d));
    }

    /** @return the test size actually used */
    public int effectiveTestSamples() {
        return testSamples == 0 ? DEFAULT_TEST_SAMPLES : testSamples;
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        finite(name, v);
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + name + "=" + v);
        }
    }

    private static void positive(String name, double v) {
        finite(name, v);
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, got " + name + "=" + v);
        }
    }
}
