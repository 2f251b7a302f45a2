package org.stockbridge.batch.format;

import org.stockbridge.domain.shortage.ShortageSource;

/** The file formats Stockbridge ingests, each recognised from a file's content by {@link FormatRecognizer}. */
public enum SourceFormat {
    /** DSC website export, 2017 generation: API status codes, shortage and discontinuation sections. */
    DSC_EXPORT_2017(ShortageSource.DSC, Kind.CSV, "Drug Shortages Canada CSV export (2017 header, API status codes)"),
    /** DSC website export, 2018 generation: display labels, ATC columns, sections as in 2017. */
    DSC_EXPORT_2018(ShortageSource.DSC, Kind.CSV, "Drug Shortages Canada CSV export (2018 header, display labels)"),
    /** DSC website export, 2023 generation: no ATC, {@code Date Updated}, {@code Tier 3}, {@code "; "} lists. */
    DSC_EXPORT_2023(ShortageSource.DSC, Kind.CSV, "Drug Shortages Canada CSV export (2023 header with Tier 3)"),
    /** DSC API reports flattened to one CSV row each (id, type, status, din, ...). */
    DSC_API_CSV(ShortageSource.DSC, Kind.CSV, "Drug Shortages Canada API reports as CSV"),
    /** A JSON array of DSC API report objects. */
    DSC_API_REPORTS(ShortageSource.DSC, Kind.JSON, "Drug Shortages Canada API report array (JSON)"),
    /** One DSC API search response: {@code total, limit, offset, page, remaining, total_pages, data}. */
    DSC_API_SEARCH_PAGE(ShortageSource.DSC, Kind.JSON, "Drug Shortages Canada API search page (JSON)"),
    /** The drugshortages.ca voluntary-era records (2013-2016). */
    DRUGSHORTAGES_CA_CSV(ShortageSource.DRUGSHORTAGES_CA, Kind.CSV, "drugshortages.ca voluntary records (CSV)"),
    /** The openFDA drug-shortages bulk file: {@code meta} and {@code results}, one record per package NDC. */
    OPENFDA_SHORTAGES(ShortageSource.FDA, Kind.JSON, "openFDA drug shortages bulk file (JSON)"),
    /** Health Canada Drug Product Database products, one row per DIN. */
    DPD_PRODUCTS(null, Kind.CSV, "Health Canada Drug Product Database products (CSV)"),
    /** Health Canada Drug Product Database active ingredients, one row per DIN and ingredient. */
    DPD_INGREDIENTS(null, Kind.CSV, "Health Canada Drug Product Database active ingredients (CSV)");

    /** How a file of this format is parsed. */
    public enum Kind { CSV, JSON }

    private final ShortageSource source;
    private final Kind kind;
    private final String description;

    SourceFormat(ShortageSource source, Kind kind, String description) {
        this.source = source;
        this.kind = kind;
        this.description = description;
    }

    /** The publisher of the reports in this format; null for the catalogue formats. */
    public ShortageSource source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** Whether files of this format hold shortage reports (rather than catalogue data). */
    public boolean holdsReports() {
        return source != null;
    }

    /** Whether each file is a full snapshot of its source: a report it lacks is no longer listed. */
    public boolean fullSnapshot() {
        return this == OPENFDA_SHORTAGES;
    }
}
