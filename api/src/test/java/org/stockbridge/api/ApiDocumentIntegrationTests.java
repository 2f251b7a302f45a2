package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API document partners generate their clients from is committed (docs/openapi.json), and the served one must be
 * the same: a change of the API shows in the change that makes it, where the compatibility check (module
 * {@code contract}) and a reviewer see it. When the change is meant, copy target/openapi.json, which this test writes,
 * over docs/openapi.json.
 */
@ApiIntegrationTest
class ApiDocumentIntegrationTests {

    private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final Path SERVED = Path.of("target", "openapi.json");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Test
    void the_served_api_document_is_the_committed_one() throws IOException {
        String served = web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Files.writeString(SERVED, served.strip() + "\n", StandardCharsets.UTF_8);

        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json exists; copy " + SERVED.toAbsolutePath() + " there")
                .isTrue();
        JsonNode committed = json.readTree(Files.readString(COMMITTED, StandardCharsets.UTF_8));
        assertThat(json.readTree(served))
                .as("the served API document differs from docs/openapi.json; if the change is meant, copy "
                        + "api/target/openapi.json over docs/openapi.json (and see docs/api-compatibility.md)")
                .isEqualTo(committed);
    }

    @Test
    void every_operation_declares_who_may_call_it_and_a_unique_verb_noun_operation_id() {
        JsonNode document = json.readTree(web.get().uri("/v3/api-docs").exchange().expectBody(String.class)
                .returnResult().getResponseBody());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var path : document.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                String id = operation.getValue().path("operationId").asString();
                assertThat(id).as(where).matches("(get|list|create|update|delete|set|submit|reverse|stream|approve|dispatch"
                        + "|receive|cancel|recommend|evaluate)[A-Z][A-Za-z]+");
                assertThat(ids.add(id)).as("operationId " + id + " is unique").isTrue();
                assertThat(operation.getValue().has("security")).as(where + " declares its security").isTrue();
                assertThat(operation.getValue().get("responses").properties()).as(where)
                        .anySatisfy(response -> assertThat(response.getKey()).startsWith("2"))
                        .anySatisfy(response -> assertThat(response.getKey()).startsWith("4"));
            }
        }
    }
}
