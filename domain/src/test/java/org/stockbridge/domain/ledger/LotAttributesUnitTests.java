package org.stockbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.Jurisdiction;

class LotAttributesUnitTests {

    private static final LotStock STORED = new LotStock(1, "L1", LocalDate.parse("2028-01-31"),
            LocalDate.parse("2029-01-31"), LotStatus.RELEASED, 0);

    @Test
    void only_a_us_federal_site_may_name_an_extended_expiry() {
        LocalDate slep = LocalDate.parse("2029-01-31");
        assertThat(LotAttributes.slepRefusal(new SiteContext(Jurisdiction.US, true), slep)).isNull();
        assertThat(LotAttributes.slepRefusal(new SiteContext(Jurisdiction.US, false), slep)).contains("federal");
        assertThat(LotAttributes.slepRefusal(new SiteContext(Jurisdiction.CA, true), slep)).contains("federal");
        assertThat(LotAttributes.slepRefusal(new SiteContext(Jurisdiction.CA, false), null)).isNull();
    }

    @Test
    void a_writer_naming_other_dates_than_the_stored_lot_is_told_how_they_differ() {
        assertThat(LotAttributes.mismatch(STORED, null, null)).isNull();
        assertThat(LotAttributes.mismatch(STORED, LocalDate.parse("2028-01-31"), LocalDate.parse("2029-01-31")))
                .isNull();
        assertThat(LotAttributes.mismatch(STORED, LocalDate.parse("2021-01-01"), null))
                .isEqualTo("lot L1 exists with expiry 2028-01-31, not 2021-01-01");
        assertThat(LotAttributes.mismatch(STORED, null, LocalDate.parse("2030-01-31")))
                .isEqualTo("lot L1 exists with extended expiry 2029-01-31, not 2030-01-31");
        LotStock unextended = new LotStock(1, "L2", LocalDate.parse("2028-01-31"), null, LotStatus.RELEASED, 0);
        assertThat(LotAttributes.mismatch(unextended, null, LocalDate.parse("2030-01-31")))
                .isEqualTo("lot L2 exists with no extended expiry, not 2030-01-31");
    }

    @Test
    void an_expiry_up_to_fifty_years_ahead_passes_and_a_day_more_is_refused() {
        LocalDate today = LocalDate.parse("2026-12-07");
        assertThat(LotAttributes.expiryRefusal("expiry", null, today)).isNull();
        assertThat(LotAttributes.expiryRefusal("expiry", LocalDate.parse("2076-12-07"), today)).isNull();
        assertThat(LotAttributes.expiryRefusal("lot.expiry", LocalDate.parse("2076-12-08"), today))
                .isEqualTo("lot.expiry must be at most 50 years ahead (2076-12-07), was 2076-12-08");
    }

    @Test
    void only_a_writer_that_is_no_partner_replaces_dates_a_partner_set() {
        assertThat(LotAttributes.replacesPartnerDates(true, false)).isTrue();
        assertThat(LotAttributes.replacesPartnerDates(true, true)).isFalse();
        assertThat(LotAttributes.replacesPartnerDates(false, false)).isFalse();
        assertThat(LotAttributes.replacesPartnerDates(false, true)).isFalse();
    }
}
