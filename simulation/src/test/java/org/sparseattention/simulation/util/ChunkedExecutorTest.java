package org.sparseattention.simulation.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Chunked reductions add chunk results in chunk order, whatever the thread count. */
class ChunkedExecutorTest {

    /** Chunk partial sums of values spanning many magnitudes: rounding exposes any change of order. */
    private static void accumulate(int s, int e, double[] buf) {
        for (int i = s; i < e; i++) {
            for (int j = 0; j < buf.length; j++) {
                buf[j] += Math.pow(10, (i * 7 + j) % 31 - 15) * ((i + j) % 3 - 1);
            }
        }
    }

    @Test
    void sumChunksAddsChunksInOrder() {
        int n = 1000, chunk = 7, len = 5;
        double[] expected = new double[len];
        for (int c = 0; c * chunk < n; c++) {
            double[] part = new double[len];
            accumulate(c * chunk, Math.min(n, (c + 1) * chunk), part);
            for (int j = 0; j < len; j++) {
                expected[j] += part[j];
            }
        }
        for (int threads : new int[] {1, 2, 5}) {
            try (ChunkedExecutor ex = new ChunkedExecutor(threads)) {
                Set<Object> scratches = ConcurrentHashMap.newKeySet();
                double[] got = ex.sumChunks(n, chunk, len, Object::new, (c, s, e, buf, scratch) -> {
                    scratches.add(scratch);
                    accumulate(s, e, buf);
                });
                assertArrayEquals(expected, got, threads + " threads");
                assertTrue(scratches.size() <= threads, "one scratch object per thread at most");
                assertArrayEquals(expected, ex.sumChunks(n, chunk, len, (c, s, e, buf) -> accumulate(s, e, buf)));
            }
        }
    }

    @Test
    void taskFailureReachesTheCaller() {
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ex.forEachChunk(100, 3,
                    () -> null, (c, s, e2, st) -> {
                        if (c == 17) {
                            throw new IllegalStateException("chunk 17");
                        }
                    }));
            assertEquals("chunk 17", e.getMessage());
        }
    }
}
