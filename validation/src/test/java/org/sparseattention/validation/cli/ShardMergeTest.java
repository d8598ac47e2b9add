package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code --shard K/N} and {@code sta merge}: for every shardable command the merged CSV files
 * equal the unsharded run's row for row (timing columns aside), and malformed shards or merges
 * are exit 2 with one line.
 */
class ShardMergeTest {
    /** Columns that may differ between runs (wall-clock measurements). */
    private static final Set<String> TIMING = Set.of("seconds", "wall_s", "elapsed", "time_s", "duration_seconds");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** Runs the command whole and in {@code n} shards, merges, and compares every CSV file. */
    private void check(String name, int n, String... args) throws IOException {
        Path whole = dir.resolve(name + "-whole");
        CliRun w = run(with(args, "--out", whole.toString()));
        List<String> merge = new ArrayList<>(List.of("merge", "--out", dir.resolve(name + "-merged").toString()));
        for (int k = n; k >= 1; k--) { // any order of the inputs
            Path s = dir.resolve(name + "-s" + k);
            CliRun r = run(with(args, "--shard", k + "/" + n, "--out", s.toString()));
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.exists(s.resolve("units.txt")));
            String manifest = Files.readString(s.resolve("manifest.json"));
            assertTrue(manifest.contains("\"shard\": \"" + k + "/" + n + "\"") || manifest.contains("\"shard\":\""
                    + k + "/" + n + "\""), manifest);
            merge.add(s.toString());
        }
        CliRun m = run(merge.toArray(String[]::new));
        assertEquals(w.code(), m.code(), m.err());
        Path merged = dir.resolve(name + "-merged");
        List<Path> csv;
        try (Stream<Path> files = Files.list(whole)) {
            csv = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertFalse(csv.isEmpty());
        for (Path f : csv) {
            List<List<String>> a = table(f);
            List<List<String>> b = table(merged.resolve(f.getFileName()));
            assertTrue(a.size() > 1, f + " has rows");
            assertEquals(a, b, name + ": " + f.getFileName() + " merged differs from the unsharded run");
        }
        try (Stream<Path> files = Files.list(whole)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                assertTrue(Files.size(merged.resolve(p.getFileName())) > 0, "merged picture " + p.getFileName());
            }
        }
    }

    /** CSV rows without timing columns (cells split on commas; the files hold no quoted commas here). */
    private static List<List<String>> table(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> row = new ArrayList<>();
            for (int j = 0; j < cells.length; j++) {
                if (j >= header.size() || !TIMING.contains(header.get(j))) {
                    row.add(cells[j]);
                }
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void simulateMergesToTheUnshardedRows() throws IOException {
        check("simulate", 3, "simulate", "--d", "60", "--trials", "3", "--alpha1", "1,2",
                "--models", "attention,pooled", "--test-samples", "2000");
    }

    @Test
    void validateMergesToTheUnshardedRowsAndVerdict() throws IOException {
        check("validate", 3, "validate", "--d", "60,90", "--trials", "3", "--alpha1", "2", "--models", "pooled",
                "--test-samples", "2000", "--sep-d", "30,40", "--sep-trials", "2", "--sep-factors", "0.8,1.2",
                "--qmc-points", "128", "--randomizations", "4");
    }

    @Test
    void figureMergesToTheUnshardedRows() throws IOException {
        check("figure", 2, "figure", "--d", "60", "--trials", "2", "--alpha1", "1,2", "--models", "pooled",
                "--theory-alpha1", "1,2", "--test-samples", "2000");
    }

    @Test
    void figureAtSeveralOrOptimalRidgesMergesToTheUnshardedRows() throws IOException {
        check("figure-list", 2, "figure", "--d", "60", "--trials", "2", "--alpha1", "1,2", "--models", "pooled",
                "--theory-alpha1", "1,2", "--test-samples", "2000", "--lambda", "0.01,1");
        check("figure-opt", 2, "figure", "--d", "60", "--trials", "2", "--alpha1", "1,2", "--models", "pooled",
                "--theory-alpha1", "1,4", "--test-samples", "2000", "--lambda", "opt");
    }

    @Test
    void curveMergesToTheUnshardedRows() throws IOException {
        check("curve", 2, "curve", "--models", "pooled,vectorized", "--alpha1", "0.5,1,2");
    }

    @Test
    void curveGridAndLambdaListMergeToTheUnshardedRows() throws IOException {
        check("curve-grid", 3, "curve", "--models", "pooled,vectorized", "--alpha1", "2", "--grid", "theta=2:4:3");
        check("curve-lambda", 2, "curve", "--models", "pooled", "--alpha1", "1,2", "--lambda", "0.01,0.1");
    }

    @Test
    void capacityGridMergesToTheUnshardedRows() throws IOException {
        check("capacity", 3, "capacity", "--models", "pooled", "--grid", "theta=1:3:3", "--grid", "L=4:8:2");
    }

    @Test
    void oracleMergesToTheUnshardedRows() throws IOException {
        check("oracle", 2, "oracle", "--models", "pooled,vectorized", "--L", "10,20", "--theta", "2,3");
    }

    @Test
    void badShardsAreExitTwoWithOneLine() {
        for (String bad : List.of("0/2", "3/2", "1/0", "a/b", "1.5/2", "2", "-1/2")) {
            CliRun r = run("curve", "--models", "pooled", "--alpha1", "1", "--shard", bad, "--out",
                    dir.resolve("bad").toString());
            assertEquals(2, r.code(), bad + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--shard"), r.err());
        }
    }

    @Test
    void mergeRefusesWhatIsNotOneRun() throws IOException {
        String[] a = {"curve", "--models", "pooled", "--alpha1", "1,2"};
        for (int k = 1; k <= 2; k++) {
            assertEquals(0, run(with(a, "--shard", k + "/2", "--out", dir.resolve("a" + k).toString())).code());
        }
        assertEquals(0, run(with(new String[] {"curve", "--models", "pooled", "--alpha1", "1,3"}, "--shard", "2/2",
                "--out", dir.resolve("other2").toString())).code());
        assertEquals(0, run(with(a, "--shard", "1/3", "--out", dir.resolve("three1").toString())).code());
        Files.createDirectories(dir.resolve("plain"));
        String out = dir.resolve("m").toString();
        List<String[]> cases = List.of(
                new String[] {"merge", "--out", out, dir.resolve("a1").toString()},
                new String[] {"merge", "--out", out, dir.resolve("a1").toString(), dir.resolve("a1").toString(),
                    dir.resolve("a2").toString()},
                new String[] {"merge", "--out", out, dir.resolve("a1").toString(), dir.resolve("other2").toString()},
                new String[] {"merge", "--out", out, dir.resolve("a1").toString(), dir.resolve("three1").toString()},
                new String[] {"merge", "--out", out, dir.resolve("a1").toString(), dir.resolve("plain").toString()},
                new String[] {"merge", "--out", out, dir.resolve("nowhere").toString()});
        List<String> expect = List.of("missing shard 2/2", "given twice", "--alpha1", "different N",
                "not a shard directory", "not a directory");
        for (int i = 0; i < cases.size(); i++) {
            CliRun r = run(cases.get(i));
            assertEquals(2, r.code(), String.join(" ", cases.get(i)) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expect.get(i)), expect.get(i) + " in: " + r.err());
            assertFalse(Files.exists(dir.resolve("m")), "nothing written on bad input");
        }
    }

    @Test
    void slurmWritesAnArrayAndADependentMerge() throws IOException {
        Path job = dir.resolve("job");
        CliRun r = run("slurm", "--shards", "4", "--out", job.toString(), "--time", "01:00:00", "--", "validate",
                "--d", "100,200", "--trials", "3");
        assertEquals(0, r.code(), r.err());
        String array = Files.readString(job.resolve("array.sbatch"));
        assertTrue(array.contains("#SBATCH --array=1-4"), array);
        assertTrue(array.contains("#SBATCH --time=01:00:00"), array);
        assertTrue(array.contains("validate --d 100,200 --trials 3 --threads 2 --shard \"${K}/4\""), array);
        String merge = Files.readString(job.resolve("merge.sbatch"));
        for (int k = 1; k <= 4; k++) {
            assertTrue(merge.contains(job.toAbsolutePath().resolve("shard-" + k).toString()), merge);
        }
        assertTrue(merge.contains(" merge --out "), merge);
        assertTrue(Files.readString(job.resolve("submit.sh")).contains("--dependency=afterok:${array}"));
        assertTrue(Files.isExecutable(job.resolve("submit.sh")));
        // bad input: exit 2, one line, nothing written
        for (String[] bad : List.of(new String[] {"slurm", "--shards", "0", "--out", dir.resolve("j2").toString(),
            "--", "curve"}, new String[] {"slurm", "--shards", "2", "--out", dir.resolve("j3").toString(), "--",
            "align"}, new String[] {"slurm", "--shards", "2", "--out", dir.resolve("j4").toString(), "--", "curve",
            "--shard", "1/2"}, new String[] {"slurm", "--shards", "2", "--out", dir.resolve("j5").toString(), "--",
            "curve", "--no-such-option"})) {
            CliRun b = run(bad);
            assertEquals(2, b.code(), String.join(" ", bad) + ": " + b.err());
            assertEquals(1, b.err().strip().lines().count(), b.err());
        }
    }
}
