package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/** The manifest's jvm_options: what the management API reports for this JVM, read once. */
class JvmArgumentsTest {

    @Test
    void sameAsTheManagementApi() {
        JvmArguments.prefetch();
        assertEquals(ManagementFactory.getRuntimeMXBean().getInputArguments(), JvmArguments.get());
        assertSame(JvmArguments.get(), JvmArguments.get());
    }
}
