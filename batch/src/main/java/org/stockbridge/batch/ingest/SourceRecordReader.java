package org.stockbridge.batch.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.stockbridge.domain.shortage.DscExportColumns;
import org.stockbridge.domain.shortage.FormatRecognizer;
import org.stockbridge.domain.shortage.SourceFormat;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the records of a file in any {@link SourceFormat}: CSV with or without a byte-order mark, leading spaces,
 * trailing commas and DSC section banners (each section brings its own header); JSON report arrays, DSC search pages
 * ({@code data}) and openFDA files ({@code results}), one object at a time, nested objects flattened to dotted names
 * and arrays of values joined with {@code "; "}. Restartable: the position is the count of records read, saved by
 * Spring Batch at every commit.
 */
public class SourceRecordReader extends AbstractItemCountingItemStreamItemReader<SourceRecord> {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final CSVFormat RAW = CSVFormat.DEFAULT.builder().setRecordSeparator("").get();

    private final Path file;
    private final SourceFormat format;
    private Reader reader;
    private CSVParser csv;
    private Iterator<CSVRecord> rows;
    private List<String> header;
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
        if (format.kind() == SourceFormat.Kind.CSV) {
            reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            csv = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                    .setAllowMissingColumnNames(true).get().parse(reader);
            rows = csv.iterator();
            lastLine = 0;
        } else {
            InputStream in = Files.newInputStream(file);
            json = JSON.createParser(in);
            toRecords();
        }
    }

    private static Reader withoutByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
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
                if (values.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (header == null || isBanner(values)) {
                    if (isBanner(values)) {
                        header = null;
                    } else {
                        header = FormatRecognizerColumns.names(values);
                    }
                    continue;
                }
                number++;
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
        JsonNode node = JSON.readTree(json);
        if (node == null || !node.isObject()) {
            return SourceRecord.unreadable(number, null, String.valueOf(node), "is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", node, values, 0);
        return new SourceRecord(number, null, node.toString(), values, null);
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
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (json != null) {
            json.close();
            json = null;
        }
        header = null;
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
