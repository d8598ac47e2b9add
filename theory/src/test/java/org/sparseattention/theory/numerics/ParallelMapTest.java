package org.sparseattention.theory.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ParallelMapTest {
    @Test
    void resultsComeInIndexOrderOnEveryThreadCount() {
        for (int threads = 1; threads <= 5; threads++) {
            AtomicInteger done = new AtomicInteger();
            List<Integer> out = ParallelMap.map(50, threads, i -> {
                // uneven work, so tasks finish out of order
                double s = 0;
                for (int k = 0; k < (i % 7) * 20_000; k++) {
                    s += Math.sqrt(k);
                }
                return s >= 0 ? i * i : -1;
            }, done::incrementAndGet);
            assertEquals(50, out.size());
            for (int i = 0; i < 50; i++) {
                assertEquals(i * i, out.get(i));
            }
            assertEquals(50, done.get());
        }
    }

    @Test
    void usesTheRequestedThreadsAndReusesThem() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 20; call++) {
            ParallelMap.map(8, 2, i -> {
                seen.add(Thread.currentThread());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return i;
            }, () -> { });
        }
        // the caller and one helper per call, the helpers kept between calls: far fewer than the 20 a pool per call made
        assertTrue(seen.contains(Thread.currentThread()));
        assertTrue(seen.size() >= 2 && seen.size() <= 4, "threads used: " + seen.size());
    }

    @Test
    void nestedMapsDoNotWait() {
        List<Integer> out = ParallelMap.map(4, 2, i -> ParallelMap.map(4, 2, j -> i * 10 + j, () -> { })
                .stream().mapToInt(Integer::intValue).sum(), () -> { });
        for (int i = 0; i < 4; i++) {
            assertEquals(40 * i + 6, out.get(i));
        }
    }

    @Test
    void theLowestFailedTaskIsRethrownUnwrapped() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelMap.map(6, 1, i -> {
            if (i >= 3) {
                throw new IllegalStateException("task " + i);
            }
            return i;
        }, () -> { }));
        assertEquals("task 3", e.getMessage());
        IllegalStateException p = assertThrows(IllegalStateException.class, () -> ParallelMap.map(40, 3, i -> {
            if (i == 5) {
                throw new IllegalStateException("task " + i);
            }
            return i;
        }, () -> { }));
        assertEquals("task 5", p.getMessage());
    }
}
