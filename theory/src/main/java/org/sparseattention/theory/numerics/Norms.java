package org.sparseattention.theory.numerics;

import org.hipparchus.util.FastMath;

/** Euclidean and maximum norms of small vectors (used by the Newton-type solvers). */
public final class Norms {
    private Norms() {
    }

    /** {@code sqrt(sum v_i^2)}. */
    public static double euclidean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return FastMath.sqrt(s);
    }

    /** {@code max_i |v_i|}. */
    public static double max(double[] v) {
        double s = 0;
        for (double d : v) {
            s = FastMath.max(s, FastMath.abs(d));
        }
        return s;
    }
}
