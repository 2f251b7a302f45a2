package org.stockbridge.forecasting.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SupplyRiskUnitTests {

    private static final Map<String, Double> RISK = Map.of("J01CA04", 0.30, "J01CA01", 0.55, "N02BE01", 0.10);

    @Test
    void a_product_takes_the_score_of_its_own_atc_code() {
        assertThat(SupplyRisk.of(RISK, "J01CA04")).isEqualTo(0.30);
    }

    @Test
    void without_a_score_of_its_own_it_takes_the_highest_of_its_chemical_subgroup() {
        assertThat(SupplyRisk.of(RISK, "J01CA12")).isEqualTo(0.55);
    }

    @Test
    void a_product_with_no_atc_code_or_no_scored_subgroup_has_no_supply_risk() {
        assertThat(SupplyRisk.of(RISK, null)).isZero();
        assertThat(SupplyRisk.of(RISK, " ")).isZero();
        assertThat(SupplyRisk.of(RISK, "A10AB01")).isZero();
        assertThat(SupplyRisk.of(Map.of(), "J01CA04")).isZero();
    }
}
