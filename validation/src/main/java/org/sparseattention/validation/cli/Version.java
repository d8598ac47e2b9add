package org.sparseattention.validation.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * The project version and the git commit it was built from, for {@code --version} and the
 * manifests. The commit is written into the jar at build time ({@code git describe --dirty} run by
 * the build, see {@code validation/pom.xml}): 40 hexadecimal digits, followed by {@code -dirty}
 * when the working tree differed from that commit, or {@code unknown} outside a git checkout.
 */
public final class Version implements CommandLine.IVersionProvider {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}(-dirty)?");
    private static final String VERSION = load();
    private static final String COMMIT_ID = loadCommit();

    /** For picocli ({@code --version}). */
    public Version() {
        // stateless
    }

    /** The version string, or {@code unknown}. */
    public static String get() {
        return VERSION;
    }

    /** The git commit of the build ({@code <40 hex>[-dirty]}), or {@code unknown}. */
    public static String commit() {
        return COMMIT_ID;
    }

    @Override
    public String[] getVersion() {
        return lines();
    }

    static String[] lines() {
        return new String[] {"sta " + get() + " (commit " + commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/org/sparseattention/validation/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String loadCommit() {
        try (InputStream in = Version.class.getResourceAsStream("/org/sparseattention/validation/commit.txt")) {
            if (in != null) {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (COMMIT.matcher(s).matches()) {
                    return s;
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
