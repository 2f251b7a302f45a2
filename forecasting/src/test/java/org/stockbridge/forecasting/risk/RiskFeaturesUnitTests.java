package org.stockbridge.forecasting.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.LocalDate;
import java.util.List;
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
    void an_end_date_or_a_tier_3_flag_counts_only_when_the_report_was_last_updated_before_the_origin() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(200), ORIGIN.minusDays(100), ORIGIN.minusDays(90), true)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(150), ORIGIN.minusDays(120), ORIGIN.plusDays(30), true)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "tier3_known")).isEqualTo(1);
        assertThat(feature(f, "active_shortages")).isEqualTo(1);
        double[] leaky = RiskFeatures.leaky(sources, "AMOXICILLIN", ORIGIN);
        assertThat(leaky[RiskFeatures.LEAKY.indexOf("tier3_as_now")]).isEqualTo(2);
        assertThat(leaky[RiskFeatures.LEAKY.indexOf("active_as_now")]).isZero();
    }

    @Test
    void the_recency_weighted_count_weighs_each_earlier_report_by_its_age() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(180), null, false)
                .discontinuance("AMOXICILLIN", ORIGIN.minusDays(1))
                .shortage("AMOXICILLIN", ORIGIN, null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "reports_recency_weighted")).isCloseTo(Math.exp(-1) + Math.exp(-1 / 180.0),
                offset(1e-12));
        assertThat(RiskFeatures.reportedBefore(sources, "AMOXICILLIN", ORIGIN)).isTrue();
        assertThat(RiskFeatures.reportedBefore(sources, "AMOXICILLIN", ORIGIN.minusDays(180))).isFalse();
    }

    @Test
    void shortages_of_other_ingredients_of_the_atc_class_count_as_contagion() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(400), null, false)
                .shortage("AMPICILLIN", ORIGIN.minusDays(20), null, false)
                .shortage("AMPICILLIN", ORIGIN.minusDays(200), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(10), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "atc_class_shortages_90")).isEqualTo(1);
        assertThat(feature(f, "atc_class_shortages_365")).isEqualTo(2);
    }

    @Test
    void shortages_of_the_atc_class_and_its_level_3_group_count_as_contagion_over_each_window() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", "02000001", "J01CA04", "A", ORIGIN.minusDays(400))
                .shortage("BENZYLPENICILLIN", "02000002", "J01CE01", "B", ORIGIN.minusDays(100))
                .shortage("AMPICILLIN", "02000003", "J01CA01", "C", ORIGIN.minusDays(20))
                .shortage("CEFAZOLIN", "02000004", "J01DB04", "D", ORIGIN.minusDays(10))
                .shortage("AMOXICILLIN", "02000001", "J01CA04", "A", ORIGIN.minusDays(5))
                .shortage("AMPICILLIN", "02000003", "J01CA01", "C", ORIGIN)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "atc_class_shortages_30")).isEqualTo(1);
        assertThat(feature(f, "atc_class_shortages_180")).isEqualTo(1);
        assertThat(feature(f, "atc_group_shortages_90")).isEqualTo(1);
        assertThat(feature(f, "atc_group_shortages_180")).isEqualTo(2);
    }

    @Test
    void shortages_on_other_ingredients_of_the_companies_marketing_it_are_its_makers_history() {
        RiskSources sources = RiskDataBuilder.data()
                .product("AMOXICILLIN", "MAKER A", "02000001", LocalDate.of(2010, 1, 1), null)
                .product("CEFAZOLIN", "MAKER A", "02000002", LocalDate.of(2010, 1, 1), null)
                .product("MORPHINE", "MAKER B", "02000003", LocalDate.of(2010, 1, 1), null)
                .shortage("CEFAZOLIN", "02000002", "J01DB04", "A Corp. (as the report writes it)",
                        ORIGIN.minusDays(200))
                .shortage("CEFAZOLIN", "02000002", "J01DB04", "A", ORIGIN.minusDays(30))
                .shortage("MORPHINE", "02000003", "N02AA01", "B", ORIGIN.minusDays(30))
                .shortage("AMOXICILLIN", "02000001", "J01CA04", "A", ORIGIN.minusDays(10))
                .shortage("CEFAZOLIN", "02000002", "J01DB04", "A", ORIGIN.plusDays(1))
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "maker_other_shortages_90")).isEqualTo(1);
        assertThat(feature(f, "maker_other_shortages_365")).isEqualTo(2);
        assertThat(feature(RiskFeatures.compute(sources, "SALBUTAMOL", ORIGIN, 0), "maker_other_shortages_365"))
                .as("an ingredient no company markets").isNaN();
    }

    @Test
    void the_dins_reported_and_the_cadence_of_reports_come_from_the_reports_before_the_origin() {
        RiskSources sources = RiskDataBuilder.data()
                .product("AMOXICILLIN", "A", "02000001", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "A", "02000002", LocalDate.of(2010, 1, 1), null)
                .shortage("AMOXICILLIN", "02000001", "J01CA04", "A", ORIGIN.minusDays(300))
                .shortage("AMOXICILLIN", "02000001", "J01CA04", "A", ORIGIN.minusDays(200))
                .shortage("AMOXICILLIN", "02000009", "J01CA04", "A", ORIGIN.minusDays(100))
                .discontinuance("AMOXICILLIN", ORIGIN.minusDays(40))
                .shortage("AMOXICILLIN", "02000002", "J01CA04", "A", ORIGIN.plusDays(3))
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "dins_reported_total")).as("two shortage DINs and the discontinued one").isEqualTo(3);
        assertThat(feature(f, "marketed_dins_reported_share")).isEqualTo(0.5);
        assertThat(feature(f, "days_since_report")).isEqualTo(40);
        assertThat(feature(f, "mean_shortage_gap")).isEqualTo(100);
        assertThat(feature(f, "overdue_ratio")).isEqualTo(1);
        assertThat(feature(f, "discontinuances_90")).isEqualTo(1);
    }

    @Test
    void the_marketed_trend_counts_companies_over_a_year_and_dins_over_ninety_days() {
        RiskSources sources = RiskDataBuilder.data()
                .product("AMOXICILLIN", "A", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "B", LocalDate.of(2010, 1, 1), ORIGIN.minusDays(200))
                .product("AMOXICILLIN", "A", ORIGIN.minusDays(30), null)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "marketed_companies_change_365")).isEqualTo(-1);
        assertThat(feature(f, "marketed_dins_change_90")).isEqualTo(1);
        assertThat(feature(f, "marketed_dins_change_365")).isZero();
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
    void the_recency_weighted_counts_at_other_scales_and_by_kind_weigh_only_earlier_reports() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(90), null, false)
                .discontinuance("AMOXICILLIN", ORIGIN.minusDays(30))
                .shortage("AMOXICILLIN", ORIGIN, null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "reports_recency_30")).isCloseTo(Math.exp(-3) + Math.exp(-1), offset(1e-12));
        assertThat(feature(f, "reports_recency_90")).isCloseTo(Math.exp(-1) + Math.exp(-1 / 3.0), offset(1e-12));
        assertThat(feature(f, "reports_recency_365")).isCloseTo(Math.exp(-90 / 365.0) + Math.exp(-30 / 365.0),
                offset(1e-12));
        assertThat(feature(f, "shortage_recency_180")).isCloseTo(Math.exp(-0.5), offset(1e-12));
        assertThat(feature(f, "discontinuance_recency_180")).isCloseTo(Math.exp(-30 / 180.0), offset(1e-12));
    }

    @Test
    void shortages_filed_in_the_coming_window_of_earlier_years_count_once_per_year() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(365), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(300), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(274), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(700), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(500), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "seasonal_window_years")).as("a year ago twice, two years ago once").isEqualTo(2);
    }

    @Test
    void discontinuances_of_other_ingredients_of_the_atc_class_count_as_competitors_leaving() {
        RiskSources sources = RiskDataBuilder.data()
                .discontinuance("AMPICILLIN", ORIGIN.minusDays(100))
                .discontinuance("AMPICILLIN", ORIGIN.minusDays(400))
                .discontinuance("AMOXICILLIN", ORIGIN.minusDays(10))
                .shortage("AMOXICILLIN", ORIGIN.minusDays(20), null, false)
                .discontinuance("AMPICILLIN", ORIGIN)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "atc_class_discontinuances_365")).isEqualTo(1);
    }

    @Test
    void the_oldest_open_report_of_two_years_and_the_last_reason_are_read_as_then_known() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(900), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(400), ORIGIN.minusDays(300), false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(200), ORIGIN.minusDays(100), ORIGIN.plusDays(5), false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(50), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "open_report_days")).as("ended, but only entered after the origin").isEqualTo(200);
        assertThat(feature(f, "last_reason")).isEqualTo(7);
        assertThat(feature(RiskFeatures.compute(sources, "CEFAZOLIN", ORIGIN, 0), "open_report_days")).isNaN();
    }

    @Test
    void us_shortages_count_only_when_posted_before_the_origin() {
        FdaShortages fda = FdaShortages.posted(java.util.Map.of("AMOXICILLIN", List.of(ORIGIN.minusDays(400),
                ORIGIN.minusDays(30), ORIGIN, ORIGIN.plusDays(10))));
        RiskSources sources = RiskDataBuilder.data().shortage("AMOXICILLIN", ORIGIN.minusDays(20), null, false)
                .build(fda);
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "fda_posted_365")).isEqualTo(1);
        assertThat(feature(f, "fda_posted_total")).isEqualTo(2);
        assertThat(fda.postedBefore(ORIGIN).postedBetween("AMOXICILLIN", LocalDate.MIN, LocalDate.MAX)).isEqualTo(2);
    }

    @Test
    void reports_filed_within_two_weeks_of_the_one_before_make_one_episode() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(100), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(95), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(90), null, false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(10), null, false)
                .discontinuance("AMOXICILLIN", ORIGIN.minusDays(40))
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "episodes_recency_180"))
                .isCloseTo(Math.exp(-100 / 180.0) + Math.exp(-10 / 180.0), offset(1e-9));
    }

    @Test
    void the_window_hit_share_counts_the_earlier_ninety_day_windows_that_had_a_shortage() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(100), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        // age 100 lies in the windows starting 30, 60 and 90 days back: ages (30k, 30k + 90] for k = 1, 2, 3
        assertThat(feature(f, "window_hit_share_730")).isCloseTo(3 / 24.0, offset(1e-9));
        double all = 0;
        for (int k = 0; k < 24; k++) {
            all += Math.exp(-30.0 * k / 180);
        }
        assertThat(feature(f, "window_hit_recency"))
                .isCloseTo((Math.exp(-30 / 180.0) + Math.exp(-60 / 180.0) + Math.exp(-90 / 180.0)) / all,
                        offset(1e-9));
        assertThat(feature(RiskFeatures.compute(sources, "CEFAZOLIN", ORIGIN, 0), "window_hit_share_730")).isZero();
    }

    @Test
    void shortages_of_keys_sharing_a_moiety_count_as_siblings_but_not_the_key_itself() {
        RiskSources sources = RiskDataBuilder.data()
                .shortage("AMOXICILLIN", ORIGIN.minusDays(20), null, false)
                .shortage("AMOXICILLIN + CLAVULANIC ACID", ORIGIN.minusDays(30), null, false)
                .shortage("AMOXICILLIN + CLAVULANIC ACID", ORIGIN.minusDays(200), null, false)
                .shortage("CLAVULANIC ACID", ORIGIN.minusDays(60), null, false)
                .shortage("CEFAZOLIN", ORIGIN.minusDays(10), null, false)
                .shortage("AMOXICILLIN + CLAVULANIC ACID", ORIGIN.plusDays(1), null, false)
                .build();
        double[] amoxicillin = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(amoxicillin, "sibling_shortages_90")).isEqualTo(1);
        assertThat(feature(amoxicillin, "sibling_shortages_365")).isEqualTo(2);
        double[] combination = RiskFeatures.compute(sources, "AMOXICILLIN + CLAVULANIC ACID", ORIGIN, 0);
        assertThat(feature(combination, "sibling_shortages_90")).isEqualTo(2);
    }

    @Test
    void shortages_ended_in_the_last_ninety_days_and_the_share_of_dins_still_short_are_read_as_then_known() {
        RiskSources sources = RiskDataBuilder.data()
                .product("AMOXICILLIN", "A", "00000002", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "A", "00000003", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "A", "00000004", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "A", "00000005", LocalDate.of(2010, 1, 1), null)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(200), ORIGIN.minusDays(50), false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(200), ORIGIN.minusDays(50), ORIGIN.plusDays(3), false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(300), ORIGIN.minusDays(120), false)
                .shortage("AMOXICILLIN", ORIGIN.minusDays(30), null, false)
                .build();
        double[] f = RiskFeatures.compute(sources, "AMOXICILLIN", ORIGIN, 0);
        assertThat(feature(f, "recently_ended_90")).as("the second end date was entered after the origin")
                .isEqualTo(1);
        assertThat(feature(f, "active_din_share")).isEqualTo(0.5);
    }

    @Test
    void ingredient_keys_ignore_order_case_and_line_breaks() {
        assertThat(Ingredients.key("lipase\r\nAMYLASE\r\n  protease ")).isEqualTo("AMYLASE + LIPASE + PROTEASE");
    }

    @Test
    void a_dpd_ingredient_with_its_salt_in_brackets_keys_as_the_moiety_a_shortage_report_names() {
        assertThat(Ingredients.moiety("ABACAVIR (ABACAVIR SULFATE)")).isEqualTo("ABACAVIR");
        assertThat(Ingredients.moiety("Rosuvastatin  (rosuvastatin calcium)")).isEqualTo("ROSUVASTATIN");
        assertThat(Ingredients.key(List.of("LAMIVUDINE", "ABACAVIR (ABACAVIR SULFATE)")))
                .isEqualTo(Ingredients.key("ABACAVIR\nLAMIVUDINE"));
        assertThat(Ingredients.moiety("ANTIHEMOPHILIC FACTOR (RECOMBINANT BDD), FC FUSION PROTEIN"))
                .isEqualTo("ANTIHEMOPHILIC FACTOR (RECOMBINANT BDD), FC FUSION PROTEIN");
        assertThat(Ingredients.moiety("ENALAPRIL MALEATE")).isEqualTo("ENALAPRIL MALEATE");
        assertThat(Ingredients.moiety("HUMAN-BOVINE ROTAVIRUS REASSORTANT TYPE G1 /G2/G3/G4/P1(8)"))
                .isEqualTo("HUMAN-BOVINE ROTAVIRUS REASSORTANT TYPE G1 /G2/G3/G4/P1(8)");
        assertThat(Ingredients.moiety("Iodide (as sodium iodide)")).isEqualTo("IODIDE");
    }
}
