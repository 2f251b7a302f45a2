package org.stockbridge.batch.reference;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the reference data from the real files in one transaction: ASPR and PHAC depots and the U.S. dispensing sites
 * of the HHS Evusheld locator; the CLEAN Meds essential medicines as Canadian products (Health Canada DPD) and U.S.
 * products (openFDA), joined into cross-border equivalence groups; PPE from the GetUsPPE catalogue. The drugs are read
 * from their files by {@link ReferenceFiles}; this class writes them. Idempotent: a second load finds its
 * {@code dataset_load} row and changes nothing.
 */
@Component
public class ReferenceDataLoader {

    static final String DATASET = "reference";
    private static final Logger log = LoggerFactory.getLogger(ReferenceDataLoader.class);
    private static final String PPE = "getusppe-ppe-requests/lookup_equipment_type.csv";
    private static final String EVUSHELD = "hhs-therapeutics-locator-evusheld/evusheld_locator_snapshots_2022-01-19_to_2022-03-08.csv";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ReferenceDataLoader(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public ReferenceLoadSummary load(Path dataDirectory) {
        long start = System.currentTimeMillis();
        Map<String, Long> skipped = new TreeMap<>();
        Boolean loaded = transaction.execute(status -> {
            jdbc.execute("LOCK TABLE dataset_load IN SHARE ROW EXCLUSIVE MODE");
            if (alreadyLoaded()) {
                return false;
            }
            requireFiles(dataDirectory);
            sources();
            sites(dataDirectory, skipped);
            drugs(dataDirectory, skipped);
            evusheld();
            ppe(dataDirectory);
            jdbc.update("INSERT INTO dataset_load (name, rows, details) VALUES (?, (SELECT count(*) FROM product), ?)",
                    DATASET, "skipped " + skipped);
            return true;
        });
        ReferenceLoadSummary summary = summary(!Boolean.TRUE.equals(loaded), skipped, System.currentTimeMillis() - start);
        log.info("Reference data {}: {} sites {}, {} products {}, {} equivalence groups ({} span both countries), "
                        + "identifiers {}, {} authorisations in {} ms", summary.alreadyLoaded() ? "already loaded" : "loaded",
                summary.sites(), summary.sitesByKind(), summary.products(), summary.productsByKind(),
                summary.equivalenceGroups(), summary.crossBorderGroups(), summary.identifiersBySystem(),
                summary.authorisations(), summary.millis());
        return summary;
    }

    public boolean alreadyLoaded() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM dataset_load WHERE name = ?)", Boolean.class, DATASET));
    }

    private static void requireFiles(Path directory) {
        for (String file : List.of(ReferenceFiles.CLEAN_MEDS, ReferenceFiles.DPD_PRODUCTS,
                ReferenceFiles.DPD_INGREDIENTS, ReferenceFiles.OPENFDA, PPE, EVUSHELD)) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                throw new IllegalStateException("reference file " + directory.resolve(file).toAbsolutePath()
                        + " is missing; set stockbridge.reference.data-directory to the folder holding data/real");
            }
        }
    }

    private void sources() {
        Object[][] rows = {
                {"clean-meds", "CLEAN Meds essential medicines list (ATC)", "Persaud et al., CMAJ 2019; via pipitone/drug-shortages",
                        "https://github.com/pipitone/drug-shortages", "public data, redistribution terms not stated"},
                {"hc-dpd", "Health Canada Drug Product Database", "Health Canada; via Averyy/rxwatch",
                        "https://health-products.canada.ca/api/drug/", "Open Government Licence - Canada"},
                {"openfda-shortages", "openFDA drug shortages bulk file (2026-03-27)", "U.S. FDA",
                        "https://download.open.fda.gov/drug/shortages/", "public domain (CC0)"},
                {"getusppe", "GetUsPPE equipment catalogue", "GetUsPPE.org", "https://github.com/GetUsPPE/ppe_needs_retrospective",
                        "MIT"},
                {"hhs-evusheld-locator", "HHS COVID-19 therapeutics locator, Evusheld", "HHS / ASPR; via rrelyea/evusheld-locations-history",
                        "https://healthdata.gov/resource/rxn6-qnx8", "U.S. government data; repository MIT"},
                {"hhs-regions", "HHS regions and regional office cities", "U.S. Department of Health and Human Services",
                        "https://www.hhs.gov/about/agencies/iea/regional-offices/index.html", "U.S. government public information"},
                {"phac-ness", "National Emergency Strategic Stockpile depots by province and territory",
                        "Public Health Agency of Canada", "https://www.canada.ca/en/public-health.html",
                        "public information; depot locations modelled at provincial capitals"},
                {"fda-eua", "FDA Emergency Use Authorization 104 (Evusheld), revoked 2023-01-26", "U.S. FDA",
                        "https://www.fda.gov/emergency-preparedness-and-response/mcm-legal-regulatory-and-policy-framework/emergency-use-authorization",
                        "U.S. government public information"}};
        for (Object[] row : rows) {
            jdbc.update("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (code) DO NOTHING", row);
        }
    }

    private void sites(Path directory, Map<String, Long> skipped) {
        long aspr = agency("ASPR", "Administration for Strategic Preparedness and Response", "US", "FEDERAL", "hhs-regions");
        long phac = agency("PHAC", "Public Health Agency of Canada", "CA", "FEDERAL", "phac-ness");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < Geography.HHS_REGIONS.size(); i++) {
            Geography.Place region = Geography.HHS_REGIONS.get(i);
            rows.add(new Object[] {"SNS-R%02d".formatted(i + 1), "Strategic National Stockpile, " + region.name()
                    + " (" + region.city() + ")", "US", aspr, "REGIONAL", region.code(), null, region.city(),
                    region.latitude(), region.longitude(), true, null, "hhs-regions"});
        }
        rows.add(new Object[] {"NESS-NAT", "National Emergency Strategic Stockpile, national depot (Ottawa)", "CA", phac,
                "NATIONAL", "CA", "ON", "Ottawa", Geography.OTTAWA.latitude(), Geography.OTTAWA.longitude(), true, null,
                "phac-ness"});
        for (Geography.Place province : Geography.PROVINCES) {
            rows.add(new Object[] {"NESS-" + province.code(), "National Emergency Strategic Stockpile, " + province.name()
                    + " depot (" + province.city() + ")", "CA", phac, "PROVINCIAL", province.code(), province.code(),
                    province.city(), province.latitude(), province.longitude(), true, null, "phac-ness"});
        }
        rows.addAll(dispensingSites(directory, skipped));
        jdbc.batchUpdate("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, state_province, city, "
                + "latitude, longitude, federal, external_ref, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** One site per NPI (else per name and address), from the latest snapshot that lists it. */
    private List<Object[]> dispensingSites(Path directory, Map<String, Long> skipped) {
        Map<String, CSVRecord> latest = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(directory.resolve(EVUSHELD), StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (CSVRecord row : csv) {
                String npi = row.get("npi").replaceAll("\\.0$", "").trim();
                String key = !npi.isEmpty() ? npi : (row.get("provider_name") + "|" + row.get("address1") + "|"
                        + row.get("zip")).toUpperCase();
                latest.put(key, row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + EVUSHELD, e);
        }
        Map<String, Long> stateAgencies = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        Set<String> codes = new java.util.HashSet<>();
        for (Map.Entry<String, CSVRecord> entry : latest.entrySet()) {
            CSVRecord row = entry.getValue();
            String state = row.get("state_code").trim().toUpperCase();
            Optional<String> region = Geography.hhsRegion(state);
            if (region.isEmpty()) {
                skipped.merge("evusheld site with an unknown state code", 1L, Long::sum);
                continue;
            }
            String code = "EVU-" + (entry.getKey().matches("\\d+") ? entry.getKey()
                    : Integer.toHexString(entry.getKey().hashCode()));
            if (!codes.add(code)) {
                skipped.merge("evusheld duplicate site", 1L, Long::sum);
                continue;
            }
            long agency = stateAgencies.computeIfAbsent(state, s -> agency("US-" + s, "State of " + s
                    + " health department", "US", "STATE", "hhs-evusheld-locator"));
            double[] point = point(row.get("geocoded_address"));
            if (point == null) {
                skipped.merge("evusheld site without coordinates (kept)", 1L, Long::sum);
            }
            String npi = entry.getKey().matches("\\d+") ? entry.getKey() : null;
            rows.add(new Object[] {code, row.get("provider_name").trim(), "US", agency, "DISPENSING", region.get(), state,
                    row.get("city").trim(), point == null ? null : point[1], point == null ? null : point[0], false, npi,
                    "hhs-evusheld-locator"});
        }
        return rows;
    }

    private static double[] point(String wkt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("POINT \\((-?[\\d.]+) (-?[\\d.]+)\\)").matcher(
                wkt == null ? "" : wkt);
        if (!m.find()) {
            return null;
        }
        double lon = Double.parseDouble(m.group(1));
        double lat = Double.parseDouble(m.group(2));
        return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? new double[] {lon, lat} : null;
    }

    private long agency(String code, String name, String jurisdiction, String kind, String source) {
        return jdbc.queryForObject("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES (?, ?, ?, ?, ?) "
                + "RETURNING id", Long.class, code, name, jurisdiction, kind, source);
    }

    private void drugs(Path directory, Map<String, Long> skipped) {
        ReferenceFiles.Drugs read = ReferenceFiles.drugs(directory, skipped);
        write(read.drugs(), read.clean());
    }

    private void write(List<ReferenceFiles.Drug> drugs, Map<String, ReferenceFiles.CleanMed> clean) {
        Map<String, List<ReferenceFiles.Drug>> groups = drugs.stream().collect(Collectors.groupingBy(ReferenceFiles.Drug::groupKey, TreeMap::new,
                Collectors.toList()));
        Map<String, Long> groupIds = new HashMap<>();
        int n = 0;
        for (Map.Entry<String, List<ReferenceFiles.Drug>> group : groups.entrySet()) {
            ReferenceFiles.Drug sample = group.getValue().get(0);
            ReferenceFiles.CleanMed med = clean.get(sample.atc());
            String name = String.join(" + ", sample.moieties()) + " " + (sample.strength().contains("?") ? ""
                    : sample.strength() + " ") + sample.family();
            long id = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, strength, "
                            + "dosage_form, route, essential, essential_category, source) VALUES (?, ?, ?, ?, ?, ?, ?, true, ?, "
                            + "'clean-meds') RETURNING id", Long.class, "EQ-%05d".formatted(++n), name.trim(), sample.atc(),
                    String.join(" + ", sample.moieties()), sample.strength(), sample.family(),
                    sample.family().equals("PARENTERAL") ? "PARENTERAL" : null, med == null ? null : med.category());
            groupIds.put(group.getKey(), id);
        }
        List<Object[]> products = new ArrayList<>();
        for (ReferenceFiles.Drug d : drugs) {
            products.add(new Object[] {d.code(), d.name() == null ? d.genericName() : d.name(), d.genericName(),
                    d.strength(), d.form(), d.route(), DrugForms.unitOfIssue(d.family()), d.manufacturer(), d.atc(),
                    d.jurisdiction(), groupIds.get(d.groupKey()), d.source()});
        }
        jdbc.batchUpdate("INSERT INTO product (code, kind, name, generic_name, strength, dosage_form, route, unit_of_issue, "
                + "manufacturer, atc_code, market_jurisdiction, equivalence_group_id, source) "
                + "VALUES (?, 'DRUG', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", products);
        Map<String, Long> productIds = new HashMap<>();
        jdbc.query("SELECT id, code FROM product", rs -> {
            productIds.put(rs.getString("code"), rs.getLong("id"));
        });
        List<Object[]> identifiers = new ArrayList<>();
        List<Object[]> authorisations = new ArrayList<>();
        Set<String> unique = new java.util.HashSet<>();
        for (ReferenceFiles.Drug d : drugs) {
            long id = productIds.get(d.code());
            d.identifiers().forEach((system, values) -> values.forEach(value -> {
                boolean namesOne = !system.equals("RXCUI") && !system.equals("ATC");
                if (!namesOne || unique.add(system + ":" + value)) {
                    identifiers.add(new Object[] {id, system, value, d.source()});
                }
            }));
            authorisations.add(new Object[] {id, d.jurisdiction(), d.authorisationRef(),
                    d.marketedSince() == null ? null : Date.valueOf(d.marketedSince()), d.source()});
        }
        jdbc.batchUpdate("INSERT INTO product_identifier (product_id, system, value, source) VALUES (?, ?, ?, ?)",
                identifiers);
        jdbc.batchUpdate("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, status, valid_from, source) "
                + "VALUES (?, ?, 'MARKETED', ?, 'Marketed', ?, ?)", authorisations);
    }

    private void evusheld() {
        long group = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, strength, "
                + "dosage_form, route, essential, essential_category, source) VALUES ('EQ-EVUSHELD', "
                + "'TIXAGEVIMAB + CILGAVIMAB 150 MG + 150 MG PARENTERAL', 'J06BD03', 'TIXAGEVIMAB + CILGAVIMAB', "
                + "'150 MG + 150 MG', 'PARENTERAL', 'INTRAMUSCULAR', false, 'COVID-19 pre-exposure prophylaxis', "
                + "'hhs-evusheld-locator') RETURNING id", Long.class);
        long product = jdbc.queryForObject("INSERT INTO product (code, kind, name, generic_name, strength, dosage_form, "
                + "route, unit_of_issue, manufacturer, atc_code, market_jurisdiction, equivalence_group_id, source) VALUES "
                + "('NDC-0310-7442', 'DRUG', 'EVUSHELD', 'TIXAGEVIMAB + CILGAVIMAB', '150 MG + 150 MG', 'Injection', "
                + "'INTRAMUSCULAR', 'course', 'AstraZeneca', 'J06BD03', 'US', ?, 'hhs-evusheld-locator') RETURNING id",
                Long.class, group);
        jdbc.update("INSERT INTO product_identifier (product_id, system, value, source) VALUES (?, 'NDC', '0310-7442', "
                + "'hhs-evusheld-locator'), (?, 'NDC', '0310-7442-02', 'hhs-evusheld-locator'), "
                + "(?, 'ATC', 'J06BD03', 'hhs-evusheld-locator')", product, product, product);
        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, status, valid_from, valid_to, "
                + "source) VALUES (?, 'US', 'EUA', 'EUA 104', 'Revoked', DATE '2021-12-08', DATE '2023-01-26', 'fda-eua')",
                product);
    }

    private void ppe(Path directory) {
        for (CSVRecord row : ReferenceFiles.csv(directory.resolve(PPE))) {
            String enumCode = row.get("enumcode").trim();
            String unit = row.get("unitOfMeasure").isBlank() ? row.get("reportunit").trim() : row.get("unitOfMeasure").trim();
            int multiplier = 1;
            try {
                multiplier = Math.max(1, Integer.parseInt(row.get("reportMultiplier").trim()));
            } catch (NumberFormatException e) {
                multiplier = 1;
            }
            long group = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, ingredients, essential, "
                    + "essential_category, source) VALUES (?, ?, ?, true, 'PPE', 'getusppe') RETURNING id", Long.class,
                    "EQ-PPE-" + enumCode, row.get("name").trim(), row.get("name").trim());
            long product = jdbc.queryForObject("INSERT INTO product (code, kind, name, unit_of_issue, pack_size, "
                    + "equivalence_group_id, source) VALUES (?, 'PPE', ?, ?, ?, ?, 'getusppe') RETURNING id", Long.class,
                    "PPE-" + enumCode, row.get("name").trim(), unit.isEmpty() ? "pieces" : unit, multiplier, group);
            for (String jurisdiction : List.of("US", "CA")) {
                jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, status, source) "
                        + "VALUES (?, ?, 'MARKETED', 'general PPE', 'Marketed', 'getusppe')", product, jurisdiction);
            }
        }
    }

    private ReferenceLoadSummary summary(boolean alreadyLoaded, Map<String, Long> skipped, long millis) {
        return new ReferenceLoadSummary(alreadyLoaded,
                counts("SELECT kind, count(*) FROM site GROUP BY kind"),
                jdbc.queryForObject("SELECT count(*) FROM agency", Long.class),
                counts("SELECT kind, count(*) FROM product GROUP BY kind"),
                jdbc.queryForObject("SELECT count(*) FROM equivalence_group", Long.class),
                jdbc.queryForObject("SELECT count(*) FROM (SELECT equivalence_group_id FROM product "
                        + "WHERE equivalence_group_id IS NOT NULL GROUP BY 1 "
                        + "HAVING count(DISTINCT market_jurisdiction) = 2) g", Long.class),
                counts("SELECT system, count(*) FROM product_identifier GROUP BY system"),
                jdbc.queryForObject("SELECT count(*) FROM authorisation", Long.class),
                Map.copyOf(skipped), millis);
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
