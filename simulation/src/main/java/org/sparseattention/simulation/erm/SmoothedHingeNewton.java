package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.util.Vec;

/**
 * Semismooth (generalised) Newton method for the smoothed hinge ERM
 * {@code F(w, b) = sum_i h_mu(1 - y_i (a_i w + b)) + (lambda/2)||w||^2} with
 * {@code h_mu(m) = 0} for {@code m <= 0}, {@code m^2/(2 mu)} for {@code 0 < m < mu} and
 * {@code m - mu/2} beyond (the finite Newton method of Keerthi and DeCoste, 2005, for this
 * piecewise-quadratic loss). Each step solves {@code H d = -grad F} with the generalised Hessian
 * {@code H = lambda I_w + (1/mu) [A_S 1]^T [A_S 1]} ({@code S}: the rows in the quadratic zone) by
 * preconditioned conjugate gradients, which needs only products with the rows of {@code S}, then
 * minimises {@code F} exactly along {@code d} (a convex piecewise-quadratic function of the step).
 * The method stops when the gradient norm is below the tolerance; on a piecewise quadratic it
 * terminates finitely once the zone pattern is right.
 */
final class SmoothedHingeNewton {
    /** Outcome of one smoothed stage. */
    record Result(double[] w, double b, double gradNorm, int newtonSteps, int cgIterations, boolean converged) {
    }

    private SmoothedHingeNewton() {
    }

    /**
     * Minimises the smoothed objective from {@code (w0, b0)} ({@code w0 == null}: zero) until
     * {@code ||grad F|| <= gradTol} or {@code maxSteps} Newton steps.
     */
    static Result minimize(FeatureMatrix A, double[] y, double lambda, double mu, double[] w0, double b0,
            double gradTol, int maxSteps) {
        final int n = A.rows(), p = A.cols();
        double[] w = w0 == null ? new double[p] : w0.clone();
        double b = b0;
        double[] z = new double[n];
        A.multiply(w, b, z);
        double[] r = new double[n];
        double[] g = new double[p];
        int[] S = new int[n];
        double[] ad = new double[n];
        int cgTotal = 0;
        int step = 0;
        double gn = Double.NaN;
        boolean conv = false;
        for (; ; step++) {
            // gradient and quadratic zone
            int s = 0;
            double gb = 0, sumSq = 0;
            for (int i = 0; i < n; i++) {
                double m = 1 - y[i] * z[i];
                double hp = m <= 0 ? 0 : (m < mu ? m / mu : 1.0);
                r[i] = -y[i] * hp;
                gb += r[i];
                if (m > 0 && m < mu) {
                    S[s++] = i;
                }
            }
            A.transposeMultiply(r, g);
            for (int j = 0; j < p; j++) {
                g[j] += lambda * w[j];
            }
            gn = Math.sqrt(Vec.dot(g, g) + gb * gb);
            if (gn <= gradTol) {
                conv = true;
                break;
            }
            if (step >= maxSteps) {
                break;
            }
            for (int k = 0; k < s; k++) {
                sumSq += A.rowRowDot(S[k], S[k]);
            }
            // Newton direction by preconditioned CG; Jacobi-like preconditioner: constant on w, exact on b
            double cw = lambda + sumSq / (mu * p);
            double cb = s / mu + lambda;
            double[] dw = new double[p];
            double[] res = new double[p];
            for (int j = 0; j < p; j++) {
                res[j] = -g[j];
            }
            double resB = -gb;
            double db = 0;
            double[] zw = new double[p];
            double[] pw = new double[p];
            double[] qw = new double[p];
            double[] t = new double[Math.max(1, s)];
            for (int j = 0; j < p; j++) {
                zw[j] = res[j] / cw;
                pw[j] = zw[j];
            }
            double zb = resB / cb, pb = zb;
            double rz = Vec.dot(res, zw) + resB * zb;
            double cgTol = Math.min(0.1, Math.sqrt(gn / (1 + gn))) * gn;
            int cgMax = 250;
            for (int it = 0; it < cgMax; it++) {
                double qb = A.subsetGramStep(S, s, pw, pb, 1.0 / mu, t, qw);
                for (int j = 0; j < p; j++) {
                    qw[j] += lambda * pw[j];
                }
                qb += lambda * pb;
                double pq = Vec.dot(pw, qw) + pb * qb;
                if (!(pq > 0)) {
                    break;
                }
                double a = rz / pq;
                for (int j = 0; j < p; j++) {
                    dw[j] += a * pw[j];
                    res[j] -= a * qw[j];
                }
                db += a * pb;
                resB -= a * qb;
                cgTotal++;
                double rn = Math.sqrt(Vec.dot(res, res) + resB * resB);
                if (rn <= cgTol) {
                    break;
                }
                for (int j = 0; j < p; j++) {
                    zw[j] = res[j] / cw;
                }
                zb = resB / cb;
                double rzNew = Vec.dot(res, zw) + resB * zb;
                double beta = rzNew / rz;
                rz = rzNew;
                for (int j = 0; j < p; j++) {
                    pw[j] = zw[j] + beta * pw[j];
                }
                pb = zb + beta * pb;
            }
            // exact line search on the piecewise-quadratic phi(t) = F(w + t dw, b + t db)
            A.multiply(dw, db, ad);
            double wd = Vec.dot(w, dw), dd = Vec.dot(dw, dw);
            double tStep = lineSearch(y, z, ad, mu, lambda, wd, dd);
            if (!(tStep > 0)) {
                break;
            }
            for (int j = 0; j < p; j++) {
                w[j] += tStep * dw[j];
            }
            b += tStep * db;
            for (int i = 0; i < n; i++) {
                z[i] += tStep * ad[i];
            }
            if (step % 20 == 19) {
                A.multiply(w, b, z);
            }
        }
        return new Result(w, b, gn, step, cgTotal, conv);
    }

    /** Derivative of {@code phi(t)} (see the caller) and, in {@code curv[0]}, its slope. */
    private static double phiPrime(double[] y, double[] z, double[] ad, double mu, double lambda, double wd, double dd,
            double t, double[] curv) {
        double d1 = lambda * (wd + t * dd);
        double d2 = lambda * dd;
        for (int i = 0; i < z.length; i++) {
            double yd = y[i] * ad[i];
            double m = 1 - y[i] * z[i] - t * yd;
            if (m <= 0) {
                continue;
            }
            if (m < mu) {
                d1 -= yd * m / mu;
                d2 += yd * yd / mu;
            } else {
                d1 -= yd;
            }
        }
        curv[0] = d2;
        return d1;
    }

    /** Minimiser of the convex piecewise-quadratic {@code phi} along the direction (Newton with bisection). */
    private static double lineSearch(double[] y, double[] z, double[] ad, double mu, double lambda, double wd, double dd) {
        double[] c = new double[1];
        double g0 = phiPrime(y, z, ad, mu, lambda, wd, dd, 0, c);
        if (!(g0 < 0)) {
            return 0;
        }
        double lo = 0, hi = 1;
        double ghi = phiPrime(y, z, ad, mu, lambda, wd, dd, hi, c);
        while (ghi < 0 && hi < 1e6) {
            lo = hi;
            hi *= 2;
            ghi = phiPrime(y, z, ad, mu, lambda, wd, dd, hi, c);
        }
        if (ghi < 0) {
            return hi;
        }
        if (ghi == 0) {
            return hi;
        }
        // phi' is increasing and piecewise linear: Newton steps from hi, kept inside [lo, hi]
        double t = hi;
        double gt = ghi;
        for (int k = 0; k < 60; k++) {
            double tn = c[0] > 0 ? t - gt / c[0] : 0.5 * (lo + hi);
            if (!(tn > lo && tn < hi)) {
                tn = 0.5 * (lo + hi);
            }
            t = tn;
            gt = phiPrime(y, z, ad, mu, lambda, wd, dd, t, c);
            if (gt == 0) {
                return t;
            }
            if (gt < 0) {
                lo = t;
            } else {
                hi = t;
            }
            if (hi - lo <= 1e-12 * hi || Math.abs(gt) <= 1e-14 * Math.abs(g0)) {
                break;
            }
        }
        return t;
    }
}
