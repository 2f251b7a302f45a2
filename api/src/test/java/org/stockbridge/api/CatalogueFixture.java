package org.stockbridge.api;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A small, readable catalogue for API tests: two agencies, three sites, a Canadian and a U.S. midazolam product in one
 * equivalence group, and a PPE item.
 */
public final class CatalogueFixture {

    private final JdbcTemplate jdbc;

    public CatalogueFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public CatalogueFixture load() {
        jdbc.update("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES "
                + "('fixture', 'Test fixture', 'Stockbridge tests', 'api tests', 'n/a')");
        long aspr = id("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES "
                + "('ASPR', 'Administration for Strategic Preparedness and Response', 'US', 'FEDERAL', 'fixture') RETURNING id");
        long phac = id("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES "
                + "('PHAC', 'Public Health Agency of Canada', 'CA', 'FEDERAL', 'fixture') RETURNING id");
        site("SNS-R01", "SNS Region 1 (Boston)", "US", aspr, "REGIONAL", "HHS-1", 42.36, -71.06, true);
        site("SNS-R06", "SNS Region 6 (Dallas)", "US", aspr, "REGIONAL", "HHS-6", 32.78, -96.80, true);
        site("NESS-NAT", "NESS national depot", "CA", phac, "NATIONAL", "CA", 45.42, -75.70, true);
        long group = id("INSERT INTO equivalence_group (code, name, atc_code, ingredients, strength, dosage_form, route, "
                + "essential, essential_category, source) VALUES ('EQ-MIDAZOLAM-5MG-ML-INJ', 'MIDAZOLAM 5 MG/ML INJECTION', "
                + "'N05CD08', 'MIDAZOLAM', '5 MG/ML', 'INJECTION', 'INTRAVENOUS', true, 'Neurological', 'fixture') RETURNING id");
        long ca = product("DIN-02240285", "Midazolam Injection", "CA", group, "N05CD08");
        long us = product("NDC-23155-601", "MIDAZOLAM HYDROCHLORIDE", "US", group, "N05CD08");
        identifier(ca, "DIN", "02240285");
        identifier(us, "NDC", "23155-601");
        identifier(us, "NDC", "23155-601-41");
        identifier(us, "RXCUI", "311702");
        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, valid_from, source) "
                + "VALUES (?, 'CA', 'MARKETED', '02240285', DATE '2000-01-01', 'fixture')", ca);
        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, valid_from, source) "
                + "VALUES (?, 'US', 'MARKETED', 'ANDA090850', DATE '2010-01-01', 'fixture')", us);
        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, valid_from, valid_to, source) "
                + "VALUES (?, 'CA', 'EXCEPTIONAL_IMPORTATION', 'List entry', DATE '2020-01-01', DATE '2020-12-31', 'fixture')", us);
        jdbc.update("INSERT INTO product (code, kind, name, unit_of_issue, source) "
                + "VALUES ('PPE-n95', 'PPE', 'N95 Respirators', 'pieces', 'fixture')");
        return this;
    }

    private void site(String code, String name, String jurisdiction, long agency, String kind, String region,
                      double lat, double lon, boolean federal) {
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, latitude, longitude, federal, "
                + "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'fixture')", code, name, jurisdiction, agency, kind, region,
                lat, lon, federal);
    }

    private long product(String code, String name, String market, long group, String atc) {
        return id("INSERT INTO product (code, kind, name, generic_name, strength, dosage_form, route, unit_of_issue, "
                + "atc_code, market_jurisdiction, equivalence_group_id, source) VALUES ('" + code + "', 'DRUG', '" + name
                + "', 'MIDAZOLAM', '5 MG/ML', 'INJECTION', 'INTRAVENOUS', 'vial', '" + atc + "', '" + market + "', "
                + group + ", 'fixture') RETURNING id");
    }

    private void identifier(long product, String system, String value) {
        jdbc.update("INSERT INTO product_identifier (product_id, system, value, source) VALUES (?, ?, ?, 'fixture')",
                product, system, value);
    }

    private long id(String sql) {
        Long id = jdbc.queryForObject(sql, Long.class);
        if (id == null) {
            throw new IllegalStateException("insert returned no id: " + sql);
        }
        return id;
    }
}
