package org.sparseattention.validation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListParserTest {

    @Test
    void commaListKeepsOrder() {
        assertArrayEquals(new double[] {1, 0.5, 4}, ListParser.doubles("--x", "1, 0.5,4"), 0);
    }

    @Test
    void rangeIsInclusiveAndEvenlySpaced() {
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, ListParser.doubles("--x", "0.25:1:4"), 1e-15);
        double[] r = ListParser.doubles("--x", "1:8:30");
        assertTrue(r.length == 30 && r[0] == 1 && r[29] == 8);
        assertArrayEquals(new double[] {3}, ListParser.doubles("--x", "3:3:1"), 0);
        assertArrayEquals(new double[] {5, 4, 3}, ListParser.doubles("--x", "5:3:3"), 1e-15);
    }

    @Test
    void integerRanges() {
        int[] l = ListParser.ints("--L", "2:31:30");
        assertTrue(l.length == 30 && l[0] == 2 && l[29] == 31 && l[1] == 3);
        assertArrayEquals(new int[] {2, 4, 8}, ListParser.ints("--L", "2,4,8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2:10:4", "10.5", "2,3.5"})
    void nonIntegersAreRejectedForIntegerLists(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListParser.ints("--L", text));
        assertTrue(e.getMessage().startsWith("--L must be integers"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1,,2", "1,", "abc", "1:2", "1:2:0", "1:2:2.5", "1:2:3:4", "NaN", "1,Infinity",
        "1:2:x", "2:3:1", "1d"})
    void malformedListsAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListParser.doubles("--alpha1", text));
        assertTrue(e.getMessage().startsWith("--alpha1"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
