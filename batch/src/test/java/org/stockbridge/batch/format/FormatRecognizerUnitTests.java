package org.stockbridge.batch.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Recognition on the start of each real file. */
class FormatRecognizerUnitTests {

    static final Path DATA = Path.of("../data/real");

    static String head(String file) throws IOException {
        char[] buffer = new char[FormatRecognizer.HEAD_CHARS];
        try (Reader reader = Files.newBufferedReader(DATA.resolve(file), StandardCharsets.UTF_8)) {
            int n = reader.read(buffer);
            return new String(buffer, 0, Math.max(n, 0));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "dsc-export-pipitone/drugshortagescanada.ca-2017-12-31.csv, DSC_EXPORT_2017",
            "dsc-export-snapshots-pipitone/export_2017-12-11.csv, DSC_EXPORT_2017",
            "dsc-export-snapshots-pipitone/export_2018-05-17.csv, DSC_EXPORT_2018",
            "dsc-export-2023-angeloreyes/shortage_report.csv, DSC_EXPORT_2023",
            "dsc-export-pipitone/drugshortages.ca-manual_2013-2017.csv, DRUGSHORTAGES_CA_CSV",
            "dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv, DSC_API_CSV",
            "dsc-api-history-rxwatch/raw_api_history_2020-03.json, DSC_API_REPORTS",
            "dsc-api-search-pages-rdrugshortages/search_page1_limit50.json, DSC_API_SEARCH_PAGE",
            "dsc-api-search-pages-rdrugshortages/search_empty_result.json, DSC_API_SEARCH_PAGE",
            "openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json, OPENFDA_SHORTAGES",
            "hc-dpd-rxwatch/dpd_products.csv, DPD_PRODUCTS",
            "hc-dpd-rxwatch/dpd_ingredients.csv, DPD_INGREDIENTS"})
    void every_real_file_is_recognised_from_its_content(String file, SourceFormat expected) throws IOException {
        assertThat(FormatRecognizer.recognise(head(file))).isEqualTo(expected);
    }

    @Test
    void a_file_in_no_known_format_is_refused_with_what_was_seen() throws IOException {
        assertThatThrownBy(() -> FormatRecognizer.recognise(head("dsc-export-pipitone/cleanmeds.csv")))
                .isInstanceOf(UnrecognisedFormatException.class)
                .hasMessageContaining("medication,ATC,category");
        assertThatThrownBy(() -> FormatRecognizer.recognise("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> FormatRecognizer.recognise("{\"hello\": 1}")).hasMessageContaining("hello");
    }

    @Test
    void a_dsc_export_without_its_din_column_is_refused_by_name() {
        assertThatThrownBy(() -> FormatRecognizer.recognise("Report ID,Brand name,Shortage status\n1,X,Resolved\n"))
                .hasMessageContaining("DIN");
    }
}
