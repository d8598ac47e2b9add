package org.sparseattention.validation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One complete run per output directory: swap, failure, lock, leftovers, checks of the path. */
class OutputDirectoryTest {

    @TempDir
    Path tmp;

    private static void run(Path target, String content) {
        try (OutputDirectory d = OutputDirectory.open(target, "test run")) {
            AtomicFiles.writeString(d.staging().resolve("data-" + content + ".csv"), content);
            AtomicFiles.writeString(d.staging().resolve(OutputDirectory.MANIFEST), "{\"tool\": \"sta\"}");
            d.commit();
        }
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void secondRunReplacesTheFirstAndLeavesNothingBeside() throws IOException {
        Path out = tmp.resolve("a/b/out");
        run(out, "one");
        run(out, "two");
        assertEquals(List.of("data-two.csv", "manifest.json"), names(out));
        assertEquals(List.of("out"), names(tmp.resolve("a/b")), "no lock, staging or old directory left");
    }

    @Test
    void failedRunKeepsThePreviousRunAndGoesToDotFailed() throws IOException {
        Path out = tmp.resolve("out");
        run(out, "one");
        try (OutputDirectory d = OutputDirectory.open(out, "test run")) {
            AtomicFiles.writeString(d.staging().resolve("partial.csv"), "x");
            Path failed = d.fail();
            assertEquals(tmp.resolve("out.failed"), failed);
        }
        assertEquals(List.of("data-one.csv", "manifest.json"), names(out));
        assertEquals(List.of("partial.csv"), names(tmp.resolve("out.failed")));
        assertEquals(List.of("out", "out.failed"), siblings());
    }

    @Test
    void concurrentRunIsRefusedNamingTheHolder() {
        Path out = tmp.resolve("out");
        try (OutputDirectory first = OutputDirectory.open(out, "pid 42 on host, sta curve")) {
            OutputDirectory.UnusableException e = assertThrows(OutputDirectory.UnusableException.class,
                    () -> OutputDirectory.open(out, "second"));
            assertTrue(e.getMessage().contains("pid 42 on host, sta curve"), e.getMessage());
            first.abandon();
        }
        run(out, "after");
        assertTrue(Files.exists(out.resolve("data-after.csv")));
    }

    @Test
    void leftoversOfKilledRunsAreCleanedAndAnInterruptedSwapIsUndone() throws IOException {
        Path out = tmp.resolve("out");
        run(out, "one");
        // a run killed while writing, and one killed between the two renames of its swap
        Files.createDirectories(tmp.resolve(".out.staging-123"));
        Files.writeString(tmp.resolve(".out.staging-123/half.csv"), "x");
        Files.move(out, tmp.resolve(".out.old-xyz"));
        Files.writeString(tmp.resolve(".out.lock"), "stale\n");
        try (OutputDirectory d = OutputDirectory.open(out, "test run")) {
            assertEquals(List.of("data-one.csv", "manifest.json"), names(out), "previous run restored");
            d.abandon();
        }
        assertEquals(List.of("out"), siblings());
    }

    @Test
    void unusablePathsAreRejectedWithoutWritingAnything() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Path foreign = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        for (String bad : new String[] {"", "  ", file.toString(), file.resolve("sub").toString(), foreign.toString(),
            "/", "."}) {
            assertThrows(OutputDirectory.UnusableException.class, () -> OutputDirectory.check(bad), bad);
        }
        assertEquals(List.of("afile", "mine"), siblings());
        assertEquals(tmp.resolve("new/dir"), OutputDirectory.check(tmp.resolve("new/x/../dir").toString()));
        assertFalse(Files.exists(tmp.resolve("new")));
    }
}
