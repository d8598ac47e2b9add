package org.sparseattention.simulation;

/** Receives progress of {@link Simulator#run}; may be called from worker threads. */
public interface ProgressListener {
    /** Called once per finished trial with the number done so far and the total. */
    void trialDone(int done, int total);
}
