package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GridAxisTest {

    private static final ModelSettings DEFAULTS =
            new ModelSettings(10, 1, 0.5, 5, "logistic", 0.01, 10, 0.5, 0.5, 0.5, 2);

    @Test
    void parsesNamesAndIntegerValues() {
        GridAxis l = GridAxis.parse("L=2:31:30");
        assertEquals(GridParameter.L, l.parameter());
        assertEquals(30, l.values().length);
        assertEquals(31, l.cell(29));
        GridAxis t = GridAxis.parse("theta=1,2.5");
        assertArrayEquals(new double[] {1, 2.5}, t.values(), 0);
        assertEquals(2.5, t.cell(1));
        assertEquals(GridParameter.ALPHA0, GridAxis.parse("alpha0=1").parameter());
    }

    @Test
    void rejectsUnknownNamesAndNonIntegers() {
        assertThrows(IllegalArgumentException.class, () -> GridAxis.parse("gamma=1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> GridAxis.parse("R=1.5"));
        assertThrows(IllegalArgumentException.class, () -> GridAxis.parse("theta"));
        assertThrows(IllegalArgumentException.class, () -> GridAxis.parse("=1,2"));
    }

    @Test
    void settingsReplaceOneParameterAndReportUndefinedPoints() {
        ModelSettings s = DEFAULTS.with(GridParameter.R, 12);
        assertFalse(s.isDefined());
        assertThrows(IllegalArgumentException.class, s::params);
        assertTrue(DEFAULTS.with(GridParameter.THETA, 2).isDefined());
        assertEquals(2.0, DEFAULTS.with(GridParameter.THETA, 2).theta());
        assertEquals(3.0, DEFAULTS.with(GridParameter.BETA, 3).beta());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(GridParameter.PI, 1));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(GridParameter.L, 1));
    }

    @Test
    void summaryOmitsSweptParameters() {
        assertEquals("L=10 R=1 pi=0.5 theta=5 logistic lambda=0.01 beta=10 eta=0.5 alpha0=2", DEFAULTS.summary());
        assertEquals("R=1 pi=0.5 logistic lambda=0.01 beta=10 eta=0.5 alpha0=2",
                DEFAULTS.summaryWithout(List.of("L", "theta")));
    }
}
