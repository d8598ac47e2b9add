package org.sparseattention.validation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exclusive creation under fresh names: never an existing file, never the same name twice. */
class UniqueNamesTest {

    @TempDir
    Path tmp;

    @Test
    void filesAreNewEmptyAndDistinct() throws IOException {
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Path p = UniqueNames.createFile(tmp, ".out.csv", ".tmp");
            String name = p.getFileName().toString();
            assertEquals(tmp, p.getParent());
            assertTrue(name.startsWith(".out.csv") && name.endsWith(".tmp"), name);
            assertTrue(name.length() > ".out.csv.tmp".length(), name);
            assertTrue(Files.isRegularFile(p) && Files.size(p) == 0, name);
            assertTrue(seen.add(p), "name given twice: " + name);
        }
        try (var s = Files.list(tmp)) {
            assertEquals(500, s.count());
        }
    }

    @Test
    void directoriesAreNewAndDistinct() throws IOException {
        Path a = UniqueNames.createDirectory(tmp, ".run.staging-");
        Path b = UniqueNames.createDirectory(tmp, ".run.staging-");
        assertTrue(Files.isDirectory(a) && Files.isDirectory(b));
        assertTrue(a.getFileName().toString().startsWith(".run.staging-"));
        assertTrue(!a.equals(b));
    }

    @Test
    void anUnusablePlaceIsAnError() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain"), "x");
        assertThrows(IOException.class, () -> UniqueNames.createFile(notADirectory, "a", ".tmp"));
        assertThrows(IOException.class, () -> UniqueNames.createDirectory(tmp.resolve("missing/deeper"), "a"));
    }

    @Test
    void tokensAreBase36AndVary() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = UniqueNames.token();
            assertTrue(t.matches("[0-9a-z]{1,13}"), t);
            tokens.add(t);
        }
        assertEquals(1000, tokens.size());
    }
}
