package org.stockbridge.api.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumptionUnitTests {

    @Test
    void the_daily_rate_is_the_units_issued_over_the_days_of_the_window() {
        assertThat(Consumption.daily(56, 28)).isEqualTo(2.0);
        assertThat(Consumption.daily(10, 28)).isEqualTo(0.357);
        assertThat(Consumption.daily(0, 28)).isZero();
    }

    @Test
    void days_of_supply_is_usable_stock_over_the_daily_rate_and_null_without_issues() {
        assertThat(Consumption.daysOfSupply(844, 56, 28)).isEqualTo(422.0);
        assertThat(Consumption.daysOfSupply(0, 56, 28)).isZero();
        assertThat(Consumption.daysOfSupply(100, 3, 28)).isEqualTo(933.3);
        assertThat(Consumption.daysOfSupply(100, 0, 28)).isNull();
    }

    @Test
    void the_units_note_warns_when_a_total_adds_different_units_of_issue() {
        assertThat(StockRepository.unitsNote(List.of("vial"))).contains("vial").doesNotContain("different");
        assertThat(StockRepository.unitsNote(List.of("ampoule", "vial"))).contains("different", "ampoule, vial");
    }
}
