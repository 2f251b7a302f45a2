package org.stockbridge.batch.reference;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference drugs as the files give them, read without touching the database: the CLEAN Meds essential medicines,
 * the Canadian products of the Drug Product Database and the U.S. products of the openFDA shortage file that carry one
 * of their ATC codes, each with its moieties, strength, form family and identifiers. What cannot be used is counted in
 * {@code skipped} by reason.
 */
final class ReferenceFiles {

    static final String CLEAN_MEDS = "dsc-export-pipitone/cleanmeds.csv";
    static final String DPD_PRODUCTS = "hc-dpd-rxwatch/dpd_products.csv";
    static final String DPD_INGREDIENTS = "hc-dpd-rxwatch/dpd_ingredients.csv";
    static final String OPENFDA = "openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json";

    /** The drugs read and the CLEAN Meds list by ATC code. */
    record Drugs(List<Drug> drugs, Map<String, CleanMed> clean) {
    }

    record CleanMed(String atc, String medication, String category) {
    }

    record Drug(String code, String jurisdiction, String name, String genericName, String strength, String form,
                String route, String family, String manufacturer, String atc, Set<String> moieties,
                Map<String, Set<String>> identifiers, String authorisationRef, LocalDate marketedSince, String source) {
        String groupKey() {
            return String.join("+", moieties) + "|" + (strength == null ? "?" : strength) + "|" + family;
        }
    }

    private ReferenceFiles() {
    }

    /** The Canadian then the U.S. drugs on the CLEAN Meds list. */
    static Drugs drugs(Path directory, Map<String, Long> skipped) {
        Map<String, CleanMed> clean = new LinkedHashMap<>();
        for (CSVRecord row : csv(directory.resolve(CLEAN_MEDS))) {
            clean.put(row.get("ATC").trim(), new CleanMed(row.get("ATC").trim(), row.get("medication").trim(),
                    row.get("category").trim()));
        }
        List<Drug> drugs = new ArrayList<>(canadian(directory, clean, skipped));
        Map<Set<String>, String> atcByMoieties = new HashMap<>();
        for (Drug d : drugs) {
            atcByMoieties.putIfAbsent(d.moieties(), d.atc());
        }
        for (CleanMed med : clean.values()) {
            atcByMoieties.putIfAbsent(Set.of(DrugForms.moiety(med.medication())), med.atc());
        }
        drugs.addAll(american(directory, atcByMoieties, skipped));
        return new Drugs(drugs, clean);
    }

    private static List<Drug> canadian(Path directory, Map<String, CleanMed> clean, Map<String, Long> skipped) {
        Map<String, CSVRecord> products = new LinkedHashMap<>();
        for (CSVRecord row : csv(directory.resolve(DPD_PRODUCTS))) {
            if (!row.get("class_name").equals("Human") || !row.get("status").equals("Marketed")) {
                continue;
            }
            String atc = List.of(row.get("atc_codes").split("\\|")).stream().map(String::trim)
                    .filter(clean::containsKey).findFirst().orElse(null);
            if (atc != null) {
                products.put(row.get("din").trim(), row);
            }
        }
        Map<String, List<CSVRecord>> ingredients = new HashMap<>();
        for (CSVRecord row : csv(directory.resolve(DPD_INGREDIENTS))) {
            String din = row.get("din").trim();
            if (products.containsKey(din)) {
                ingredients.computeIfAbsent(din, d -> new ArrayList<>()).add(row);
            }
        }
        List<Drug> drugs = new ArrayList<>();
        for (Map.Entry<String, CSVRecord> entry : products.entrySet()) {
            String din = entry.getKey();
            CSVRecord p = entry.getValue();
            List<CSVRecord> parts = ingredients.getOrDefault(din, List.of());
            if (parts.isEmpty()) {
                skipped.merge("dpd product without ingredients", 1L, Long::sum);
                continue;
            }
            Set<String> moieties = new TreeSet<>();
            List<String> strengths = new ArrayList<>();
            for (CSVRecord part : parts.stream().sorted(java.util.Comparator.comparing(r -> DrugForms.moiety(
                    r.get("ingredient_name")))).toList()) {
                moieties.add(DrugForms.moiety(part.get("ingredient_name")));
                strengths.add(Strength.ofDpd(part.get("strength"), part.get("strength_unit"), part.get("dosage_value"),
                        part.get("dosage_unit")).map(Strength::label).orElse("?"));
            }
            List<String> routes = List.of(p.get("routes").split("\\|"));
            String atc = List.of(p.get("atc_codes").split("\\|")).stream().map(String::trim)
                    .filter(clean::containsKey).findFirst().orElseThrow();
            Map<String, Set<String>> ids = new LinkedHashMap<>();
            ids.put("DIN", Set.of(din));
            ids.put("ATC", Set.of(atc));
            drugs.add(new Drug("DIN-" + din, "CA", p.get("brand_name").trim(), String.join(" + ", moieties),
                    String.join(" + ", strengths), p.get("dosage_forms"), p.get("routes"),
                    DrugForms.family(p.get("dosage_forms"), routes, p.get("brand_name")), p.get("company_name").trim(),
                    atc, moieties, ids, din, date(p.get("original_market_date")), "hc-dpd"));
        }
        return drugs;
    }

    private static List<Drug> american(Path directory, Map<Set<String>, String> atcByMoieties, Map<String, Long> skipped) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(directory.resolve(OPENFDA).toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not read " + OPENFDA + ": " + e.getMessage(), e);
        }
        Map<String, List<JsonNode>> byProduct = new LinkedHashMap<>();
        for (JsonNode record : root.path("results")) {
            JsonNode openfda = record.path("openfda");
            String productNdc = text(openfda.path("product_ndc").path(0));
            if (productNdc == null) {
                skipped.merge("openfda record without an openfda block", 1L, Long::sum);
                continue;
            }
            byProduct.computeIfAbsent(productNdc, k -> new ArrayList<>()).add(record);
        }
        List<Drug> drugs = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> entry : byProduct.entrySet()) {
            JsonNode first = entry.getValue().get(0);
            JsonNode openfda = first.path("openfda");
            Set<String> moieties = new TreeSet<>();
            for (JsonNode substance : openfda.path("substance_name")) {
                moieties.add(DrugForms.moiety(substance.asString()));
            }
            if (moieties.isEmpty()) {
                moieties.add(DrugForms.moiety(text(openfda.path("generic_name").path(0))));
            }
            String atc = atcByMoieties.get(moieties);
            if (atc == null) {
                skipped.merge("openfda product not on the CLEAN Meds list", 1L, Long::sum);
                continue;
            }
            List<String> routes = new ArrayList<>();
            openfda.path("route").forEach(r -> routes.add(r.asString()));
            String strength = moieties.size() == 1
                    ? Strength.ofPresentation(text(first.path("presentation"))).map(Strength::label).orElse("?") : "?";
            Map<String, Set<String>> ids = new LinkedHashMap<>();
            Set<String> ndcs = new LinkedHashSet<>();
            ndcs.add(entry.getKey());
            Set<String> rxcuis = new LinkedHashSet<>();
            for (JsonNode record : entry.getValue()) {
                Optional.ofNullable(text(record.path("package_ndc"))).ifPresent(ndcs::add);
                record.path("openfda").path("package_ndc").forEach(n -> {
                    if (n.asString().startsWith(entry.getKey() + "-")) {
                        ndcs.add(n.asString());
                    }
                });
                record.path("openfda").path("rxcui").forEach(n -> rxcuis.add(n.asString()));
            }
            ids.put("NDC", ndcs);
            ids.put("RXCUI", rxcuis);
            ids.put("ATC", Set.of(atc));
            String brand = text(openfda.path("brand_name").path(0));
            drugs.add(new Drug("NDC-" + entry.getKey(), "US", brand == null ? text(first.path("generic_name")) : brand,
                    String.join(" + ", moieties), strength, text(first.path("dosage_form")), String.join("|", routes),
                    DrugForms.family(text(first.path("dosage_form")), routes, text(first.path("generic_name"))),
                    text(first.path("company_name")), atc, moieties, ids,
                    text(openfda.path("application_number").path(0)), null, "openfda-shortages"));
        }
        return drugs;
    }

    static Collection<CSVRecord> csv(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                     .get().parse(reader)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString().trim();
    }

    private static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
