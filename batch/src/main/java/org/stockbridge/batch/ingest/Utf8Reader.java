package org.stockbridge.batch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The UTF-8 text of a file that may hold bytes that are not UTF-8, so that such a byte refuses the record holding it
 * instead of stopping the file. Each such byte is read as a character that stands for it, the lone surrogate U+DC00
 * plus its value (valid UTF-8 never decodes to a lone surrogate, so nothing else reads as one), and is noted with its
 * offsets in the file and in the text, for the reader of records to take. A byte-order mark is skipped (its bytes
 * still count in byte offsets).
 */
final class Utf8Reader extends Reader {

    private static final int BUFFER = 8192;
    private static final char FIRST_STAND_IN = '\uDC00';
    private static final char LAST_STAND_IN = '\uDCFF';

    /** A byte that is not UTF-8: its offset in the file, the offset of the character standing for it, its value. */
    record InvalidByte(long byteOffset, long charOffset, int value) {

        /** The byte as two hexadecimal digits after {@code 0x}. */
        String hex() {
            return String.format("0x%02X", value);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    private final ArrayDeque<InvalidByte> invalid = new ArrayDeque<>();
    /** The file offset of the first byte of {@code bytes}, and the text offset of the first character of chars. */
    private long bytesStart;
    private long charsStart;
    private boolean started;
    private boolean endOfInput;
    private boolean flushed;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    /** Whether a character of the text stands for a byte that is not UTF-8. */
    static boolean standsForByte(CharSequence text, int index) {
        char c = text.charAt(index);
        return c >= FIRST_STAND_IN && c <= LAST_STAND_IN
                && (index == 0 || !Character.isHighSurrogate(text.charAt(index - 1)));
    }

    /** The byte a character that {@link #standsForByte stands for one} stands for. */
    static int byteOf(char c) {
        return c & 0xFF;
    }

    /** How many characters of the text stand for bytes that are not UTF-8. */
    static int invalidBytes(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (standsForByte(text, i)) {
                count++;
            }
        }
        return count;
    }

    /** Whether bytes that are not UTF-8 have been read and not yet taken. */
    boolean holdsInvalid() {
        return !invalid.isEmpty();
    }

    /** Takes the next {@code count} bytes that are not UTF-8, in the order they were read. */
    List<InvalidByte> take(int count) {
        List<InvalidByte> taken = new ArrayList<>(count);
        for (int i = 0; i < count && !invalid.isEmpty(); i++) {
            taken.add(invalid.removeFirst());
        }
        return taken;
    }

    /**
     * Takes the bytes that are not UTF-8 of the text before character offset {@code end}; returns those at or after
     * {@code start} (those before belong to no record).
     */
    List<InvalidByte> take(long start, long end) {
        List<InvalidByte> taken = new ArrayList<>();
        while (!invalid.isEmpty() && invalid.peekFirst().charOffset() < end) {
            InvalidByte next = invalid.removeFirst();
            if (next.charOffset() >= start) {
                taken.add(next);
            }
        }
        return taken;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Decodes the next characters into the emptied character buffer; false at the end of the text. */
    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        if (!started) {
            started = true;
            readBytes();
            if (bytes.remaining() >= 3 && bytes.get(0) == (byte) 0xEF && bytes.get(1) == (byte) 0xBB
                    && bytes.get(2) == (byte) 0xBF) {
                bytes.position(3);
            }
        }
        charsStart += chars.limit();
        chars.clear();
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                if (chars.remaining() < result.length()) {
                    break;
                }
                for (int i = 0; i < result.length(); i++) {
                    long byteOffset = bytesStart + bytes.position();
                    int value = bytes.get() & 0xFF;
                    invalid.addLast(new InvalidByte(byteOffset, charsStart + chars.position(), value));
                    chars.put((char) (FIRST_STAND_IN + value));
                }
            } else if (result.isOverflow()) {
                break;
            } else if (!endOfInput) {
                readBytes();
            } else {
                decoder.flush(chars);
                flushed = true;
                break;
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    /** Keeps the bytes not yet decoded (the start of a character at most) and reads as many more as fit. */
    private void readBytes() throws IOException {
        bytesStart += bytes.position();
        bytes.compact();
        int wanted = bytes.remaining();
        int read = in.readNBytes(bytes.array(), bytes.position(), wanted);
        endOfInput = read < wanted;
        bytes.position(bytes.position() + read);
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
