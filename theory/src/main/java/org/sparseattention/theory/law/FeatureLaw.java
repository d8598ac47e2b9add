package org.sparseattention.theory.law;

/**
 * The limiting law of a model's features seen by the step-4 ERM (docs/theory.md section 5): a
 * {@code k}-dimensional part {@code omega} and an isotropic bulk of dimension {@code gamma d}
 * with variance {@code rho}.
 */
public interface FeatureLaw {

    /** Number {@code k} of fixed directions. */
    int dimension();

    /** Bulk dimension ratio {@code gamma}. */
    double gamma();

    /** Whether {@link #mixture(int)} is exact (Gaussian laws) rather than a quasi-Monte Carlo estimate. */
    boolean exact();

    /** Number of independent randomizations available (1 for exact laws). */
    int randomizations();

    /** The {@code r}-th realisation ({@code 0 <= r < randomizations()}). */
    Mixture mixture(int r);
}
