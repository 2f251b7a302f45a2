package org.stockbridge.forecasting.risk;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Health Canada's Drug Product Database (human products): per ingredient key, which DINs were marketed on a day and
 * by how many companies. The DPD keeps only each product's current status and the date it took effect, so a product
 * counts as marketed from its first market date until that date when its status is no longer "Marketed" (and
 * indefinitely when it still is) — the best the file allows, stated as such.
 */
public final class MarketedProducts {

    public static final String PRODUCTS = "hc-dpd-rxwatch/dpd_products.csv";
    public static final String INGREDIENTS = "hc-dpd-rxwatch/dpd_ingredients.csv";

    private record Marketing(String din, String company, LocalDate from, LocalDate to, boolean parenteral) {

        boolean on(LocalDate day) {
            return !from.isAfter(day) && (to == null || to.isAfter(day));
        }
    }

    private final Map<String, List<Marketing>> byIngredient;
    private final Map<String, String> atc;
    private final Map<String, String> keyByDin;
    private final Map<String, String> writtenKeyByDin;
    private final Map<String, String> companyByDin;

    private MarketedProducts(Map<String, List<Marketing>> byIngredient, Map<String, String> atc,
                             Map<String, String> writtenKeyByDin) {
        this.byIngredient = byIngredient;
        this.atc = atc;
        this.writtenKeyByDin = writtenKeyByDin;
        this.keyByDin = new HashMap<>();
        this.companyByDin = new HashMap<>();
        byIngredient.forEach((key, list) -> list.forEach(m -> {
            keyByDin.putIfAbsent(m.din(), key);
            companyByDin.putIfAbsent(m.din(), m.company());
        }));
    }

    public static MarketedProducts read(Path dataDirectory) {
        try (Reader products = Files.newBufferedReader(dataDirectory.resolve(PRODUCTS), StandardCharsets.UTF_8);
             Reader ingredients = Files.newBufferedReader(dataDirectory.resolve(INGREDIENTS),
                     StandardCharsets.UTF_8)) {
            return read(products, ingredients);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Drug Product Database in " + dataDirectory, e);
        }
    }

    public static MarketedProducts read(Reader products, Reader ingredients) throws IOException {
        Map<String, Set<String>> names = new HashMap<>();
        Map<String, Set<String>> written = new HashMap<>();
        try (CSVParser csv = parser(ingredients)) {
            for (CSVRecord row : csv) {
                String name = Ingredients.moiety(row.get("ingredient_name"));
                if (!name.isEmpty()) {
                    names.computeIfAbsent(row.get("drug_code"), c -> new HashSet<>()).add(name);
                    written.computeIfAbsent(row.get("drug_code"), c -> new HashSet<>())
                            .add(Ingredients.name(row.get("ingredient_name")));
                }
            }
        }
        Map<String, String> writtenByDin = new HashMap<>();
        Map<String, List<Marketing>> byIngredient = new HashMap<>();
        Map<String, Map<String, Integer>> atcCounts = new HashMap<>();
        try (CSVParser csv = parser(products)) {
            for (CSVRecord row : csv) {
                Set<String> ingredientNames = names.get(row.get("drug_code"));
                LocalDate from = date(row.get("original_market_date"));
                if (!"Human".equals(row.get("class_name")) || ingredientNames == null || from == null) {
                    continue;
                }
                String key = Ingredients.key(ingredientNames);
                LocalDate to = "Marketed".equals(row.get("status")) ? null : date(row.get("status_history_date"));
                if (to != null && to.isBefore(from)) {
                    to = from;
                }
                String routes = row.get("routes").toUpperCase();
                boolean parenteral = routes.contains("INTRAVENOUS") || routes.contains("INTRAMUSCULAR")
                        || routes.contains("SUBCUTANEOUS");
                writtenByDin.putIfAbsent(row.get("din"), String.join(" + ",
                        new TreeSet<>(written.get(row.get("drug_code")))));
                byIngredient.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Marketing(row.get("din"), row.get("company_name"), from, to, parenteral));
                String code = row.get("atc_codes").split("\\|")[0].trim();
                if (!code.isEmpty()) {
                    atcCounts.computeIfAbsent(key, k -> new HashMap<>()).merge(code, 1, Integer::sum);
                }
            }
        }
        if (byIngredient.isEmpty()) {
            throw new IllegalArgumentException("the Drug Product Database files hold no marketed human product");
        }
        Map<String, String> atc = new HashMap<>();
        atcCounts.forEach((k, counts) -> atc.put(k, counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey()));
        return new MarketedProducts(byIngredient, atc, writtenByDin);
    }

    private static CSVParser parser(Reader reader) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(reader);
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Every ingredient key with a human product marketed at some time between the two days. */
    public Set<String> keysMarketedBetween(LocalDate from, LocalDate to) {
        Set<String> keys = new HashSet<>();
        byIngredient.forEach((key, list) -> {
            for (Marketing m : list) {
                if (!m.from().isAfter(to) && (m.to() == null || m.to().isAfter(from))) {
                    keys.add(key);
                    break;
                }
            }
        });
        return keys;
    }

    /** How many DINs of the ingredient were marketed on the day. */
    public int marketedDins(String key, LocalDate day) {
        int n = 0;
        for (Marketing m : byIngredient.getOrDefault(key, List.of())) {
            n += m.on(day) ? 1 : 0;
        }
        return n;
    }

    /** How many companies marketed the ingredient on the day. */
    public int marketedCompanies(String key, LocalDate day) {
        return marketingCompanies(key, day).size();
    }

    /** The companies (DPD company names) that marketed the ingredient on the day. */
    public Set<String> marketingCompanies(String key, LocalDate day) {
        Set<String> companies = new HashSet<>();
        for (Marketing m : byIngredient.getOrDefault(key, List.of())) {
            if (m.on(day)) {
                companies.add(m.company());
            }
        }
        return companies;
    }

    /** The DINs of the ingredient marketed on the day. */
    public Set<String> marketedDinSet(String key, LocalDate day) {
        Set<String> dins = new HashSet<>();
        for (Marketing m : byIngredient.getOrDefault(key, List.of())) {
            if (m.on(day)) {
                dins.add(m.din());
            }
        }
        return dins;
    }

    /** The company (DPD company name) of a DIN's human product, or null when the DPD holds none. */
    public String companyOfDin(String din) {
        return din == null ? null : companyByDin.get(din);
    }

    /** The share of the ingredient's DINs marketed on the day that are given by injection. */
    public double parenteralShare(String key, LocalDate day) {
        int all = 0;
        int parenteral = 0;
        for (Marketing m : byIngredient.getOrDefault(key, List.of())) {
            if (m.on(day)) {
                all++;
                parenteral += m.parenteral() ? 1 : 0;
            }
        }
        return all == 0 ? Double.NaN : (double) parenteral / all;
    }

    /** The ingredient key of a DIN's human product, or null when the DPD holds none. */
    public String keyOfDin(String din) {
        return din == null ? null : keyByDin.get(din);
    }

    /**
     * The key a DIN's human product had with its ingredient names as written, before they were reduced to their
     * moiety (only to count what the moiety rule changes).
     */
    public String writtenKeyOfDin(String din) {
        return din == null ? null : writtenKeyByDin.get(din);
    }

    /** The ATC code most of the ingredient's products carry, when any does. */
    public String atc(String key) {
        return atc.get(key);
    }
}
