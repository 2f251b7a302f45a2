package org.stockbridge.batch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.stockbridge.batch.format.FormatRecognizer;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.batch.format.UnrecognisedFormatException;
import org.stockbridge.domain.shortage.SourceDates;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A file accepted for ingestion: its content hash, size and recognised format, and for a full snapshot the date it
 * was published ({@code meta.last_updated} of an openFDA file).
 */
public record SourceFile(Path path, String name, String sha256, long sizeBytes, SourceFormat format,
                         LocalDate snapshotDate) {

    /** Recognises a file, failing at once with a clear message when it is in no known format. */
    public static SourceFile inspect(Path path, String name) {
        if (!Files.isRegularFile(path)) {
            throw new UnrecognisedFormatException("no such file: " + path);
        }
        try {
            String head = head(path);
            SourceFormat format;
            try {
                format = FormatRecognizer.recognise(head);
            } catch (UnrecognisedFormatException e) {
                throw new UnrecognisedFormatException(name + ": " + e.getMessage());
            }
            LocalDate snapshot = format.fullSnapshot() ? snapshotDate(path, name) : null;
            return new SourceFile(path.toAbsolutePath(), name, sha256(path), Files.size(path), format, snapshot);
        } catch (IOException e) {
            throw new UnrecognisedFormatException(name + " cannot be read: " + e.getMessage());
        }
    }

    public static SourceFile inspect(Path path) {
        return inspect(path, path.getFileName().toString());
    }

    private static String head(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(FormatRecognizer.HEAD_CHARS);
            int end = bytes.length;
            try {
                return decode(bytes, end);
            } catch (CharacterCodingException e) {
                // the head may end inside a multi-byte character; drop up to three trailing bytes
                for (int cut = 1; cut <= 3 && end - cut > 0; cut++) {
                    try {
                        return decode(bytes, end - cut);
                    } catch (CharacterCodingException again) {
                        // try a shorter head
                    }
                }
                throw new UnrecognisedFormatException("the file is not UTF-8 text");
            }
        }
    }

    private static String decode(byte[] bytes, int length) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes, 0, length)).toString();
    }

    private static LocalDate snapshotDate(Path path, String name) throws IOException {
        try (JsonParser json = JsonMapper.builder().build().createParser(path.toFile())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new UnrecognisedFormatException(name + " is not a JSON object");
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = json.currentName();
                json.nextToken();
                if (field.equals("meta")) {
                    while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                        String metaField = json.currentName();
                        json.nextToken();
                        if (metaField.equals("last_updated")) {
                            LocalDate date = SourceDates.parse(json.getString());
                            if (date != null) {
                                return date;
                            }
                        }
                        json.skipChildren();
                    }
                } else {
                    json.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof UnrecognisedFormatException u) {
                throw u;
            }
            throw new UnrecognisedFormatException(name + ": the openFDA file cannot be read: " + e.getMessage());
        }
        throw new UnrecognisedFormatException(name + ": an openFDA file must give its snapshot date in "
                + "meta.last_updated");
    }

    private static String sha256(Path path) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 must be available", e);
        }
    }

}
