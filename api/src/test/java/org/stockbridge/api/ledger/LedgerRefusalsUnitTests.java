package org.stockbridge.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.Test;
import org.stockbridge.api.web.ApiException;

class LedgerRefusalsUnitTests {

    private static ApiException refusal(String sqlState, String message) {
        R2dbcException db = new R2dbcDataIntegrityViolationException(message, sqlState);
        Throwable mapped = LedgerRefusals.translate(new IllegalStateException("wrapped", db));
        assertThat(mapped).isInstanceOf(ApiException.class);
        return (ApiException) mapped;
    }

    @Test
    void a_balance_that_would_go_below_zero_names_the_lot_and_what_is_missing() {
        ApiException e = refusal("SB001", "available=3 requested=5 lot_number=L 7");
        assertThat(e.status().value()).isEqualTo(409);
        assertThat(e.type().toString()).endsWith("/insufficient-stock");
        assertThat(e.properties()).containsEntry("lot", "L 7").containsEntry("available", 3L)
                .containsEntry("missing", 2L);
    }

    @Test
    void a_credit_that_would_pass_the_balance_bound_names_the_lot_its_on_hand_and_the_bound() {
        ApiException e = refusal("SB007", "site=1 product=2 lot=3 on_hand=10000000000000 adding=1 lot_number=L 8");
        assertThat(e.status().value()).isEqualTo(422);
        assertThat(e.type().toString()).endsWith("/balance-limit");
        assertThat(e.properties()).containsEntry("lot", "L 8").containsEntry("onHand", 10_000_000_000_000L)
                .containsEntry("adding", 1L).containsEntry("maxBalance", 10_000_000_000_000L);
        assertThat(e.getMessage()).contains("above 10000000000000 units of issue");
    }

    @Test
    void a_refusal_whose_detail_cannot_be_read_keeps_its_type_and_the_database_message() {
        ApiException e = refusal("SB004", "dated before the lot");
        assertThat(e.type().toString()).endsWith("/before-lot-arrived");
        assertThat(e.getMessage()).isEqualTo("dated before the lot");
    }

    @Test
    void errors_that_are_not_ledger_refusals_pass_through_unchanged() {
        IllegalStateException other = new IllegalStateException("boom");
        assertThat(LedgerRefusals.translate(other)).isSameAs(other);
        assertThat(LedgerRefusals.isUniqueViolation(new R2dbcDataIntegrityViolationException("dup", "23505")))
                .isTrue();
    }
}
