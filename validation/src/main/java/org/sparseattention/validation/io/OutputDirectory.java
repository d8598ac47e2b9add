package org.sparseattention.validation.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An output directory that only ever holds one complete run.
 *
 * <p>A run writes into a hidden sibling staging directory {@code .NAME.staging-*}; {@link #commit()}
 * swaps it in place of {@code NAME} (the previous run is renamed aside, the new one renamed in, the
 * old one deleted), so a reader never sees files of two runs. {@link #fail()} moves the staging
 * directory to {@code NAME.failed} instead and leaves {@code NAME} untouched. A lock file
 * {@code .NAME.lock} (an operating-system lock, released even when the process is killed) refuses a
 * second concurrent run into the same directory; the run that takes the lock removes the leftovers
 * of killed runs (staging directories, and restores a previous run that a kill caught in the middle
 * of a swap).
 *
 * <p>{@link #check(String)} validates a requested path without writing anything.
 */
public final class OutputDirectory implements AutoCloseable {

    /** A path that cannot be used as an output directory, or a directory held by another run. */
    public static final class UnusableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnusableException(String message) {
            super(message);
        }
    }

    /** File name that marks a directory as an sta run. */
    public static final String MANIFEST = "manifest.json";

    private enum State { OPEN, COMMITTED, FAILED, ABANDONED }

    private final Path target;
    private final Path parent;
    private final String name;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final String token;
    private final Path staging;
    private final List<Path> createdParents;
    private State state = State.OPEN;

    private OutputDirectory(Path target, List<Path> createdParents, FileChannel channel, FileLock lock, String token,
                            Path staging) {
        this.target = target;
        this.parent = target.getParent();
        this.name = target.getFileName().toString();
        this.lockFile = lockPath(target);
        this.createdParents = createdParents;
        this.channel = channel;
        this.lock = lock;
        this.token = token;
        this.staging = staging;
    }

    /**
     * Checks that {@code requested} can hold a run, without writing anything: not empty, not an
     * existing file, no file among its ancestors, not the file-system root, not the current
     * directory or one of its ancestors, either absent, empty or holding an earlier run (a
     * {@value #MANIFEST} of sta), and on a writable file system.
     *
     * @param requested the path given by the user
     * @return the absolute, normalised target (symbolic links resolved)
     * @throws UnusableException with a one-line message naming the problem
     */
    public static Path check(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new UnusableException("--out must name a directory, got an empty path");
        }
        Path p;
        try {
            p = Path.of(requested).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new UnusableException("--out '" + requested + "' is not a valid path: " + e.getMessage());
        }
        try {
            if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                p = p.toRealPath();
            }
        } catch (IOException e) {
            throw new UnusableException("--out " + requested + ": cannot resolve the link: " + e.getMessage());
        }
        if (p.getParent() == null || p.getFileName() == null) {
            throw new UnusableException("--out must not be the file-system root");
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (cwd.startsWith(p)) {
            throw new UnusableException("--out " + requested + " is the current directory or contains it; "
                    + "choose a directory of its own (e.g. out/run1)");
        }
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UnusableException("--out " + requested + " exists and is not a directory");
        }
        Path ancestor = p.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new UnusableException("--out " + requested + ": no existing ancestor directory");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new UnusableException("--out " + requested + ": " + ancestor + " is not a directory");
        }
        try {
            if (Files.getFileStore(ancestor).isReadOnly() || !Files.isWritable(ancestor)) {
                throw new UnusableException("--out " + requested + ": " + ancestor + " is not writable");
            }
        } catch (IOException e) {
            throw new UnusableException("--out " + requested + ": cannot inspect " + ancestor + ": " + e.getMessage());
        }
        if (Files.isDirectory(p) && !isEmpty(p) && !isRun(p)) {
            throw new UnusableException("--out " + requested + " is a non-empty directory that holds no sta run (no "
                    + MANIFEST + "); its files would be replaced: choose a new or empty directory");
        }
        return p;
    }

    /**
     * Opens a run into {@code target}: creates the missing parents, takes the lock, removes the
     * leftovers of killed runs and creates the staging directory.
     *
     * @param target a path accepted by {@link #check(String)}
     * @param holder one line describing this run (written into the lock file, shown to a
     *               concurrent run that is refused)
     * @throws UnusableException when the place is not writable or another run holds the lock
     */
    public static OutputDirectory open(Path target, String holder) {
        Path parent = target.getParent();
        List<Path> created = new ArrayList<>();
        Path lockFile = lockPath(target);
        try {
            for (Path a = parent; a != null && !Files.exists(a); a = a.getParent()) {
                created.add(0, a);
            }
            Files.createDirectories(parent);
        } catch (IOException e) {
            removeEmpty(created);
            throw new UnusableException("--out " + target + ": cannot create " + parent + " (" + reason(e) + ")");
        }
        String token = UniqueNames.token();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            for (int attempt = 0; attempt < 20 && lock == null; attempt++) {
                // POSIX locks belong to the process and are dropped when it closes ANY descriptor of the
                // file: the holder must never open the lock file a second time, so the check that the
                // path still names the locked file (its previous holder deletes it) compares file keys
                // (inode numbers) from stat, before opening and after locking
                try {
                    Files.createFile(lockFile);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another run's lock file, or a stale one of a killed run
                }
                Object before = fileKey(lockFile);
                try {
                    channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    continue;
                }
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new UnusableException("--out " + target + " is in use by another sta run ("
                            + holderOf(lockFile) + "); wait for it to finish or choose another --out");
                }
                if (before == null || !before.equals(fileKey(lockFile))) {
                    lock.release();
                    channel.close();
                    lock = null;
                    channel = null;
                    continue;
                }
                byte[] content = (token + "\n" + holder + "\n").getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content), 0);
                channel.force(false);
            }
            if (lock == null) {
                throw new UnusableException("--out " + target + ": could not take the lock " + lockFile);
            }
            cleanLeftovers(target);
            Path staging = UniqueNames.createDirectory(parent, "." + target.getFileName() + ".staging-");
            if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // an output directory is as readable as its parent, whatever the umask
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return new OutputDirectory(target, created, channel, lock, token, staging);
        } catch (IOException e) {
            closeQuietly(channel);
            removeEmpty(created);
            throw new UnusableException("--out " + target + ": cannot write there (" + reason(e) + ")");
        } catch (RuntimeException e) {
            if (lock != null) {
                deleteLockQuietly(lockFile, token);
            }
            closeQuietly(channel);
            removeEmpty(created);
            throw e;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.toString();
    }

    /** The final directory. */
    public Path target() {
        return target;
    }

    /** The directory the run writes into until {@link #commit()}. */
    public Path staging() {
        return staging;
    }

    /** Where a failed run's files go: {@code NAME.failed} beside the target. */
    public Path failedPath() {
        return parent.resolve(name + ".failed");
    }

    /**
     * Every regular file of the staging directory, as paths relative to it, sorted.
     */
    public synchronized List<String> stagedFiles() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(staging)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            s.filter(Files::isRegularFile).map(f -> staging.relativize(f).toString().replace('\\', '/')).sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + staging + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Swaps the staging directory in place of the target: afterwards the target holds exactly
     * this run. A failed run's {@code NAME.failed} beside it is removed (this run supersedes it).
     *
     * @throws UncheckedIOException if a rename fails (the previous run is then put back)
     */
    public synchronized void commit() {
        requireOpen();
        Path old = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = parent.resolve("." + name + ".old-" + UniqueNames.token());
                move(target, old);
            }
            try {
                move(staging, target);
            } catch (IOException e) {
                if (old != null) {
                    move(old, target);
                }
                throw e;
            }
            state = State.COMMITTED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the run into " + target + ": " + e.getMessage(), e);
        }
        deleteTreeQuietly(old);
        Path failed = failedPath();
        if (Files.isDirectory(failed) && isRun(failed)) {
            deleteTreeQuietly(failed);
        }
    }

    /**
     * Moves the staging directory to {@link #failedPath()} (replacing an earlier failed run), leaving
     * the target untouched.
     *
     * @return the directory now holding this run's files
     */
    public synchronized Path fail() {
        requireOpen();
        Path failed = failedPath();
        try {
            if (Files.exists(failed, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(failed) && (isEmpty(failed) || isRun(failed))) {
                    deleteTree(failed);
                } else {
                    failed = parent.resolve(name + ".failed-" + System.currentTimeMillis());
                }
            }
            move(staging, failed);
            state = State.FAILED;
            return failed;
        } catch (IOException e) {
            state = State.FAILED;
            return staging;
        }
    }

    /** Deletes the staging directory (a run that wrote nothing worth keeping, e.g. bad input). */
    public synchronized void abandon() {
        if (state == State.OPEN) {
            deleteTreeQuietly(staging);
            state = State.ABANDONED;
        }
    }

    /** True once {@link #commit()}, {@link #fail()} or {@link #abandon()} ran. */
    public synchronized boolean isFinished() {
        return state != State.OPEN;
    }

    /** Abandons the run unless finished, removes the lock file and releases the lock. */
    @Override
    public synchronized void close() {
        abandon();
        deleteLockQuietly(lockFile, token);
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            // the channel closes below, which releases the lock anyway
        }
        closeQuietly(channel);
        if (state == State.ABANDONED) {
            removeEmpty(createdParents);
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("output directory already " + state.name().toLowerCase());
        }
    }

    /** The lock file of {@code target}. */
    static Path lockPath(Path target) {
        return target.getParent().resolve("." + target.getFileName() + ".lock");
    }

    /** Removes staging directories of killed runs and restores a run that a kill caught mid-swap. */
    private static void cleanLeftovers(Path target) throws IOException {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent,
                f -> f.getFileName().toString().startsWith("." + name + "."))) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                if (f.startsWith("." + name + ".staging-")) {
                    deleteTree(p);
                } else if (f.startsWith("." + name + ".old-")) {
                    old.add(p);
                }
            }
        }
        old.sort(Comparator.comparing(OutputDirectory::modified).reversed());
        for (Path p : old) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                move(p, target);
            } else {
                deleteTree(p);
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }

    /** True if {@code dir} holds a manifest written by sta. */
    static boolean isRun(Path dir) {
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            return false;
        }
        try {
            String s = Files.readString(m, StandardCharsets.UTF_8);
            return s.contains("\"tool\": \"sta\"");
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String holderOf(Path lockFile) {
        String s = readQuietly(lockFile);
        int nl = s.indexOf('\n');
        String h = nl >= 0 ? s.substring(nl + 1).strip() : "";
        return h.isEmpty() ? "holder unknown, lock " + lockFile : h;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Deletes the lock file; called only while holding its lock (never reads it: see {@link #open}). */
    private static void deleteLockQuietly(Path lockFile, String token) {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            // a stale lock file is harmless: the operating-system lock is what counts
        }
    }

    /** The file key (device and inode) of {@code p} from stat, or null if it does not exist. */
    private static Object fileKey(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                // not empty (someone else wrote there): keep it
                return;
            }
        }
    }

    /** Deletes a directory tree (symbolic links are removed, never followed). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTreeQuietly(Path root) {
        if (root == null) {
            return;
        }
        try {
            deleteTree(root);
        } catch (IOException e) {
            // leftovers are removed by the next run into the same directory
        }
    }
}
