package org.sparseattention.theory.numerics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Evaluates independent tasks {@code 0..n-1} on a fixed number of threads, results in index order
 * whatever the order in which they finish (so a result never depends on the thread count). The
 * one thread-pool map of the project: randomizations, grid cells and oracle lengths all go through
 * it.
 *
 * <p>The calling thread and {@code threads - 1} helpers take the next index until none is left. The helpers
 * come from one shared pool of daemon threads that are kept between calls (a pass over the attention law's
 * randomizations is a few milliseconds, and a pool created per call cost about 1 ms and ran cold); the pool
 * grows when every thread is busy, so a map inside a task of another map never waits for a thread.
 */
public final class ParallelMap {
    private ParallelMap() {
    }

    /** Threads kept between calls (idle ones end after a minute). */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sta-worker");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code task.apply(i)} for every {@code i < n} on {@code threads} threads (the caller's among them).
     *
     * @param onDone called after each finished task (may be called concurrently)
     * @return results in index order
     * @throws RuntimeException the failure of the lowest-numbered failed task, unwrapped (no new task
     *                          starts after a failure)
     */
    public static <T> List<T> map(int n, int threads, IntFunction<T> task, Runnable onDone) {
        if (n <= 1 || threads <= 1) {
            // no helper for a single task or thread: run in the caller
            List<T> out = new ArrayList<>(Math.max(n, 0));
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
                onDone.run();
            }
            return out;
        }
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    results[i] = task.apply(i);
                    onDone.run();
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                    next.set(n);
                }
            }
        };
        int helpers = Math.min(threads, n) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(HELPERS.submit(worker));
        }
        worker.run();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            next.set(n);
            Thread.currentThread().interrupt();
            throw new org.sparseattention.theory.TheoryException("interrupted", e);
        } catch (ExecutionException e) {
            throw new org.sparseattention.theory.TheoryException("parallel worker failed: " + e.getCause(),
                    e.getCause());
        }
        for (Throwable t : failures) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) Arrays.asList(results);
        return new ArrayList<>(out);
    }
}
