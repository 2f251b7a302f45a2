package org.stockbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The committed API document against the last release's (docs/api-releases), by the rule of
 * docs/api-compatibility.md; and the rule itself, on changes of the current document that a partner's generated
 * client would break on, and one it would not.
 */
class ApiCompatibilityTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String current = Compatibility.read(Compatibility.DOCUMENT);

    @Test
    void the_document_keeps_the_last_release_working_or_says_in_its_version_and_changelog_that_it_does_not() {
        String released = Compatibility.read(Compatibility.lastRelease());

        assertThat(Compatibility.violations(released, current, Compatibility.read(Compatibility.CHANGELOG)))
                .as("the API document against release " + Compatibility.lastRelease().getFileName()).isEmpty();
    }

    @Test
    void removing_an_operation_breaks_the_release() {
        String changed = edit(document -> ((ObjectNode) document.get("paths").get("/api/v1/audit")).remove("get"));

        assertThat(Compatibility.breaks(current, changed)).isTrue();
        assertThat(Compatibility.violations(current, changed, "")).singleElement().asString()
                .contains("raise the major version");
    }

    @Test
    void requiring_a_new_parameter_breaks_the_release() {
        String changed = edit(document -> ((ArrayNode) document.get("paths").get("/api/v1/sites").get("get")
                .get("parameters")).addObject().put("name", "region2").put("in", "query").put("required", true)
                .putObject("schema").put("type", "string"));

        assertThat(Compatibility.breaks(current, changed)).isTrue();
    }

    @Test
    void removing_a_field_a_client_reads_breaks_the_release() {
        String changed = edit(document -> ((ObjectNode) document.get("components").get("schemas").get("SiteView")
                .get("properties")).remove("jurisdiction"));

        assertThat(Compatibility.breaks(current, changed)).isTrue();
        assertThat(Compatibility.removedFields(current, changed)).containsExactly("SiteView.jurisdiction");
    }

    @Test
    void narrowing_the_values_a_request_may_send_breaks_the_release() {
        String widened = edit(document -> document.with("components").with("schemas").with("MovementRequest")
                .with("properties").with("type").putArray("enum").add("RECEIPT").add("ISSUE").add("COUNT"));
        String narrowed = edit(document -> document.with("components").with("schemas").with("MovementRequest")
                .with("properties").with("type").putArray("enum").add("RECEIPT").add("ISSUE"));

        assertThat(Compatibility.breaks(widened, narrowed)).isTrue();
    }

    @Test
    void a_new_major_version_with_its_changelog_entry_may_break_the_release() {
        String changed = edit(document -> {
            ((ObjectNode) document.get("paths").get("/api/v1/audit")).remove("get");
            document.with("info").put("version", "2.0.0");
        });

        assertThat(Compatibility.violations(current, changed, "## 2.0.0 (2027-06-30)\n- GET /api/v1/audit removed"))
                .isEmpty();
        assertThat(Compatibility.violations(current, changed, "")).singleElement().asString()
                .contains("no entry \"## 2.0.0\"");
    }

    @Test
    void adding_an_optional_field_keeps_the_release_working() {
        String changed = edit(document -> document.with("components").with("schemas").with("SiteView")
                .with("properties").putObject("timeZone").put("type", "string"));

        assertThat(Compatibility.breaks(current, changed)).isFalse();
    }

    private String edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode document = (ObjectNode) JSON.readTree(current);
            change.accept(document);
            return JSON.writeValueAsString(document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
