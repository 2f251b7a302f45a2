package org.stockbridge.deploy;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a built tarball, kubectl, root for a chroot): missing, the test is skipped with
 * the reason, unless its environment variable is {@code required} (as in CI), when it fails.
 */
final class Prerequisite {

    private Prerequisite() {
    }

    static void require(boolean present, String variable, String missing) {
        if (present) {
            return;
        }
        if ("required".equals(System.getenv(variable))) {
            throw new AssertionError(variable + "=required but " + missing);
        }
        Assumptions.abort("skipped: " + missing + " (set " + variable + "=required to fail instead)");
    }
}
