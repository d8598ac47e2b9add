package org.sparseattention.validation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The estimate of the time left and the amount of output of {@link Progress}. */
class ProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void etaIgnoresASlowStart() {
        // 100 units: the first 10 take 5 s each (warm-up), the other 90 take 1 s each
        Progress p = new Progress(new PrintWriter(new StringWriter()), "test", "units", 100, Double.NaN, false, 0L);
        long t = 0;
        for (int i = 1; i <= 40; i++) {
            t += (i <= 10 ? 5 : 1) * S;
            p.update(i, t);
        }
        // at 40 units (80 s) 60 units of 1 s are left. Extrapolating from the start says 120 s; the rate
        // over the last half (40 s to 80 s: 32 units, 8 of them still slow) says 40 / 0.32 * 0.6 = 75 s
        double eta = p.eta(t / (double) S, 0.40);
        assertEquals(75, eta, 1e-9);
    }

    @Test
    void etaOfAConstantRateIsExact() {
        Progress p = new Progress(new PrintWriter(new StringWriter()), "test", "units", 50, Double.NaN, false, 0L);
        for (int i = 1; i <= 10; i++) {
            p.update(i, i * 2 * S);
        }
        assertEquals(80, p.eta(20, 0.2), 1e-9);
    }

    @Test
    void noEstimateTooEarly() {
        Progress p = new Progress(new PrintWriter(new StringWriter()), "test", "units", 1000, Double.NaN, false, 0L);
        p.update(1, S / 2);
        assertTrue(Double.isNaN(p.eta(0.5, 0.001)));
    }

    @Test
    void logLinesStayFewOnALongRun() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), "test", "units", 10_000, Double.NaN, false, 0L);
        for (int i = 1; i <= 10_000; i++) {
            p.update(i, i * S); // a run of 10000 s, one unit per second
        }
        long lines = out.toString().lines().count();
        assertTrue(lines <= 60 && lines >= 10, lines + " lines");
        assertTrue(out.toString().strip().endsWith("10000/10000 units (100%), 2 h 46 min elapsed"), out.toString());
    }

    @Test
    void terminalBarIsRedrawnInPlace() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), "curve", "points", 4, Double.NaN, true, 0L);
        for (int i = 1; i <= 4; i++) {
            p.update(i, i * S);
        }
        String s = out.toString();
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), s);
        assertTrue(s.startsWith("\r"), s);
        assertTrue(s.contains("[========================] 100% 4/4 points"), s);
    }
}
