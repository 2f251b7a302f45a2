package org.stockbridge.batch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;

@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceDataLoaderIntegrationTests {

    static final Path DATA = Path.of("../data/real");

    private ReferenceDataLoader loader;
    private JdbcTemplate jdbc;
    private ReferenceLoadSummary summary;

    @BeforeAll
    void load(DatabaseEndpoint endpoint) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(endpoint.jdbcUrl(), endpoint.username(),
                endpoint.password());
        loader = new ReferenceDataLoader(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        summary = loader.load(DATA);
        System.out.println(summary);
    }

    @Test
    void aspr_has_ten_regional_sites_and_phac_a_national_and_thirteen_provincial_depots() {
        assertThat(summary.sitesByKind()).containsEntry("REGIONAL", 10L).containsEntry("NATIONAL", 1L)
                .containsEntry("PROVINCIAL", 13L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM site s JOIN agency a ON a.id = s.agency_id "
                + "WHERE a.code = 'ASPR' AND s.federal AND s.jurisdiction = 'US'", Long.class)).isEqualTo(10);
    }

    @Test
    void the_evusheld_dispensing_sites_are_loaded_once_each_with_their_coordinates_and_hhs_region() {
        assertThat(summary.sitesByKind().get("DISPENSING")).isGreaterThan(1500);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM site WHERE kind = 'DISPENSING' AND latitude IS NOT NULL",
                Long.class)).isGreaterThan(1000);
        assertThat(jdbc.queryForObject("SELECT region FROM site WHERE kind = 'DISPENSING' AND state_province = 'AK' "
                + "LIMIT 1", String.class)).isEqualTo("HHS-10");
    }

    @Test
    void a_clean_meds_din_has_its_us_equivalents_by_ndc() {
        List<Map<String, Object>> pairs = jdbc.queryForList("""
                SELECT ca.code AS ca, us.code AS us FROM product ca JOIN product us
                    ON us.equivalence_group_id = ca.equivalence_group_id AND us.market_jurisdiction = 'US'
                 WHERE ca.market_jurisdiction = 'CA' ORDER BY ca.code, us.code LIMIT 5""");
        System.out.println("cross-border examples: " + pairs);
        assertThat(pairs).isNotEmpty();
        assertThat(summary.crossBorderGroups()).isGreaterThan(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product_identifier i JOIN product p ON p.id = i.product_id "
                + "WHERE p.code = ? AND i.system = 'NDC'", Long.class, pairs.get(0).get("us"))).isPositive();
    }

    @Test
    void every_row_names_its_source_and_every_drug_an_essential_equivalence_group() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE source NOT IN (SELECT code FROM data_source)",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE equivalence_group_id IS NULL", Long.class))
                .isZero();
        assertThat(summary.productsByKind()).containsKey("PPE");
        assertThat(summary.productsByKind().get("DRUG")).isGreaterThan(1000);
    }

    @Test
    void evusheld_is_authorised_in_the_us_only_while_its_emergency_use_authorisation_lasted() {
        assertThat(jdbc.queryForObject("SELECT valid_to::text FROM authorisation a JOIN product p ON p.id = a.product_id "
                + "WHERE p.code = 'NDC-0310-7442' AND a.basis = 'EUA'", String.class)).isEqualTo("2023-01-26");
    }

    @Test
    void a_second_load_is_a_no_op() {
        long products = summary.products();

        ReferenceLoadSummary again = loader.load(DATA);

        assertThat(again.alreadyLoaded()).isTrue();
        assertThat(again.products()).isEqualTo(products);
    }
}
