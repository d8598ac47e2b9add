package org.sparseattention.simulation.protocol;

/**
 * Result of steps 1-3 of docs/theory.md section 3.
 *
 * @param b1      bias after step 1
 * @param wTilde1 readout {@code w~1 = w1/sqrt(d)} after step 2
 * @param q2      query after step 3
 */
public record QuerySteps(double b1, double[] wTilde1, double[] q2) {
}
