package org.stockbridge.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partner client's settings: options or environment variables (its image is configured by the latter only). */
class PartnerSettingsUnitTests {

    private static final String[] NONE = new String[0];

    @Test
    void a_container_configures_the_client_through_environment_variables_alone(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t\n");
        PartnerSettings settings = PartnerSettings.of(NONE, Map.of("STOCKBRIDGE_SERVER", "https://stockbridge.example",
                "STOCKBRIDGE_PARTNER_STORE", "/var/lib/partner", "STOCKBRIDGE_PARTNER_TOKEN_URL",
                "https://idp.example/realms/stockbridge/protocol/openid-connect/token", "STOCKBRIDGE_PARTNER_CLIENT_ID",
                "ny-state-partner", "STOCKBRIDGE_PARTNER_CLIENT_SECRET_FILE", secret.toString(),
                "STOCKBRIDGE_PARTNER_UNTIL_HEAD", "true"));

        assertThat(settings.server()).isEqualTo("https://stockbridge.example");
        assertThat(settings.store()).isEqualTo(Path.of("/var/lib/partner"));
        assertThat(settings.untilHead()).isTrue();
        assertThat(settings.tokens()).isEqualTo(new TokenSource.ClientCredentials(
                URI.create("https://idp.example/realms/stockbridge/protocol/openid-connect/token"), "ny-state-partner",
                "s3cr3t", null));
        assertThat(settings.tokens().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void an_option_on_the_command_line_wins_over_its_environment_variable() {
        PartnerSettings settings = PartnerSettings.of(new String[] {"--server", "http://localhost:9090", "--token", "t"},
                Map.of("STOCKBRIDGE_SERVER", "https://elsewhere.example", "STOCKBRIDGE_PARTNER_STORE", "store"));

        assertThat(settings.server()).isEqualTo("http://localhost:9090");
        assertThat(settings.tokens()).isEqualTo(new TokenSource.Fixed("t"));
        assertThat(settings.untilHead()).isFalse();
    }

    @Test
    void a_client_without_a_store_or_a_token_source_is_told_what_is_missing() {
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--token", "t"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STOCKBRIDGE_PARTNER_STORE");
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no token source");
    }

    @Test
    void two_token_sources_at_once_are_refused_rather_than_one_chosen_silently() {
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s", "--token", "t"},
                Map.of("STOCKBRIDGE_PARTNER_LOCAL_CLIENT", "ny-state-partner")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one token source");
    }

    @Test
    void a_half_configured_client_credentials_grant_names_the_missing_part() {
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s"},
                Map.of("STOCKBRIDGE_PARTNER_TOKEN_URL", "https://idp.example/token", "STOCKBRIDGE_PARTNER_CLIENT_ID",
                        "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STOCKBRIDGE_PARTNER_CLIENT_SECRET_FILE");
    }

    @Test
    void unknown_options_servers_that_are_not_http_and_unclear_switches_are_refused() {
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--stor", "s"}, Map.of()))
                .hasMessageContaining("unknown option --stor");
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s", "--token", "t", "--server",
                "ftp://x"}, Map.of())).hasMessageContaining("http or https");
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s", "--token", "t"},
                Map.of("STOCKBRIDGE_PARTNER_UNTIL_HEAD", "yes"))).hasMessageContaining("true or false");
    }
}
