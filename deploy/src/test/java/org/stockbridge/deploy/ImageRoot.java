package org.stockbridge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image's layers extracted into a directory, and a command run there as the image's user: {@code chroot} in a
 * private mount namespace with {@code /proc} (which the JVM needs), no container engine. The network stays the
 * host's, so a program of the image reaches a server of the test on loopback. Needs root, unshare and chroot.
 */
final class ImageRoot {

    private ImageRoot() {
    }

    /** Whether this machine can run a command inside an extracted image, with the reason it cannot. */
    static void requireChroot() {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        boolean tools = Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.isExecutable(Path.of("/usr/sbin/chroot"));
        Prerequisite.require(asRoot && tools, "STOCKBRIDGE_IMAGE_TESTS",
                "running the image's programs needs root, unshare and chroot");
    }

    /**
     * Starts {@code command} inside {@code root} as {@code user} ({@code uid:gid}) with exactly {@code environment}
     * (nothing of the test's own), output and errors together.
     */
    static Process start(Path root, String user, List<String> command, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(root.resolve("proc"));
        // absolute paths: PATH is the image's, for the program inside
        String script = "/bin/mount -t proc proc \"$1/proc\" && shift && exec /usr/sbin/chroot --userspec=" + user
                + " \"$@\"";
        List<String> full = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--fork", "/bin/sh", "-c", script,
                "sh", root.toString(), root.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }
}
