package org.stockbridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OCI image layout in a tar file, as {@code jib:buildTar} writes it: {@code index.json} names the manifest, the
 * manifest names the config and the layers, all as blobs under {@code blobs/sha256/}. The layers stay in the file and
 * are read in the order the tar holds them; Jib's layers never hold the same file twice.
 */
record ImageTarball(Path tar, JsonNode config, Set<String> layers) {

    /** The index, the manifest and the config are small; a layer is large. */
    private static final long SMALL = 1 << 20;

    /** Where the api module's image profile writes the service's tarball, from this module's directory. */
    static final Path SERVICE = Path.of("..", "api", "target", "stockbridge-image.tar");

    /** Where the partner-client module's image profile writes the client's tarball. */
    static final Path PARTNER_CLIENT = Path.of("..", "partner-client", "target", "stockbridge-partner-client-image.tar");

    /** The tarball at {@code variable} if set, else at {@code otherwise}. */
    static Path location(String variable, Path otherwise) {
        String set = System.getenv(variable);
        return set == null || set.isBlank() ? otherwise : Path.of(set);
    }

    static ImageTarball read(Path tar) {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isFile() && entry.getSize() < SMALL) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonMapper json = JsonMapper.builder().build();
        JsonNode index = json.readTree(required(files, "index.json"));
        JsonNode manifest = json.readTree(blob(files, index.path("manifests").path(0).path("digest").asString()));
        JsonNode config = json.readTree(blob(files, manifest.path("config").path("digest").asString()));
        Set<String> layers = new LinkedHashSet<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add("blobs/" + layer.path("digest").asString().replace(':', '/'));
        }
        return new ImageTarball(tar, config, layers);
    }

    /** The files, directories and links of every layer, the later layer's entry winning, by absolute path. */
    Map<String, TarArchiveEntry> entries() {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        forEachEntry(path -> true, (path, entry, in) -> entries.put(path, entry));
        return entries;
    }

    /** Writes the layers' entries whose absolute path passes the filter under {@code root}, modes kept. */
    void extract(Path root, Predicate<String> wanted) {
        forEachEntry(wanted, (path, entry, in) -> {
            Path target = root.resolve(path.substring(1)).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalStateException("a layer entry leaves the root: " + path);
            }
            try {
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
                if (!entry.isSymbolicLink()) {
                    Files.setPosixFilePermissions(target, Modes.of(entry.getMode()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private interface EntryVisitor {
        void visit(String path, TarArchiveEntry entry, InputStream content) throws IOException;
    }

    private void forEachEntry(Predicate<String> wanted, EntryVisitor visitor) {
        int seen = 0;
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry blob = outer.getNextEntry(); blob != null; blob = outer.getNextEntry()) {
                if (!layers.contains(blob.getName())) {
                    continue;
                }
                seen++;
                TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(outer));
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    if (wanted.test(path)) {
                        visitor.visit(path, entry, in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (seen != layers.size()) {
            throw new IllegalStateException("the image tarball holds " + seen + " of its " + layers.size() + " layers");
        }
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        return required(files, "blobs/" + digest.replace(':', '/'));
    }

    private static byte[] required(Map<String, byte[]> files, String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IllegalStateException("the image tarball has no " + name);
        }
        return content;
    }
}
