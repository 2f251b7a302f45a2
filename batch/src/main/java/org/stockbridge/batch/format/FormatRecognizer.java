package org.stockbridge.batch.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a file's format from its first characters: JSON by its top-level shape and keys, CSV by its header row (after
 * a byte-order mark, leading spaces and a DSC section banner such as {@code Shortage Reports,}). A file in no known
 * format is refused with a message naming what was seen.
 */
public final class FormatRecognizer {

    /** How many characters of a file's start {@link #recognise(String)} needs at most. */
    public static final int HEAD_CHARS = 64 * 1024;

    private static final Pattern JSON_KEY = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:");

    private FormatRecognizer() {
    }

    public static SourceFormat recognise(String head) {
        if (head == null) {
            throw new UnrecognisedFormatException("the file is empty");
        }
        String text = head.startsWith("\uFEFF") ? head.substring(1) : head;
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new UnrecognisedFormatException("the file is empty");
        }
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[') {
            return json(trimmed);
        }
        return csv(trimmed);
    }

    private static SourceFormat json(String text) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = JSON_KEY.matcher(text);
        while (m.find() && keys.size() < 400) {
            keys.add(m.group(1));
        }
        if (text.charAt(0) == '{') {
            if (keys.containsAll(List.of("meta", "results"))) {
                return SourceFormat.OPENFDA_SHORTAGES;
            }
            if (keys.containsAll(List.of("total", "limit", "offset", "data"))) {
                return SourceFormat.DSC_API_SEARCH_PAGE;
            }
            throw new UnrecognisedFormatException("a JSON object that is neither an openFDA file (meta, results) nor a "
                    + "Drug Shortages Canada search page (total, limit, offset, page, data); its keys start " + first(keys));
        }
        if (text.substring(1).stripLeading().startsWith("]")) {
            throw new UnrecognisedFormatException("an empty JSON array names no source: nothing to ingest");
        }
        if (keys.contains("id") && keys.contains("status") && (keys.contains("din") || keys.contains("drug"))) {
            return SourceFormat.DSC_API_REPORTS;
        }
        throw new UnrecognisedFormatException("a JSON array whose objects are not Drug Shortages Canada reports "
                + "(id, status, din); its keys start " + first(keys));
    }

    private static SourceFormat csv(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n", 6)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new UnrecognisedFormatException("the file is empty");
        }
        List<String> header = columns(lines.get(0));
        if (header.size() == 1 && DscExportColumns.isBanner(header.get(0)) && lines.size() > 1) {
            header = columns(lines.get(1));
        }
        Set<String> names = new LinkedHashSet<>();
        for (String h : header) {
            names.add(h.toLowerCase(Locale.ROOT));
        }
        if (names.contains("report id")) {
            boolean newNames = names.contains("drug identification number");
            if (!newNames && !names.contains("din")) {
                throw missing("a Drug Shortages Canada export", "DIN or Drug Identification Number", header);
            }
            if (names.contains("tier 3") || names.contains("date updated")) {
                return SourceFormat.DSC_EXPORT_2023;
            }
            return newNames ? SourceFormat.DSC_EXPORT_2018 : SourceFormat.DSC_EXPORT_2017;
        }
        if (names.containsAll(List.of("id", "type", "status", "din"))) {
            return require(SourceFormat.DSC_API_CSV, names, header, "created_date");
        }
        if (names.containsAll(List.of("product_name", "outcome", "din"))) {
            return require(SourceFormat.DRUGSHORTAGES_CA_CSV, names, header, "start_date", "company_name");
        }
        if (names.containsAll(List.of("din", "drug_code", "class_name"))) {
            return require(SourceFormat.DPD_PRODUCTS, names, header, "brand_name", "status", "atc_codes");
        }
        if (names.containsAll(List.of("din", "drug_code", "ingredient_name"))) {
            return require(SourceFormat.DPD_INGREDIENTS, names, header, "strength", "strength_unit");
        }
        throw new UnrecognisedFormatException("not a format Stockbridge ingests: the first row is "
                + shorten(lines.get(0)) + "; known formats: " + Arrays.stream(SourceFormat.values())
                .map(SourceFormat::description).toList());
    }

    private static SourceFormat require(SourceFormat format, Set<String> names, List<String> header,
                                        String... columns) {
        for (String column : columns) {
            if (!names.contains(column)) {
                throw missing(format.description(), column, header);
            }
        }
        return format;
    }

    private static UnrecognisedFormatException missing(String what, String column, List<String> header) {
        return new UnrecognisedFormatException("looks like " + what + " but has no " + column + " column; header: "
                + header);
    }

    /** The column names of a header line: split on commas, spaces trimmed, a trailing empty name dropped. */
    static List<String> columns(String line) {
        List<String> names = new ArrayList<>();
        for (String part : line.split(",", -1)) {
            String name = part.trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).trim();
            }
            names.add(name);
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        return names;
    }

    private static String first(Set<String> keys) {
        return keys.stream().limit(8).toList().toString();
    }

    private static String shorten(String line) {
        String t = line.strip();
        return "'" + (t.length() > 120 ? t.substring(0, 120) + "…" : t) + "'";
    }
}
