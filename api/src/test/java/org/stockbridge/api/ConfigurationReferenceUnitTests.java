package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * docs/configuration.md is the one reference of what an operator may set: every {@code stockbridge.*} setting the code
 * binds ({@code @ConfigurationProperties} records, followed into their nested records) or reads ({@code ${...}}
 * placeholders in the main sources) is named there, in full or as {@code …last-part} after its group.
 */
class ConfigurationReferenceUnitTests {

    private static final Path ROOT = Path.of("..");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(stockbridge\\.[a-z0-9.-]+)");

    @Test
    void every_setting_the_code_binds_or_reads_is_in_the_configuration_reference() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        Set<String> settings = new TreeSet<>();
        settings.addAll(bound());
        settings.addAll(placeholders());
        assertThat(settings).as("settings found in the code").hasSizeGreaterThan(40)
                .contains("stockbridge.db.url", "stockbridge.security.audience");

        assertThat(settings).filteredOn(setting -> !documented(reference, setting))
                .as("settings missing from docs/configuration.md").isEmpty();
    }

    /** Named in full, or as {@code …last} or {@code …parent.last} after an earlier name of its group. */
    private static boolean documented(String reference, String setting) {
        if (reference.contains("`" + setting + "`") || reference.contains("`" + setting + ".")) {
            return true;
        }
        String[] parts = setting.split("\\.");
        String last = parts[parts.length - 1];
        String lastTwo = parts[parts.length - 2] + "." + last;
        String group = String.join(".", List.of(parts).subList(0, parts.length - 1));
        return reference.contains("`" + group) && (reference.contains("`…" + last + "`")
                || reference.contains("`…" + lastTwo + "`") || reference.contains("`…." + last + "`"));
    }

    private static Set<String> bound() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> settings = new TreeSet<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("org.stockbridge")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            leaves(prefix, type, settings);
        }
        return settings;
    }

    private static void leaves(String prefix, Class<?> type, Set<String> settings) {
        assertThat(type.isRecord()).as(type + " binds settings: a record, so its components are its settings").isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> value = component.getType();
            if (value.isRecord() && value.getName().startsWith("org.stockbridge")) {
                leaves(name, value, settings);
            } else {
                settings.add(name); // a value, a list, or a map keyed by the operator's own names
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Set<String> placeholders() throws IOException {
        Set<String> settings = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(path -> path.toString().endsWith(".java") && path.toString().contains("/src/main/"))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/node_modules/"))
                    .forEach(path -> {
                        try {
                            Matcher matcher = PLACEHOLDER.matcher(Files.readString(path));
                            while (matcher.find()) {
                                settings.add(matcher.group(1).replaceAll("[.:]$", ""));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return settings;
    }
}
