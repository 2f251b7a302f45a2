package org.stockbridge.forecasting.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.forecasting.simulation.DemoPanel;

class DemoPanelUnitTests {

    @Test
    void the_demo_panel_has_the_demo_stock_s_552_pairs() {
        DemoPanel panel = DemoPanel.read(Path.of("../benchmarks/demo-panel.csv"));
        assertThat(panel.specs()).hasSize(552);
        assertThat(panel.specs().stream().filter(s -> s.siteKind() == SiteKind.DISPENSING)).hasSize(72);
        assertThat(panel.specs()).noneMatch(s -> s.product().startsWith("DIN-") && s.site().startsWith("SNS-"));
    }

    @Test
    void monthly_origins_are_firsts_of_months_within_the_range() {
        assertThat(DemandBacktest.monthlyOrigins(java.time.LocalDate.of(2026, 1, 15),
                java.time.LocalDate.of(2026, 4, 1))).extracting(Object::toString)
                .containsExactly("2026-02-01", "2026-03-01", "2026-04-01");
    }
}
