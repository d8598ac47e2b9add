package org.sparseattention.validation.stats;

import org.hipparchus.distribution.continuous.TDistribution;

/** Two-sided Bonferroni-corrected critical value of Student's t distribution. */
public final class BonferroniBound {
    private BonferroniBound() {
    }

    /**
     * The bound {@code t} with {@code P(|T| > t) = level / comparisons} for {@code T} Student
     * with {@code dof} degrees of freedom.
     *
     * @param level       family-wise level, e.g. 0.05
     * @param comparisons number of tests, at least 1
     * @param dof         degrees of freedom, at least 1
     */
    public static double twoSided(double level, int comparisons, int dof) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0,1), got " + level);
        }
        if (comparisons < 1) {
            throw new IllegalArgumentException("need at least one comparison, got " + comparisons);
        }
        if (dof < 1) {
            throw new IllegalArgumentException("Student t needs at least 1 degree of freedom (trials >= 2), got "
                    + dof);
        }
        return new TDistribution(dof).inverseCumulativeProbability(1 - level / (2.0 * comparisons));
    }
}
