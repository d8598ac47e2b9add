package org.sparseattention.theory.oracle;

import org.sparseattention.theory.numerics.Gaussian;

/**
 * Tail-accurate estimate of the attention score's class-conditional error at a fixed classifier
 * {@code (tau, t)} (docs/theory.md section 8), by conditioning on which token is the largest: with
 * {@code x_l = mu_l + g_l},
 * {@code P(s(x) < t) = sum_k E[ P(s(x) < t, x_k = max_l x_l | x_{-k}) ]}, and given the other tokens the
 * score is increasing in {@code x_k} on {@code x_k > M_{-k} = max_{l != k} x_l}
 * ({@code ds/dx_k = a_k (1 + tau (x_k - s)) > 0} there), so each term is the Gaussian mass of
 * {@code (M_{-k}, x*)} with {@code s(x*) = t}, in closed form once {@code x*} is found. The rare events
 * (a signal token far below its mean, one noise token far above the others) are integrated exactly
 * instead of being sampled.
 */
final class MaxTokenConditioning {
    private MaxTokenConditioning() {
    }

    /**
     * For one point: {@code [P(s < t | rest), P(s > t | rest)]} summed over the token that is the largest.
     *
     * @param x   the tokens {@code mu + g}
     * @param mu  their means
     * @param tau softmax temperature, {@code >= 0}
     * @param t   threshold
     */
    static double[] probabilities(double[] x, double[] mu, double tau, double t) {
        int L = x.length;
        double m = Double.NEGATIVE_INFINITY;
        int top = -1;
        double second = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < L; l++) {
            if (x[l] > m) {
                second = m;
                m = x[l];
                top = l;
            } else if (x[l] > second) {
                second = x[l];
            }
        }
        // prefix and suffix sums of e_l = exp(tau (x_l - m)) and x_l e_l, for the leave-one-out sums
        double[] preB = new double[L + 1];
        double[] preA = new double[L + 1];
        for (int l = 0; l < L; l++) {
            double e = Math.exp(tau * (x[l] - m));
            preB[l + 1] = preB[l] + e;
            preA[l + 1] = preA[l] + x[l] * e;
        }
        double[] sufB = new double[L + 1];
        double[] sufA = new double[L + 1];
        for (int l = L - 1; l >= 0; l--) {
            double e = Math.exp(tau * (x[l] - m));
            sufB[l] = sufB[l + 1] + e;
            sufA[l] = sufA[l + 1] + x[l] * e;
        }
        double below = 0;
        double above = 0;
        for (int k = 0; k < L; k++) {
            double bOther = preB[k] + sufB[k + 1];
            double aOther = preA[k] + sufA[k + 1];
            double mOther = k == top ? second : m;
            double lower = mOther - mu[k];
            double root = root(bOther, aOther, m, mOther, tau, t);
            if (Double.isNaN(root)) {
                // s >= t on the whole half-line x_k > M_{-k}
                above += Gaussian.cdf(-lower);
            } else {
                double upper = root - mu[k];
                below += massBetween(lower, upper);
                above += Gaussian.cdf(-upper);
            }
        }
        return new double[] {below, above};
    }

    /** {@code Phi(b) - Phi(a)} for {@code a <= b}, accurate in both tails. */
    private static double massBetween(double a, double b) {
        if (b <= a) {
            return 0;
        }
        if (a >= 0) {
            return Gaussian.cdf(-a) - Gaussian.cdf(-b);
        }
        return Gaussian.cdf(b) - Gaussian.cdf(a);
    }

    /** The score with token value {@code x} added to the others' sums (scaled by {@code exp(-tau m)}). */
    private static double score(double x, double bOther, double aOther, double m, double tau) {
        double e = Math.exp(Math.min(700, tau * (x - m)));
        return (x * e + aOther) / (e + bOther);
    }

    /**
     * The {@code x > lo} with {@code s(x) = t} (the score is increasing there), or NaN when
     * {@code s(lo) >= t}: safeguarded Newton steps inside a bracket.
     */
    private static double root(double bOther, double aOther, double m, double lo, double tau, double t) {
        if (score(lo, bOther, aOther, m, tau) >= t) {
            return Double.NaN;
        }
        double a = lo;
        double b = Math.max(lo, t) + 1;
        while (score(b, bOther, aOther, m, tau) < t) {
            a = b;
            b += 2 * (b - lo) + 1;
        }
        double x = 0.5 * (a + b);
        for (int it = 0; it < 200 && b - a > 1e-13 * (1 + Math.abs(x)); it++) {
            double e = Math.exp(Math.min(700, tau * (x - m)));
            double s = (x * e + aOther) / (e + bOther);
            if (Math.abs(s - t) <= 1e-15 * (1 + Math.abs(t))) {
                return x;
            }
            if (s < t) {
                a = x;
            } else {
                b = x;
            }
            double w = e / (e + bOther);
            double slope = w * (1 + tau * (x - s));
            double next = slope > 0 ? x - (s - t) / slope : Double.NaN;
            x = next > a && next < b ? next : 0.5 * (a + b);
        }
        return x;
    }
}
