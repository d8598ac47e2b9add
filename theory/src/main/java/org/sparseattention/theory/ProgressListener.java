package org.sparseattention.theory;

/** Receives progress of long computations (points done out of a total). */
@FunctionalInterface
public interface ProgressListener {
    /** Called after each finished unit of work. */
    void done(int done, int total);

    /** A listener that ignores progress. */
    ProgressListener NONE = (d, t) -> { };
}
