package org.stockbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.deploy.KubernetesManifestsIntegrationTests.map;
import static org.stockbridge.deploy.KubernetesManifestsIntegrationTests.path;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/compose.yaml}: it parses (anchors and merge keys resolved), names the services an operator expects,
 * runs the service's replicas from the image, read-only, and takes every password from the environment.
 */
class ComposeFileUnitTests {

    private static Map<String, Object> services;

    @BeforeAll
    static void parse_the_compose_file() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("compose.yaml"))) {
            Map<String, Object> compose = new Yaml(new LoaderOptions()).load(reader);
            services = map(compose.get("services"));
        }
    }

    @Test
    void the_compose_file_names_the_database_two_replicas_the_load_balancer_and_the_monitoring() {
        assertThat(services).containsOnlyKeys("postgres", "redis", "stockbridge-1", "stockbridge-2", "loadbalancer",
                "prometheus", "grafana");
        assertThat(path(map(services.get("postgres")), "image")).isEqualTo("postgres:17");
    }

    @Test
    void both_replicas_run_the_image_on_a_read_only_root_with_the_database_from_the_environment() {
        for (String replica : List.of("stockbridge-1", "stockbridge-2")) {
            Map<String, Object> service = map(services.get(replica));
            assertThat((String) service.get("image")).as(replica).startsWith("stockbridge:");
            assertThat(service.get("read_only")).as(replica).isEqualTo(true);
            assertThat((String) path(service, "environment", "STOCKBRIDGE_DB_URL")).as(replica)
                    .startsWith("postgresql://").contains("${POSTGRES_PASSWORD");
        }
        assertThat(path(map(services.get("stockbridge-2")), "environment", "STOCKBRIDGE_REFERENCE_LOADONSTART"))
                .as("only the first replica loads the reference data").isEqualTo("false");
    }

    @Test
    void every_password_comes_from_the_environment_of_compose_never_from_the_file() {
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Object environment = map(service.getValue()).get("environment");
            if (environment instanceof Map<?, ?> variables) {
                variables.forEach((name, value) -> {
                    if (name.toString().matches(".*(PASSWORD|SECRET).*")) {
                        assertThat(value.toString()).as(service.getKey() + " " + name).matches("\\$\\{[A-Z_]+:\\?.*}");
                    }
                });
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_load_balancer_sends_traffic_to_both_replicas() throws IOException {
        String nginx = Files.readString(Path.of("nginx", "nginx.conf"));
        assertThat(nginx).contains("server stockbridge-1:8080", "server stockbridge-2:8080");
        assertThat((List<Object>) path(map(services.get("loadbalancer")), "volumes"))
                .contains("./nginx/nginx.conf:/etc/nginx/nginx.conf:ro");
    }
}
