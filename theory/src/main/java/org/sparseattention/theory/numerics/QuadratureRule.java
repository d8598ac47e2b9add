package org.sparseattention.theory.numerics;

/**
 * A fixed quadrature rule: nodes {@code x_i} and weights {@code w_i}, {@code sum_i w_i f(x_i)}
 * approximating an integral against the rule's weight function. Immutable.
 */
public abstract sealed class QuadratureRule permits GaussHermiteRule, GaussLegendreRule {
    private final double[] nodes;
    private final double[] weights;

    QuadratureRule(double[][] rule) {
        this.nodes = rule[0].clone();
        this.weights = rule[1].clone();
    }

    /** Number of nodes. */
    public final int size() {
        return nodes.length;
    }

    /** Node {@code x_i}, increasing in {@code i}. */
    public final double node(int i) {
        return nodes[i];
    }

    /** Weight {@code w_i}. */
    public final double weight(int i) {
        return weights[i];
    }

    /** {@code sum_i w_i f(x_i)}. */
    public final double sum(java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) {
            s += weights[i] * f.applyAsDouble(nodes[i]);
        }
        return s;
    }
}
