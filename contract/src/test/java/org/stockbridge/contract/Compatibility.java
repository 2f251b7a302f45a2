package org.stockbridge.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The compatibility rule of the API (docs/api-compatibility.md), judged by openapi-diff: a document that breaks the
 * last release's (an operation or a field removed, a parameter newly required, an accepted value narrowed ...) must
 * carry a higher major version than that release, and every version past the last release needs its changelog
 * entry.
 */
final class Compatibility {

    static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
    static final Path RELEASES = Path.of("..", "docs", "api-releases");
    static final Path CHANGELOG = Path.of("..", "docs", "api-changelog.md");

    private Compatibility() {
    }

    /** A version as its three numbers. */
    record Version(int major, int minor, int patch) implements Comparable<Version> {

        static Version parse(String text) {
            String[] parts = text.split("\\.");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a MAJOR.MINOR.PATCH version: " + text);
            }
            return new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        @Override
        public int compareTo(Version other) {
            return Comparator.comparingInt(Version::major).thenComparingInt(Version::minor)
                    .thenComparingInt(Version::patch).compare(this, other);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    /** What the rule says of {@code current} against {@code released}: empty when it holds, else why not. */
    static List<String> violations(String released, String current, String changelog) {
        Version before = versionOf(released);
        Version now = versionOf(current);
        ChangedOpenApi diff = OpenApiCompare.fromContents(released, current);
        java.util.ArrayList<String> violations = new java.util.ArrayList<>();
        if (now.compareTo(before) < 0) {
            violations.add("the document's version " + now + " is older than the last release " + before);
        }
        List<String> removed = removedFields(released, current);
        if ((diff.isIncompatible() || !removed.isEmpty()) && now.major() <= before.major()) {
            violations.add("the document breaks release " + before + " but keeps major version " + now.major()
                    + "; raise the major version (or keep the change compatible):\n"
                    + (removed.isEmpty() ? "" : "removed fields: " + removed + "\n")
                    + new MarkdownRender().render(diff));
        }
        if (!now.equals(before) && !changelog.contains("## " + now)) {
            violations.add("docs/api-changelog.md has no entry \"## " + now + "\" for the document's version");
        }
        return violations;
    }

    /**
     * Whether {@code current} breaks {@code released}: openapi-diff's judgement (operations, parameters, request and
     * response media types, accepted values, required-ness, security), plus any field of a schema that is gone. The
     * service writes every field of its answers (nulls included), so a client may read any of them; openapi-diff
     * counts a removed field only when the schema marked it required.
     */
    static boolean breaks(String released, String current) {
        return OpenApiCompare.fromContents(released, current).isIncompatible()
                || !removedFields(released, current).isEmpty();
    }

    /** The fields ({@code Schema.property}) of the released document's schemas that the current one no longer has. */
    static List<String> removedFields(String released, String current) {
        try {
            ObjectMapper json = new ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode before = json.readTree(released).path("components").path("schemas");
            com.fasterxml.jackson.databind.JsonNode now = json.readTree(current).path("components").path("schemas");
            java.util.ArrayList<String> removed = new java.util.ArrayList<>();
            before.fields().forEachRemaining(schema -> schema.getValue().path("properties").fieldNames()
                    .forEachRemaining(field -> {
                        if (!now.path(schema.getKey()).path("properties").has(field)) {
                            removed.add(schema.getKey() + "." + field);
                        }
                    }));
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON document", e);
        }
    }

    static Version versionOf(String document) {
        try {
            return Version.parse(new ObjectMapper().readTree(document).path("info").path("version").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON document", e);
        }
    }

    /** The document of the newest release in docs/api-releases ({@code MAJOR.MINOR.PATCH.json}). */
    static Path lastRelease() {
        try (Stream<Path> files = Files.list(RELEASES)) {
            return files.filter(file -> file.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+\\.json"))
                    .max(Comparator.comparing(file -> Version.parse(file.getFileName().toString()
                            .replaceFirst("\\.json$", ""))))
                    .orElseThrow(() -> new IllegalStateException("no released document in " + RELEASES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
