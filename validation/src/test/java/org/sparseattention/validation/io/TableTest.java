package org.sparseattention.validation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {

    @TempDir
    Path dir;

    @Test
    void csvHasHeaderPlainNumbersAndEmptyCellsForNaN() {
        Table t = new Table("model", "alpha1", "value", "n");
        t.add("pooled", 0.5, Double.NaN, 3);
        t.add("attention", 1e-7, 2.0, 4);
        t.add("a,b", null, -1.25, 5);
        assertEquals("model,alpha1,value,n\npooled,0.5,,3\nattention,1.0E-7,2.0,4\n\"a,b\",,-1.25,5\n", t.toCsv());
        assertEquals(1e-7, Double.parseDouble(t.toCsv().split("\n")[2].split(",")[1]));
    }

    @Test
    void rowsMustMatchTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").add(1.0));
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub").resolve("x.csv");
        Table t = new Table("a").add(1.0);
        t.writeCsv(target);
        assertEquals("a\n1.0\n", Files.readString(target));
        new Table("a").add(2.0).writeCsv(target);
        assertEquals("a\n2.0\n", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of("x.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(0, AtomicFiles.pendingCount());
    }

    @Test
    void failedWriteKeepsTheOldFileAndRemovesTheTemporary() throws IOException {
        Path target = dir.resolve("y.csv");
        AtomicFiles.writeString(target, "old\n");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IllegalStateException("interrupted");
        }));
        assertEquals("old\n", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void shutdownCleanupLeavesNoHalfWrittenFile() throws Exception {
        Path target = dir.resolve("z.csv");
        assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            out.flush();
            AtomicFiles.deletePending(); // what the shutdown hook does on Ctrl-C
        }));
        assertTrue(!Files.exists(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void consoleTableIsAligned() {
        Table t = new Table("model", "x").add("pooled", 0.123456789).add("attention", 12.0);
        StringWriter sw = new StringWriter();
        t.print(new PrintWriter(sw));
        String[] lines = sw.toString().split("\n");
        assertEquals(3, lines.length);
        assertEquals(lines[0].length(), lines[1].length());
        assertEquals(lines[1].length(), lines[2].length());
        assertTrue(lines[1].endsWith("0.12346"), lines[1]);
    }

    @Test
    void jsonEscapesAndNests() {
        String s = Json.write(java.util.Map.of("k", List.of("a\"b", 1.5, true)));
        assertEquals("{\n  \"k\": [\"a\\\"b\", 1.5, true]\n}\n", s);
    }
}
