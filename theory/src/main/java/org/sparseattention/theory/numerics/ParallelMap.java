package org.sparseattention.theory.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Evaluates independent tasks {@code 0..n-1} on a fixed number of threads, results in index order
 * whatever the order in which they finish (so a result never depends on the thread count). The
 * one thread-pool map of the project: randomizations, grid cells and oracle lengths all go through
 * it.
 */
public final class ParallelMap {
    private ParallelMap() {
    }

    /**
     * Runs {@code task.apply(i)} for every {@code i < n} on {@code threads} threads.
     *
     * @param onDone called after each finished task (may be called concurrently)
     * @return results in index order
     * @throws RuntimeException the first task failure, unwrapped
     */
    public static <T> List<T> map(int n, int threads, IntFunction<T> task, Runnable onDone) {
        if (n <= 1 || threads <= 1) {
            // no pool for a single task or thread: run in the caller
            List<T> out = new ArrayList<>(Math.max(n, 0));
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
                onDone.run();
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, n)), r -> {
            Thread t = new Thread(r, "sta-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final int k = i;
                futures.add(pool.submit(() -> {
                    T v = task.apply(k);
                    onDone.run();
                    return v;
                }));
            }
            List<T> out = new ArrayList<>(n);
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.sparseattention.theory.TheoryException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new org.sparseattention.theory.TheoryException("parallel task failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }
}
