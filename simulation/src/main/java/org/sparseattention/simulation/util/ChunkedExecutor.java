package org.sparseattention.simulation.util;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs work split into fixed chunks on a fixed thread pool (the calling thread takes part).
 * Chunk boundaries never depend on the number of threads and reductions add the chunk
 * results in chunk order, so every result is bit-identical whatever {@code threads} is.
 * The pool threads are daemons: forgetting {@link #close()} does not keep the JVM alive.
 */
public final class ChunkedExecutor implements AutoCloseable {

    /** Work on the half-open index range {@code [start, end)} of chunk number {@code chunk}. */
    @FunctionalInterface
    public interface ChunkTask {
        /** Processes one chunk. */
        void run(int chunk, int start, int end);
    }

    /** Accumulates one chunk into its own zero-initialised buffer. */
    @FunctionalInterface
    public interface ChunkAccumulator {
        /** Adds the contribution of indices {@code [start, end)} into {@code buffer}. */
        void accumulate(int chunk, int start, int end, double[] buffer);
    }

    /** Work on a chunk with the scratch state of the thread running it. */
    @FunctionalInterface
    public interface ScratchChunkTask<S> {
        /** Processes one chunk using {@code scratch} (owned by the current thread, reused across its chunks). */
        void run(int chunk, int start, int end, S scratch);
    }

    /** Accumulates one chunk into its own zero-initialised buffer, with per-thread scratch state. */
    @FunctionalInterface
    public interface ScratchChunkAccumulator<S> {
        /** Adds the contribution of indices {@code [start, end)} into {@code buffer}. */
        void accumulate(int chunk, int start, int end, double[] buffer, S scratch);
    }

    private static final ChunkedExecutor SERIAL = new ChunkedExecutor(1);

    private final int threads;
    private final ExecutorService pool;

    /**
     * @param threads number of threads (at least 1); 1 means everything runs in the caller
     */
    public ChunkedExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            pool = null;
        } else {
            AtomicInteger counter = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "sta-sim-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** @return a shared single-threaded executor */
    public static ChunkedExecutor serial() {
        return SERIAL;
    }

    /** @return the number of threads */
    public int threads() {
        return threads;
    }

    /** @return number of chunks of size {@code chunk} covering {@code n} indices */
    public static int chunkCount(int n, int chunk) {
        return (int) (((long) n + chunk - 1) / chunk);
    }

    /**
     * Runs {@code task} on every chunk of {@code [0, n)}; returns when all are done.
     * Exceptions thrown by a task are rethrown in the caller.
     */
    public void forEachChunk(int n, int chunkSize, ChunkTask task) {
        forEachChunk(n, chunkSize, () -> null, (c, s, e, scratch) -> task.run(c, s, e));
    }

    /**
     * Runs {@code task} on every chunk of {@code [0, n)}; each participating thread creates its
     * scratch state once with {@code scratch} and reuses it for all chunks it runs (buffers are
     * not reallocated per chunk). Exceptions thrown by a task are rethrown in the caller.
     */
    public <S> void forEachChunk(int n, int chunkSize, Supplier<S> scratch, ScratchChunkTask<S> task) {
        final int m = chunkCount(n, chunkSize);
        if (pool == null || m <= 1) {
            S st = m > 0 ? scratch.get() : null;
            for (int c = 0; c < m; c++) {
                task.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize), st);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            S st = null;
            int c;
            while ((c = next.getAndIncrement()) < m) {
                if (st == null) {
                    st = scratch.get();
                }
                task.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize), st);
            }
        };
        int helpers = Math.min(threads - 1, m - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int t = 0; t < helpers; t++) {
            futures.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(m);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    Throwable cause = e.getCause();
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new IllegalStateException("interrupted", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Deterministic chunked reduction: each chunk accumulates into its own buffer of length
     * {@code len}; the buffers are then added in chunk order.
     */
    public double[] sumChunks(int n, int chunkSize, int len, ChunkAccumulator acc) {
        return sumChunks(n, chunkSize, len, () -> null, (c, s, e, buf, scratch) -> acc.accumulate(c, s, e, buf));
    }

    /**
     * Deterministic chunked reduction with per-thread scratch state: each chunk accumulates into
     * its own zero buffer of length {@code len}, and the buffers are added to the total in chunk
     * order (chunk {@code c} as soon as chunks {@code 0..c-1} have been added, so only a few
     * buffers are alive at a time). The result does not depend on the thread count.
     */
    public <S> double[] sumChunks(int n, int chunkSize, int len, Supplier<S> scratch,
            ScratchChunkAccumulator<S> acc) {
        final int m = chunkCount(n, chunkSize);
        final double[] total = new double[len];
        final double[][] parts = new double[m][];
        final int[] added = {0};
        final ArrayDeque<double[]> free = new ArrayDeque<>();
        forEachChunk(n, chunkSize, scratch, (c, s, e, st) -> {
            double[] buf;
            synchronized (parts) {
                buf = free.poll();
            }
            if (buf == null) {
                buf = new double[len];
            } else {
                Arrays.fill(buf, 0.0);
            }
            acc.accumulate(c, s, e, buf, st);
            synchronized (parts) {
                parts[c] = buf;
                while (added[0] < m && parts[added[0]] != null) {
                    double[] p = parts[added[0]];
                    for (int j = 0; j < len; j++) {
                        total[j] += p[j];
                    }
                    parts[added[0]] = null;
                    free.push(p);
                    added[0]++;
                }
            }
        });
        return total;
    }

    /** Stops the pool threads (optional; they are daemons). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
