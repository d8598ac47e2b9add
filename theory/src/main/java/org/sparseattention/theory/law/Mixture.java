package org.sparseattention.theory.law;

/**
 * A discrete realisation of a feature law (docs/theory.md section 5) as weighted atoms. Atom {@code a}
 * has label {@code y_a}, weight {@code w_a} (the weights sum to one), bulk variance {@code rho_a},
 * and a low-dimensional part {@code omega = mean_a + N(0, diag(noise_a))} along the law's
 * {@code k} directions. Gaussian laws need one atom per class; the attention law one atom per
 * quasi-Monte Carlo point, whose only Gaussian part is the {@code sqrt(rho) t} of {@code omega_p}.
 * Immutable once built.
 */
public final class Mixture {
    private final int k;
    private final double[] weight;
    private final double[] label;
    private final double[] rho;
    private final double[] mean;
    private final double[] noise;

    /**
     * @param k      number of directions
     * @param weight atom weights (sum 1)
     * @param label  atom labels {@code +-1}
     * @param rho    atom bulk variances
     * @param mean   atom means of {@code omega}, row-major {@code [atom][k]}
     * @param noise  atom variances of {@code omega}'s independent Gaussian part, row-major
     */
    public Mixture(int k, double[] weight, double[] label, double[] rho, double[] mean, double[] noise) {
        int n = weight.length;
        if (label.length != n || rho.length != n || mean.length != n * k || noise.length != n * k) {
            throw new IllegalArgumentException("inconsistent mixture arrays");
        }
        double s = 0;
        for (double w : weight) {
            s += w;
        }
        if (Math.abs(s - 1) > 1e-9) {
            throw new IllegalArgumentException("mixture weights sum to " + s + ", not 1");
        }
        this.k = k;
        this.weight = weight.clone();
        this.label = label.clone();
        this.rho = rho.clone();
        this.mean = mean.clone();
        this.noise = noise.clone();
    }

    /** Number of directions {@code k}. */
    public int dimension() {
        return k;
    }

    /** Number of atoms. */
    public int size() {
        return weight.length;
    }

    public double weight(int a) {
        return weight[a];
    }

    public double label(int a) {
        return label[a];
    }

    public double rho(int a) {
        return rho[a];
    }

    /** Mean of {@code omega_j} in atom {@code a}. */
    public double mean(int a, int j) {
        return mean[a * k + j];
    }

    /** Variance of the Gaussian part of {@code omega_j} in atom {@code a}. */
    public double noise(int a, int j) {
        return noise[a * k + j];
    }

    /**
     * The realisation formed by the first half of the atoms of each label (in atom order), with
     * the weights of each label rescaled to keep that label's total weight. For a randomized
     * Sobol realisation this is the same construction with half the points: the spread between the
     * two estimates the finite-point bias (docs/theory.md section 5).
     */
    public Mixture firstHalfPerLabel() {
        int n = size();
        int pos = 0;
        for (int a = 0; a < n; a++) {
            if (label[a] > 0) {
                pos++;
            }
        }
        int[] quota = {(pos + 1) / 2, (n - pos + 1) / 2};
        int[] taken = new int[2];
        double[] total = new double[2];
        double[] kept = new double[2];
        boolean[] keep = new boolean[n];
        for (int a = 0; a < n; a++) {
            int c = label[a] > 0 ? 0 : 1;
            total[c] += weight[a];
            if (taken[c] < quota[c]) {
                taken[c]++;
                keep[a] = true;
                kept[c] += weight[a];
            }
        }
        int m = taken[0] + taken[1];
        double[] w = new double[m];
        double[] y = new double[m];
        double[] r = new double[m];
        double[] mu = new double[m * k];
        double[] nz = new double[m * k];
        int j = 0;
        for (int a = 0; a < n; a++) {
            if (!keep[a]) {
                continue;
            }
            int c = label[a] > 0 ? 0 : 1;
            w[j] = weight[a] * total[c] / kept[c];
            y[j] = label[a];
            r[j] = rho[a];
            System.arraycopy(mean, a * k, mu, j * k, k);
            System.arraycopy(noise, a * k, nz, j * k, k);
            j++;
        }
        return new Mixture(k, w, y, r, mu, nz);
    }

    /** {@code <m, mean_a>}. */
    public double meanField(int a, double[] m) {
        double s = 0;
        int o = a * k;
        for (int j = 0; j < k; j++) {
            s += m[j] * mean[o + j];
        }
        return s;
    }

    /** {@code sum_j m_j^2 noise_aj}: variance of {@code <m, omega>} within atom {@code a}. */
    public double noiseField(int a, double[] m) {
        double s = 0;
        int o = a * k;
        for (int j = 0; j < k; j++) {
            s += m[j] * m[j] * noise[o + j];
        }
        return s;
    }
}
