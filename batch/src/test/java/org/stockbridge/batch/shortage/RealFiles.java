package org.stockbridge.batch.shortage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real source files of {@code data/real} and counts taken from them independently of the ingest. */
final class RealFiles {

    static final Path DATA = Path.of("../data/real");
    static final Path HISTORY = DATA.resolve("dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv");
    static final Path RAW_JSON = DATA.resolve("dsc-api-history-rxwatch/raw_api_history_2020-03.json");
    static final Path EXPORT_2017 = DATA.resolve("dsc-export-pipitone/drugshortagescanada.ca-2017-12-31.csv");
    static final Path MANUAL = DATA.resolve("dsc-export-pipitone/drugshortages.ca-manual_2013-2017.csv");
    static final Path SNAPSHOT_2017 = DATA.resolve("dsc-export-snapshots-pipitone/export_2017-12-11.csv");
    static final Path SNAPSHOT_2018 = DATA.resolve("dsc-export-snapshots-pipitone/export_2018-05-17.csv");
    static final Path EXPORT_2023 = DATA.resolve("dsc-export-2023-angeloreyes/shortage_report.csv");
    static final Path PAGE_1 = DATA.resolve("dsc-api-search-pages-rdrugshortages/search_page1_limit50.json");
    static final Path PAGE_2 = DATA.resolve("dsc-api-search-pages-rdrugshortages/search_page2_limit50.json");
    static final Path EMPTY_PAGE = DATA.resolve("dsc-api-search-pages-rdrugshortages/search_empty_result.json");
    static final Path OPENFDA = DATA.resolve("openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json");
    static final Path DPD_PRODUCTS = DATA.resolve("hc-dpd-rxwatch/dpd_products.csv");
    static final Path DPD_INGREDIENTS = DATA.resolve("hc-dpd-rxwatch/dpd_ingredients.csv");

    private RealFiles() {
    }

    /** CSV records (header excluded) of a single-section file. */
    static List<CSVRecord> csv(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(reader)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records of a multi-section DSC export: rows after a header and before the next banner, whose filter holds. */
    static List<CSVRecord> sectionRows(Path file, Predicate<CSVRecord> filter) {
        List<CSVRecord> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            for (CSVRecord row : parser) {
                String first = row.get(0).trim();
                if (first.matches("\\d+") && filter.test(row)) {
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(file.toFile());
    }
}
