package org.sparseattention.simulation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.util.Seeds;

/** Moments of the sparse-token sampler (docs/theory.md section 1). */
class SparseTokenSamplerTest {

    @Test
    void momentsMatchTheModel() {
        int L = 6, R = 2, d = 20, n = 20000;
        double pi = 0.3, theta = 2.5;
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(1), d);
        assertEquals(1.0, Math.sqrt(org.sparseattention.simulation.util.Vec.dot(xi, xi)), 1e-12);
        SparseTokenSampler s = new SparseTokenSampler(L, R, pi, theta, xi);
        double[] x = new double[L * d];
        boolean[] sig = new boolean[L];
        int pos = 0;
        double sumSig = 0, sumSig2 = 0, sumNegXi = 0, sumNoiseXi = 0, sumPerp2 = 0;
        long nSig = 0, nNeg = 0, nNoise = 0, nPerp = 0;
        double[] e2 = new double[d]; // a direction orthogonal to xi
        e2[0] = xi[1];
        e2[1] = -xi[0];
        double ne = Math.sqrt(e2[0] * e2[0] + e2[1] * e2[1]);
        e2[0] /= ne;
        e2[1] /= ne;
        for (int i = 0; i < n; i++) {
            int y = s.draw(Seeds.stream(42, Seeds.D1, i), x, sig);
            int count = 0;
            for (int l = 0; l < L; l++) {
                double along = 0, perp = 0;
                for (int j = 0; j < d; j++) {
                    along += x[l * d + j] * xi[j];
                    perp += x[l * d + j] * e2[j];
                }
                sumPerp2 += perp * perp;
                nPerp++;
                if (sig[l]) {
                    count++;
                    sumSig += along;
                    sumSig2 += along * along;
                    nSig++;
                } else if (y == 1) {
                    sumNoiseXi += along;
                    nNoise++;
                } else {
                    sumNegXi += along;
                    nNeg++;
                }
            }
            if (y == 1) {
                pos++;
                assertEquals(R, count, "exactly R signal tokens");
            } else {
                assertEquals(0, count, "negatives have no signal token");
            }
        }
        double f = (double) pos / n;
        assertEquals(pi, f, 4 * Math.sqrt(pi * (1 - pi) / n), "class frequency");
        double mSig = sumSig / nSig;
        assertEquals(theta, mSig, 4 / Math.sqrt(nSig), "signal tokens have mean theta along xi");
        assertEquals(1.0, sumSig2 / nSig - mSig * mSig, 0.05, "unit noise variance along xi");
        assertEquals(0.0, sumNegXi / nNeg, 4 / Math.sqrt(nNeg), "negatives have no signal");
        assertEquals(0.0, sumNoiseXi / nNoise, 4 / Math.sqrt(nNoise), "non-signal tokens of positives");
        assertEquals(1.0, sumPerp2 / nPerp, 0.03, "unit variance orthogonal to xi");
        assertTrue(nSig > 0);
    }

    @Test
    void signalPositionsAreUniform() {
        int L = 5, R = 1, n = 50000;
        SparseTokenSampler s = new SparseTokenSampler(L, R, 0.5, 1.0, new double[] {1.0});
        double[] x = new double[L];
        boolean[] sig = new boolean[L];
        int[] counts = new int[L];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (s.draw(Seeds.stream(3, Seeds.D0, i), x, sig) == 1) {
                pos++;
                for (int l = 0; l < L; l++) {
                    if (sig[l]) {
                        counts[l]++;
                    }
                }
            }
        }
        for (int l = 0; l < L; l++) {
            double p = 1.0 / L;
            assertEquals(p, (double) counts[l] / pos, 4 * Math.sqrt(p * (1 - p) / pos));
        }
    }

    @Test
    void samplesAreRegenerable() {
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(5), 7);
        SparseTokenSampler s = new SparseTokenSampler(4, 2, 0.5, 3.0, xi);
        double[] a = new double[28], b = new double[28];
        int ya = s.draw(Seeds.stream(9, Seeds.D0, 11), a, null);
        int yb = s.draw(Seeds.stream(9, Seeds.D0, 11), b, null);
        assertEquals(ya, yb);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertEquals(ya, s.drawLabel(Seeds.stream(9, Seeds.D0, 11)));
    }

    /** The Helmert rotation must give i.i.d. unit-variance noise: the L x L token covariance is the identity. */
    @Test
    void noiseIsWhiteAcrossTokens() {
        int L = 5, d = 3, n = 40000;
        SparseTokenSampler s = new SparseTokenSampler(L, 2, 0.5, 0.0, new double[d]);
        double[] x = new double[L * d];
        double[][] cov = new double[L][L];
        double[] mean = new double[L];
        long m = 0;
        for (int i = 0; i < n; i++) {
            s.draw(Seeds.stream(21, Seeds.D1, i), x, null);
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < L; l++) {
                    mean[l] += x[l * d + j];
                    for (int k = 0; k < L; k++) {
                        cov[l][k] += x[l * d + j] * x[k * d + j];
                    }
                }
                m++;
            }
        }
        double tol = 5 * Math.sqrt(2.0 / m);
        for (int l = 0; l < L; l++) {
            assertEquals(0.0, mean[l] / m, 5 / Math.sqrt(m), "token " + l + " noise mean");
            for (int k = 0; k < L; k++) {
                assertEquals(l == k ? 1.0 : 0.0, cov[l][k] / m, tol, "noise covariance of tokens " + l + ", " + k);
            }
        }
    }

    /** drawMean is the token mean of the sample draw produces from the same stream. */
    @Test
    void drawMeanIsTheTokenMeanOfTheSameSample() {
        int L = 7, R = 3, d = 11;
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(4), d);
        SparseTokenSampler s = new SparseTokenSampler(L, R, 0.5, 2.0, xi);
        double[] x = new double[L * d];
        double[] mean = new double[d];
        int positives = 0;
        for (int i = 0; i < 200; i++) {
            int y = s.draw(Seeds.stream(8, Seeds.D1, i), x, null);
            int ym = s.drawMean(Seeds.stream(8, Seeds.D1, i), mean);
            assertEquals(y, ym, "same label");
            positives += y == 1 ? 1 : 0;
            for (int j = 0; j < d; j++) {
                double t = 0;
                for (int l = 0; l < L; l++) {
                    t += x[l * d + j];
                }
                assertEquals(t / L, mean[j], 1e-12, "mean coordinate " + j + " of sample " + i);
            }
        }
        assertTrue(positives > 50 && positives < 150);
    }
}
