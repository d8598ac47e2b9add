package org.sparseattention.validation.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.sparseattention.validation.io.AtomicFiles;
import org.sparseattention.validation.io.UnitCodec;

/**
 * The work units of a run and who computes them (docs/cli.md, section sharding). A unit is named
 * by a section and an index in the unsharded run's order ({@code "trial", 17}); its result
 * depends on nothing but the run's parameters (each unit keeps its seed), so a run can be split:
 * <ul>
 *   <li>whole run: every unit is computed;</li>
 *   <li>shard {@code K/N}: unit {@code i} of a section is computed when
 *       {@code (i + offset(section)) mod N = K - 1} and recorded; the others are skipped
 *       ({@link #get} returns null);</li>
 *   <li>merge: every unit is read back from the shards' records, and the command assembles its
 *       outputs exactly as the whole run does.</li>
 * </ul>
 */
public final class WorkUnits {
    /** File of a shard's unit records, in its output directory. */
    public static final String FILE = "units.txt";

    private final int k;
    private final int n;
    private final Map<String, byte[]> loaded;
    private final Map<String, byte[]> computed = new ConcurrentHashMap<>();

    private WorkUnits(int k, int n, Map<String, byte[]> loaded) {
        this.k = k;
        this.n = n;
        this.loaded = loaded;
    }

    /** The whole run: every unit computed here. */
    public static WorkUnits whole() {
        return new WorkUnits(1, 1, null);
    }

    /**
     * Shard {@code k} of {@code n}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= n}
     */
    public static WorkUnits shard(int k, int n) {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("--shard K/N needs integers 1 <= K <= N, got " + k + "/" + n);
        }
        return new WorkUnits(k, n, null);
    }

    /** A merge of shard records (every unit read back). */
    public static WorkUnits merged(Map<String, byte[]> units) {
        return new WorkUnits(1, 1, Collections.unmodifiableMap(new TreeMap<>(units)));
    }

    /** Whether this run is one shard of several (it writes unit records, not the outputs). */
    public boolean isShard() {
        return loaded == null && n > 1;
    }

    /** Whether this run merges shard records. */
    public boolean isMerge() {
        return loaded != null;
    }

    /** Whether unit {@code index} of {@code section} is computed by this run. */
    public boolean mine(String section, int index) {
        if (loaded != null) {
            return false;
        }
        return Math.floorMod(index + Math.floorMod(section.hashCode(), n), n) == k - 1;
    }

    private static String key(String section, int index) {
        return section + "/" + index;
    }

    /**
     * The result of a unit: computed (whole run, own shard unit), skipped ({@code null}, other
     * shards' units) or read back (merge).
     *
     * @throws IllegalArgumentException in a merge when no shard recorded the unit
     */
    public <T> T get(String section, int index, Class<T> type, Supplier<T> compute) {
        String key = key(section, index);
        if (loaded != null) {
            byte[] data = loaded.get(key);
            if (data == null) {
                throw new IllegalArgumentException("no shard holds work unit " + key + " (shards of another run?)");
            }
            return UnitCodec.decode(data, type);
        }
        if (n > 1 && !mine(section, index)) {
            return null;
        }
        T v = compute.get();
        if (n > 1) {
            computed.put(key, UnitCodec.encode(v, type));
        }
        return v;
    }

    /** Number of units this shard computed. */
    public int computedCount() {
        return computed.size();
    }

    /** Writes this shard's unit records ({@code key<TAB>base64} lines, sorted) to {@code file}. */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(computed).entrySet()) {
            sb.append(e.getKey()).append('\t').append(Base64.getEncoder().encodeToString(e.getValue())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Reads unit records written by {@link #write} into {@code into}.
     *
     * @return the keys read
     * @throws IllegalArgumentException on a malformed line
     */
    public static List<String> read(Path file, Map<String, byte[]> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> keys = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 1) {
                throw new IllegalArgumentException(file + ": malformed unit record");
            }
            try {
                into.put(line.substring(0, tab), Base64.getDecoder().decode(line.substring(tab + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": malformed unit record");
            }
            keys.add(line.substring(0, tab));
        }
        return keys;
    }
}
