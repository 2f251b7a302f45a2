package org.stockbridge.domain.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvailabilityUnitTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Limited Availablity|LIMITED", "Limited Availabiltiy|LIMITED",
            "Avaliable|AVAILABLE", "Available|AVAILABLE", "Unavailable.|UNAVAILABLE",
            "This presentation is temporally on backorder.|BACKORDER", "Call the company|OTHER"})
    void the_fda_free_text_availability_is_read_despite_its_typos(String text, Availability expected) {
        assertThat(Availability.of(text)).isEqualTo(expected);
    }
}
