package org.sparseattention.validation.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New files and directories under names no one else uses ({@code PREFIX<random>SUFFIX}), like
 * {@link Files#createTempFile} but without {@link java.security.SecureRandom}: these names need
 * not be unpredictable (the file is created exclusively, a taken name is retried), and seeding a
 * secure generator (security providers, entropy) was a measurable part of a small command's
 * start-up.
 */
final class UniqueNames {
    private static final int ATTEMPTS = 100;

    private UniqueNames() {
    }

    /** A random token of 13 base-36 digits or less. */
    static String token() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * Creates a new empty file {@code dir/PREFIX<token>SUFFIX} (fails if it exists, then retries).
     *
     * @return the created file
     * @throws IOException when it cannot be created
     */
    static Path createFile(Path dir, String prefix, String suffix) throws IOException {
        for (int i = 1; ; i++) {
            try {
                return Files.createFile(dir.resolve(prefix + token() + suffix));
            } catch (FileAlreadyExistsException e) {
                if (i == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates a new directory {@code dir/PREFIX<token>} (fails if it exists, then retries).
     *
     * @return the created directory
     * @throws IOException when it cannot be created
     */
    static Path createDirectory(Path dir, String prefix) throws IOException {
        for (int i = 1; ; i++) {
            try {
                return Files.createDirectory(dir.resolve(prefix + token()));
            } catch (FileAlreadyExistsException e) {
                if (i == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
