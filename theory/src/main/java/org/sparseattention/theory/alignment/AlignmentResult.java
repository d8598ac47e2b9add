package org.sparseattention.theory.alignment;

/**
 * Limits of steps 1-3 (docs/theory.md section 4).
 *
 * @param b1      bias after step 1
 * @param mW      component of {@code w~1} along {@code xi}
 * @param rW      norm of the component of {@code w~1} orthogonal to {@code xi}
 * @param cosWXi  {@code s_w = cos(w~1, xi)}
 * @param qDotXi  {@code <q2, xi>}
 * @param qNorm   {@code ||q2||}
 * @param cosQXi  {@code s_q = <q2, xi>/||q2||}, with its sign
 * @param kappa   {@code beta ||q2||}
 * @param h1      {@code H1 = E[h]}
 * @param h1Plus  {@code H1+ = E[h 1{y=+1}]}
 * @param h2      {@code H2 = E[h^2]}
 * @param h2Plus  {@code H2+ = E[h^2 1{y=+1}]}
 */
public record AlignmentResult(double b1, double mW, double rW, double cosWXi, double qDotXi, double qNorm,
                              double cosQXi, double kappa, double h1, double h1Plus, double h2, double h2Plus) {
}
