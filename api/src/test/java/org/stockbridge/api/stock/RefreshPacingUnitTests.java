package org.stockbridge.api.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshPacingUnitTests {

    private final RefreshPacing pacing = new RefreshPacing(Duration.ofSeconds(15), 0.05, Duration.ofMinutes(2));

    @Test
    void a_rebuild_within_its_share_of_the_interval_keeps_the_interval() {
        assertThat(pacing.period(Duration.ofMillis(80))).isEqualTo(Duration.ofSeconds(15));
        assertThat(pacing.period(Duration.ofMillis(750))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void a_slower_rebuild_stretches_the_period_so_rebuilding_keeps_to_its_budget() {
        assertThat(pacing.period(Duration.ofMillis(751))).isEqualTo(Duration.ofMillis(15_020));
        assertThat(pacing.period(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(40));
        Duration took = Duration.ofMillis(4_321);
        assertThat((double) took.toNanos() / pacing.period(took).toNanos()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void with_the_rollups_off_a_rebuild_asked_for_still_gets_a_period_of_at_least_a_millisecond() {
        RefreshPacing off = new RefreshPacing(Duration.ZERO, 0.05, Duration.ofMinutes(2));
        assertThat(off.period(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
        assertThat(off.period(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void a_stalled_rebuild_stretches_the_period_no_further_than_its_longest() {
        assertThat(pacing.period(Duration.ofSeconds(6))).isEqualTo(Duration.ofMinutes(2));
        assertThat(pacing.period(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void a_budget_outside_zero_to_one_is_refused_with_the_setting_s_name() {
        Duration max = Duration.ofMinutes(2);
        assertThatThrownBy(() -> new RefreshPacing(Duration.ofSeconds(15), 0, max))
                .hasMessageContaining("stockbridge.stock.summary-refresh-budget");
        assertThatThrownBy(() -> new RefreshPacing(Duration.ofSeconds(15), 1.5, max))
                .hasMessageContaining("stockbridge.stock.summary-refresh-budget");
        assertThatThrownBy(() -> new RefreshPacing(Duration.ofSeconds(15), Double.NaN, max))
                .hasMessageContaining("stockbridge.stock.summary-refresh-budget");
    }

    @Test
    void a_longest_period_below_the_interval_counts_as_the_interval() {
        RefreshPacing hourly = new RefreshPacing(Duration.ofHours(1), 0.05, Duration.ofMinutes(2));
        assertThat(hourly.period(Duration.ofMillis(10))).isEqualTo(Duration.ofHours(1));
        assertThat(hourly.period(Duration.ofMinutes(10))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_longest_period_of_zero_is_refused_with_the_setting_s_name() {
        assertThatThrownBy(() -> new RefreshPacing(Duration.ofSeconds(15), 0.05, Duration.ZERO))
                .hasMessageContaining("stockbridge.stock.summary-refresh-max-period");
    }
}
