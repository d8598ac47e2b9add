package org.sparseattention.validation.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory,
 * which is then moved onto the target with {@link StandardCopyOption#ATOMIC_MOVE}. Temporary
 * files still open when the JVM stops (e.g. Ctrl-C) are deleted by a shutdown hook, so an
 * interrupted run never leaves a half-written file behind.
 */
public final class AtomicFiles {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /** Permissions of written files (whatever the process umask). */
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "sta-temp-cleanup"));
        } catch (IllegalStateException e) {
            // first used while the JVM shuts down: whoever writes then cleans up after itself
        }
    }

    /** Receives the output stream of the temporary file. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically, creating its directory if needed.
     *
     * @param target the final path
     * @param writer writes the content
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = UniqueNames.createFile(dir, "." + abs.getFileName(), ".tmp");
            PENDING.add(tmp);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, READABLE);
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                PENDING.remove(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the move normally consumed it
                }
            }
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes atomically. */
    public static void writeBytes(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** Number of temporary files currently being written (for tests). */
    public static int pendingCount() {
        return PENDING.size();
    }

    /** Deletes every temporary file still being written; called by the shutdown hook. */
    static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // shutting down: nothing else to do
            }
        }
        PENDING.clear();
    }
}
