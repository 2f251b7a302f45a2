package org.stockbridge.batch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoSizeUnitTests {

    @Test
    void no_size_is_the_default_of_today_s_demo() {
        assertThat(DemoSize.parse(null)).isEqualTo(DemoSize.X1);
        assertThat(DemoSize.parse(" ")).isEqualTo(DemoSize.X1);
        assertThat(DemoStockSettings.defaults()).isEqualTo(new DemoStockSettings(DemoStockSettings.DEFAULT_SEED, 730,
                null, 24, 12, 2));
    }

    @Test
    void the_larger_sizes_stock_more_dispensing_sites_with_more_of_the_depot_range() {
        DemoStockSettings tenfold = DemoSize.parse("10X").settings();
        DemoStockSettings hundredfold = DemoSize.parse("100x").settings();
        assertThat(tenfold.dispensingSites()).isEqualTo(264);
        assertThat(tenfold.dispensingProducts()).isEqualTo(18);
        assertThat(hundredfold.dispensingSites()).isGreaterThanOrEqualTo(2_910);
        assertThat(hundredfold.days()).isEqualTo(730);
    }

    @Test
    void an_unknown_size_is_refused_naming_the_sizes_there_are() {
        assertThatThrownBy(() -> DemoSize.parse("5x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stockbridge.demo.size").hasMessageContaining("[1x, 10x, 100x]")
                .hasMessageContaining("'5x'");
    }

    @Test
    void a_resumed_load_reads_the_dispensing_range_it_recorded_and_the_masks_when_it_recorded_none() {
        DemoStockSettings tenfold = DemoLoadParameters.pinned(DemoSize.X10.settings());
        assertThat(DemoLoadParameters.parse(DemoLoadParameters.format(tenfold, 2))).isEqualTo(tenfold);
        DemoStockSettings older = DemoLoadParameters.parse("seed=7;days=60;end=2026-01-31;dispensing=2;groups=1;"
                + "writers=2");
        assertThat(older.dispensingProducts()).isEqualTo(DemoStockSettings.DEFAULT_DISPENSING_PRODUCTS);
    }
}
