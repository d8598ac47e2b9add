package org.sparseattention.theory.oracle;

import org.sparseattention.theory.Model;

/**
 * Smallest {@code theta} whose oracle error reaches a target (docs/theory.md section 8, docs/cli.md {@code oracle --target-error}).
 *
 * @param model       the classifier
 * @param L           sequence length
 * @param targetError the target error
 * @param thetaNeeded the smallest {@code theta} with oracle error at most the target
 * @param thetaErr    numerical error bar of {@code thetaNeeded}
 */
public record ThetaNeeded(Model model, int L, double targetError, double thetaNeeded, double thetaErr) {
}
