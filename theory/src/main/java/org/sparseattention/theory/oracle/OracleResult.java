package org.sparseattention.theory.oracle;

import org.sparseattention.theory.Model;

/**
 * Oracle (infinite-data) error of docs/theory.md section 8.
 *
 * @param model    the classifier
 * @param L        sequence length
 * @param theta    signal strength
 * @param error    smallest achievable test error
 * @param errorErr numerical error bar (attention: Monte Carlo; 0 otherwise)
 */
public record OracleResult(Model model, int L, double theta, double error, double errorErr) {
}
