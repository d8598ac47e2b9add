package org.sparseattention.theory.law;

/**
 * A discrete realisation of a feature law (THEORY.md section 5) as weighted atoms. Atom {@code a}
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
