package org.stockbridge.forecasting.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RiskFeaturesUnitTests {

    private static final LocalDate ORIGIN = LocalDate.of(2022, 6, 1);

    private static double feature(double[] f, String name) {
        return f[RiskFeatures.NAMES.indexOf(name)];
    }

    @Test
    void only_reports_filed_before_the_origin_count() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", LocalDate.of(2022, 3, 1), null, false)
                .shortage("AMOXICILLIN", ORIGIN, null, false)
                .shortage("AMOXICILLIN", LocalDate.of(2022, 7, 1), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "shortages_total")).isEqualTo(1);
        assertThat(feature(f, "shortages_365")).isEqualTo(1);
        assertThat(feature(f, "shortages_90")).isZero();
        assertThat(feature(f, "days_since_shortage")).isEqualTo(92);
        assertThat(feature(f, "active_shortages")).isEqualTo(1);
    }

    @Test
    void the_label_is_a_new_shortage_report_filed_within_the_horizon() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.plusDays(45), null, false)
                .discontinuance("CEFAZOLIN", ORIGIN.plusDays(3))
                .build();
        assertThat(RiskFeatures.label(sources, "AMOXICILLIN", ORIGIN, 30)).isFalse();
        assertThat(RiskFeatures.label(sources, "AMOXICILLIN", ORIGIN, 90)).isTrue();
        assertThat(RiskFeatures.label(sources, "CEFAZOLIN", ORIGIN, 30)).isFalse();
    }

    @Test
    void a_tier_3_assessment_counts_only_for_reports_filed_long_enough_before() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(200), ORIGIN.minusDays(100), true)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(10), null, true)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "tier3_known")).isEqualTo(1);
        assertThat(feature(f, "active_shortages")).isEqualTo(1);
    }

    @Test
    void marketed_dins_and_companies_are_counted_on_the_origin_day() {
        RiskSources sources = RiskDataBuilder.data()
                .product("AMOXICILLIN", "A", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "B", LocalDate.of(2010, 1, 1), LocalDate.of(2021, 1, 1))
                .product("AMOXICILLIN", "A", LocalDate.of(2023, 1, 1), null)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "marketed_dins")).isEqualTo(1);
        assertThat(feature(f, "marketed_companies")).isEqualTo(1);
        assertThat(sources.universe(ORIGIN)).containsExactly("AMOXICILLIN");
    }

    @Test
    void ingredient_keys_ignore_order_case_and_line_breaks() {
        assertThat(Ingredients.key("lipase\r\nAMYLASE\r\n  protease ")).isEqualTo("AMYLASE + LIPASE + PROTEASE");
    }
}
