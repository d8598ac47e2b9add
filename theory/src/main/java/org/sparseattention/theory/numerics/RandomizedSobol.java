package org.sparseattention.theory.numerics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.SobolSequenceGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Randomized quasi-Monte Carlo standard normal vectors (docs/theory.md section 5): the Sobol sequence,
 * its zero point included, with Matousek's linear matrix scrambling and a random digital shift, pushed
 * through the normal inverse CDF. Every point is uniform on the unit cube, the first {@code 2^m} points
 * of one randomization remain a {@code (t, m, s)}-net (an elementary interval of volume {@code 2^(t-m)}
 * holds exactly {@code 2^t} of them), so each randomization is an unbiased estimator and the spread of
 * independent randomizations gives the error bar. Scrambling keeps the net that a Cranley-Patterson
 * rotation would break: at the default curve's points the spread over randomizations is about 1.35
 * times smaller than with a rotation.
 *
 * <p>A small kernel of ours: Hipparchus has only the unscrambled sequence (its direction integers are
 * recovered here from the points it generates); SSJ scrambles nets but would bring a large simulation
 * library for these few lines.
 */
public final class RandomizedSobol {
    /** Bits of Hipparchus's Sobol integers: its points are these integers over {@code 2^BITS}. */
    private static final int BITS = 52;
    /** Direction integers kept per dimension: enough for {@code 2^31} points. */
    private static final int DIRECTIONS = 31;

    private RandomizedSobol() {
    }

    /**
     * @param dimension  vector dimension (at most 1000 for Hipparchus's direction numbers)
     * @param count      number of points
     * @param seed       seed of the scrambling
     * @return {@code count x dimension} standard normal points, row-major; the points for {@code count} are
     *         the first {@code count} of those for any larger count with the same seed
     */
    public static double[][] normals(int dimension, int count, long seed) {
        // point by point from the scrambled directions (no count x dimension table of integers in between)
        Scrambling sc = scrambling(dimension, count, new Well19937c(mix(seed)));
        long[] y = sc.first();
        double scale = 1.0 / (1L << BITS);
        double[][] out = new double[count][dimension];
        for (int i = 0; i < count; i++) {
            sc.advance(y, i);
            for (int j = 0; j < dimension; j++) {
                // the centre of the point's cell of width 2^-52: never 0 or 1
                out[i][j] = Gaussian.inverseCdf((y[j] + 0.5) * scale);
            }
        }
        return out;
    }

    /**
     * The first {@code count} points as integers over {@code 2^BITS}: with {@code rng} the scrambled
     * sequence {@code y_i = M x_i XOR e} (per coordinate a random lower-triangular bit matrix {@code M} with a
     * unit diagonal, most significant bit first, and a random shift {@code e}); without it the plain Sobol
     * sequence {@code x_i}. In Gray-code order {@code x_i = x_(i-1) XOR v_c}, {@code c} one more than the
     * trailing ones of {@code i - 1}, and {@code M} is linear, so {@code y_i = y_(i-1) XOR M v_c} from
     * {@code y_0 = e}.
     */
    static long[][] scrambled(int dimension, int count, RandomGenerator rng) {
        Scrambling sc = scrambling(dimension, count, rng);
        long[] y = sc.first();
        long[][] out = new long[count][];
        for (int i = 0; i < count; i++) {
            sc.advance(y, i);
            out[i] = y.clone();
        }
        return out;
    }

    /**
     * The scrambled direction integers {@code sv[j][c] = M_j v_c} of each coordinate {@code j} and the shift
     * {@code e} (the first point), for the points {@link #scrambled} describes.
     */
    private record Scrambling(long[][] sv, long[] shift) {
        /** The first point, {@code y_0 = e} (a new array). */
        long[] first() {
            return shift.clone();
        }

        /** Turns {@code y_(i-1)} into {@code y_i} in place (Gray-code order; nothing for {@code i = 0}). */
        void advance(long[] y, int i) {
            if (i > 0) {
                int c = Long.numberOfTrailingZeros(~(long) (i - 1)) + 1;
                for (int j = 0; j < y.length; j++) {
                    y[j] ^= sv[j][c];
                }
            }
        }
    }

    private static Scrambling scrambling(int dimension, int count, RandomGenerator rng) {
        long[][] v = directions(dimension);
        int used = bitsOf(count);
        long[][] sv = new long[dimension][used + 1];
        long[] y = new long[dimension];
        long mask = (1L << BITS) - 1;
        for (int j = 0; j < dimension; j++) {
            if (rng == null) {
                System.arraycopy(v[j], 0, sv[j], 0, used + 1);
                continue;
            }
            long[] rows = new long[BITS];
            for (int k = 0; k < BITS; k++) {
                // output bit k (0 = the most significant) is itself plus random bits of higher significance
                rows[k] = (1L << (BITS - 1 - k)) | ((rng.nextLong() << (BITS - k)) & mask);
            }
            y[j] = rng.nextLong() & mask;
            for (int c = 1; c <= used; c++) {
                long s = 0;
                for (int k = 0; k < BITS; k++) {
                    s |= (long) (Long.bitCount(rows[k] & v[j][c]) & 1) << (BITS - 1 - k);
                }
                sv[j][c] = s;
            }
        }
        return new Scrambling(sv, y);
    }

    /** Number of direction integers the first {@code count} points use: the bit length of {@code count - 1}. */
    private static int bitsOf(int count) {
        return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
    }

    /**
     * Sobol direction integers {@code v_c}, {@code c = 1..31}, per dimension, recovered from Hipparchus's
     * sequence (whose own are private): point {@code 2^(c-1)} is its predecessor XOR {@code v_c}. Cached:
     * Hipparchus reads its direction numbers from a resource on each construction.
     */
    private static long[][] directions(int dimension) {
        return CACHE.computeIfAbsent(dimension, d -> {
            SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
            long[][] v = new long[d][DIRECTIONS + 1];
            for (int c = 1; c <= DIRECTIONS; c++) {
                int n = 1 << (c - 1);
                double[] at = sobol.skipTo(n).clone();
                double[] before = sobol.skipTo(n - 1);
                for (int j = 0; j < d; j++) {
                    v[j][c] = (long) (at[j] * (1L << BITS)) ^ (long) (before[j] * (1L << BITS));
                }
            }
            return v;
        });
    }

    private static final Map<Integer, long[][]> CACHE = new ConcurrentHashMap<>();

    /**
     * SplitMix64 finaliser: nearby seeds (consecutive randomizations, classes, components) give
     * unrelated generator states, so the scramblings of different randomizations are independent.
     */
    static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
