package org.stockbridge.batch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.stockbridge.batch.format.DscExportColumns;
import org.stockbridge.batch.format.FormatRecognizer;
import org.stockbridge.batch.format.SourceFormat;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the records of a file in any {@link SourceFormat}: CSV with or without a byte-order mark, leading spaces,
 * trailing commas and DSC section banners (each section brings its own header); JSON report arrays, DSC search pages
 * ({@code data}) and openFDA files ({@code results}), one object at a time, nested objects flattened to dotted names
 * and arrays of values joined with {@code "; "}. The file is UTF-8: a record holding bytes that are not is in error
 * (saying where the first is), as is every record of a CSV section whose header holds such bytes, and the rest of the
 * file is read as it would be without them. Restartable: the position is the count of records read, saved by Spring
 * Batch at every commit.
 */
public class SourceRecordReader extends AbstractItemCountingItemStreamItemReader<SourceRecord> {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final CSVFormat RAW = CSVFormat.DEFAULT.builder().setRecordSeparator("").get();

    private final Path file;
    private final SourceFormat format;
    private Utf8Reader text;
    private CSVParser csv;
    private Iterator<CSVRecord> rows;
    private List<String> header;
    /** Why the records under the current header cannot be read (its header holds bytes that are not UTF-8). */
    private String headerError;
    private long lastLine;
    private JsonParser json;
    private long number;

    public SourceRecordReader(Path file, SourceFormat format) {
        this.file = file;
        this.format = format;
        setName("source-" + format.name().toLowerCase());
    }

    @Override
    protected void doOpen() throws IOException {
        number = 0;
        text = new Utf8Reader(Files.newInputStream(file));
        if (format.kind() == SourceFormat.Kind.CSV) {
            csv = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                    .setAllowMissingColumnNames(true).get().parse(text);
            rows = csv.iterator();
            lastLine = 0;
        } else {
            json = JSON.createParser(text);
            toRecords();
        }
    }

    private void toRecords() {
        JsonToken first = json.nextToken();
        if (format == SourceFormat.DSC_API_REPORTS) {
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalStateException(file + " is not a JSON array of reports");
            }
            return;
        }
        String field = format == SourceFormat.OPENFDA_SHORTAGES ? "results" : "data";
        if (first != JsonToken.START_OBJECT) {
            throw new IllegalStateException(file + " is not a JSON object");
        }
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (name.equals(field)) {
                if (value != JsonToken.START_ARRAY) {
                    throw new IllegalStateException(file + ": '" + field + "' is not an array");
                }
                return;
            }
            json.skipChildren();
        }
        throw new IllegalStateException(file + " has no '" + field + "' array");
    }

    @Override
    protected SourceRecord doRead() {
        return format.kind() == SourceFormat.Kind.CSV ? nextCsv() : nextJson();
    }

    private SourceRecord nextCsv() {
        try {
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                lastLine = csv.getCurrentLineNumber();
                List<String> values = row.toList();
                // the parser counts the line a record ends on; it starts as many lines before as its values break
                // (blank lines skipped before it are not its lines)
                long line = lastLine - lineBreaks(values);
                // the row's values hold a character for each byte of it that is not UTF-8, in the order read
                List<Utf8Reader.InvalidByte> invalid = text.holdsInvalid()
                        ? text.take(values.stream().mapToInt(Utf8Reader::invalidBytes).sum()) : List.of();
                if (values.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (header == null || isBanner(values)) {
                    if (isBanner(values)) {
                        header = null;
                        headerError = null;
                    } else {
                        header = FormatRecognizerColumns.names(values);
                        headerError = invalid.isEmpty() ? null : "cannot be read: its header, on line " + line + ", "
                                + invalidUtf8(invalid, null);
                    }
                    continue;
                }
                number++;
                if (!invalid.isEmpty()) {
                    return SourceRecord.ofCells(number, line, values, Map.of(), invalidUtf8(invalid,
                            column(values, header)), SourceRecordReader::raw);
                }
                if (headerError != null) {
                    return SourceRecord.ofCells(number, line, values, Map.of(), headerError, SourceRecordReader::raw);
                }
                int width = values.size();
                while (width > header.size() && values.get(width - 1).isBlank()) {
                    width--;
                }
                if (width != header.size()) {
                    return SourceRecord.ofCells(number, line, values, Map.of(), "has " + width
                            + " values where the header has " + header.size() + " columns", SourceRecordReader::raw);
                }
                Map<String, String> byName = new LinkedHashMap<>(header.size() * 4 / 3 + 1);
                for (int i = 0; i < header.size(); i++) {
                    byName.put(header.get(i), values.get(i));
                }
                return SourceRecord.ofCells(number, line, values, byName, null, SourceRecordReader::raw);
            }
            return null;
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(file.getFileName() + ": the CSV cannot be read past line " + lastLine + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Why a record holding bytes that are not UTF-8 is in error: where the first of them is in the file, and in
     * which value ({@code column}, when known).
     */
    static String invalidUtf8(List<Utf8Reader.InvalidByte> invalid, String column) {
        Utf8Reader.InvalidByte first = invalid.get(0);
        return "has invalid UTF-8 at byte offset " + first.byteOffset() + " (byte " + first.hex()
                + (column == null ? "" : ", in " + SourceRecord.escaped(column)) + ")"
                + (invalid.size() == 1 ? "" : "; " + invalid.size() + " bytes that are not UTF-8 in all");
    }

    /** The name of the first CSV value holding a byte that is not UTF-8, when the header names it. */
    private static String column(List<String> values, List<String> header) {
        for (int i = 0; i < values.size(); i++) {
            if (Utf8Reader.invalidBytes(values.get(i)) > 0) {
                return i < header.size() && !header.get(i).isEmpty() ? header.get(i) : null;
            }
        }
        return null;
    }

    /** The line breaks inside quoted values (CR LF, LF or CR each one), as the parser counts lines. */
    static int lineBreaks(List<String> values) {
        int breaks = 0;
        for (String value : values) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    /** CSV cells re-quoted as one line. */
    static String raw(List<String> values) {
        return RAW.format(values.toArray());
    }

    private static boolean isBanner(List<String> values) {
        int filled = (int) values.stream().filter(v -> !v.isBlank()).count();
        return filled == 1 && DscExportColumns.isBanner(values.get(0));
    }

    private SourceRecord nextJson() {
        JsonToken token = json.nextToken();
        if (token == null || token == JsonToken.END_ARRAY) {
            return null;
        }
        number++;
        long start = json.currentTokenLocation().getCharOffset();
        JsonNode node = JSON.readTree(json);
        // bytes that are not UTF-8 read before the record (outside any record) are no record's
        List<Utf8Reader.InvalidByte> invalid = text.holdsInvalid()
                ? text.take(start, json.currentLocation().getCharOffset()) : List.of();
        if (node == null || !node.isObject()) {
            return SourceRecord.unreadable(number, null, String.valueOf(node), invalid.isEmpty()
                    ? "is not a JSON object" : invalidUtf8(invalid, null));
        }
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", node, values, 0);
        return new SourceRecord(number, null, node.toString(), values, invalid.isEmpty() ? null
                : invalidUtf8(invalid, field(values)));
    }

    /** The name of the first flattened value whose name or text holds a byte that is not UTF-8. */
    private static String field(Map<String, String> values) {
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (Utf8Reader.invalidBytes(value.getKey()) > 0
                    || value.getValue() != null && Utf8Reader.invalidBytes(value.getValue()) > 0) {
                return value.getKey();
            }
        }
        return null;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> values, int depth) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (depth < 2) {
                    flatten(name + ".", value, values, depth + 1);
                }
            } else if (value.isArray()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode element : value) {
                    if (element.isValueNode() && !element.isNull()) {
                        parts.add(element.asString());
                    }
                }
                if (!parts.isEmpty() || value.isEmpty()) {
                    values.put(name, parts.isEmpty() ? null : String.join("; ", parts));
                }
            } else {
                values.put(name, value.isNull() ? null : value.asString());
            }
        }
    }

    @Override
    protected void doClose() throws IOException {
        if (csv != null) {
            csv.close();
            csv = null;
        }
        if (json != null) {
            json.close();
            json = null;
        }
        if (text != null) {
            text.close();
            text = null;
        }
        header = null;
        headerError = null;
    }

    /** Header names as {@link FormatRecognizer} reads them. */
    static final class FormatRecognizerColumns {
        private FormatRecognizerColumns() {
        }

        static List<String> names(List<String> values) {
            List<String> names = new ArrayList<>();
            for (String value : values) {
                names.add(value.trim());
            }
            while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
                names.remove(names.size() - 1);
            }
            return names;
        }
    }
}
