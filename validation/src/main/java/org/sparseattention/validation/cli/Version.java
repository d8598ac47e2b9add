package org.sparseattention.validation.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** The project version (from the build) for {@code --version} and the manifests. */
public final class Version implements CommandLine.IVersionProvider {

    /** The version string, or {@code unknown}. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/sparseattention/validation/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sta " + get() + " (Java " + System.getProperty("java.version") + ")"};
    }
}
