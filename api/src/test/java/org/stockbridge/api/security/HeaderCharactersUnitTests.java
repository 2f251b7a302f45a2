package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeaderCharactersUnitTests {

    /** The patterns of Spring Security's StrictServerWebExchangeFirewall that the scan replaces. */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void the_scan_gives_the_firewall_patterns_verdict_on_every_character_of_the_basic_plane_and_beyond() {
        List<String> samples = new ArrayList<>();
        for (int c = 0; c <= 0x10FFFF; c += c < 0x3000 ? 1 : 97) {
            samples.add("a" + new String(Character.toChars(c)) + "b");
        }
        samples.add("\uD800");
        samples.add("x\uDC00y");
        samples.add("");
        for (String text : samples) {
            assertThat(HeaderCharacters.allowedName(text)).as("name %s", text.codePoints().boxed().toList())
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(HeaderCharacters.allowedValue(text)).as("value %s", text.codePoints().boxed().toList())
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void a_tab_is_allowed_in_values_but_not_in_names_and_line_breaks_in_neither() {
        assertThat(HeaderCharacters.allowedValue("a\tb")).isTrue();
        assertThat(HeaderCharacters.allowedName("a\tb")).isFalse();
        assertThat(HeaderCharacters.allowedValue("a\r\nb")).isFalse();
        assertThat(HeaderCharacters.allowedValue("a\u0000")).isFalse();
    }

    @Test
    void an_absent_header_passes_as_it_does_in_the_firewall() {
        assertThat(HeaderCharacters.allowedValue(null)).isTrue();
        assertThat(HeaderCharacters.allowedName(null)).isTrue();
    }
}
