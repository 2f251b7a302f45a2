package org.stockbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesUnitTests {

    @Test
    void a_line_of_up_to_one_trillion_units_passes_and_one_more_is_refused_naming_the_bound() {
        assertThat(Quantities.lineRefusal("quantity", 1)).isNull();
        assertThat(Quantities.lineRefusal("quantity", 1_000_000_000_000L)).isNull();
        assertThat(Quantities.lineRefusal("quantity", 1_000_000_000_001L))
                .isEqualTo("quantity must be at most 1000000000000 units of issue (10^12), was 1000000000001");
        assertThat(Quantities.lineRefusal("counted", Long.MAX_VALUE)).startsWith("counted must be at most");
    }

    @Test
    void a_decimal_line_beyond_any_long_is_refused_rather_than_overflowing() {
        assertThat(Quantities.lineRefusal("quantity", new BigDecimal("1000000000000.000"))).isNull();
        assertThat(Quantities.lineRefusal("quantity", new BigDecimal("1E+30")))
                .contains("at most 1000000000000").contains("was 1000000000000000000000000000000");
    }

    @Test
    void a_decimal_of_an_enormous_exponent_is_named_by_its_size_not_written_out() {
        assertThat(Quantities.lineRefusal("quantity", new BigDecimal("1E+2147483647")))
                .endsWith("was a number of 2147483648 digits");
        assertThat(Quantities.lineRefusal("quantity", new BigDecimal("1E+200000")))
                .endsWith("was a number of 200001 digits").hasSizeLessThan(120);
        assertThat(Quantities.lineRefusal("quantity", new BigDecimal("1E-2147483647"))).isNull();
    }

    @Test
    void a_balance_may_reach_ten_trillion_units_but_not_pass_it() {
        assertThat(Quantities.balanceRefusal("L1", 0, Quantities.MAX_LINE)).isNull();
        assertThat(Quantities.balanceRefusal("L1", Quantities.MAX_BALANCE - 5, 5)).isNull();
        assertThat(Quantities.balanceRefusal("L1", Quantities.MAX_BALANCE - 5, 6))
                .isEqualTo("lot L1 holds 9999999999995 here; adding 6 would take it above 10000000000000 units of "
                        + "issue (10^13), the most one balance may hold");
        assertThat(Quantities.balanceRefusal("L1", Quantities.MAX_BALANCE, Long.MAX_VALUE)).isNotNull();
    }

    @Test
    void the_sum_of_922337_balances_at_their_bound_fits_a_long_and_one_more_does_not() {
        assertThat(Math.multiplyExact(Quantities.MAX_BALANCE, 922_337L)).isPositive();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Math.multiplyExact(Quantities.MAX_BALANCE, 922_338L))
                .isInstanceOf(ArithmeticException.class);
    }
}
