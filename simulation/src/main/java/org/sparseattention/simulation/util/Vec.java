package org.sparseattention.simulation.util;

/** Small dense-vector kernels. */
public final class Vec {
    private Vec() {
    }

    /** @return {@code <a, b>} */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** @return {@code <a[off..off+n), b>} */
    public static double dot(double[] a, int off, double[] b, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[off + j] * b[j];
            s1 += a[off + j + 1] * b[j + 1];
            s2 += a[off + j + 2] * b[j + 2];
            s3 += a[off + j + 3] * b[j + 3];
        }
        for (; j < n; j++) {
            s0 += a[off + j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** @return {@code <a[offA..offA+n), b[offB..offB+n)>} */
    public static double dot(double[] a, int offA, double[] b, int offB, int n) {
        double s0 = 0, s1 = 0;
        int j = 0;
        for (; j + 1 < n; j += 2) {
            s0 += a[offA + j] * b[offB + j];
            s1 += a[offA + j + 1] * b[offB + j + 1];
        }
        for (; j < n; j++) {
            s0 += a[offA + j] * b[offB + j];
        }
        return s0 + s1;
    }

    /** @return sum of the entries */
    public static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** @return Euclidean norm */
    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** @return cosine of the angle between a and b, NaN if either is zero */
    public static double cos(double[] a, double[] b) {
        double na = norm(a), nb = norm(b);
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        return dot(a, b) / (na * nb);
    }

    /** y += t x */
    public static void axpy(double t, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += t * x[i];
        }
    }
}
