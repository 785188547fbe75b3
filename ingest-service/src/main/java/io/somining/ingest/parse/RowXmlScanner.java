package io.somining.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Stack Exchange table file ({@code Posts.xml}, {@code Users.xml}, ...) straight from its
 * UTF-8 bytes: an optional XML declaration, one root element, and in it only {@code <row .../>}
 * elements whose attributes are the columns. It reads that shape of XML and refuses anything else
 * with the line and column where it found it. A general XML parser was the largest part of parsing a
 * dump (Woodstox ~4.5 s of a 1 GB file here, Aalto ~2.7 s, and Aalto refuses the {@code &#x0E;}
 * references real dumps contain).
 *
 * <p>What it checks is what a conforming parser checks for this shape: well-formed tags, quoted
 * attribute values without {@code <}, valid UTF-8, no character XML forbids unescaped, the five named
 * entities and character references only (no DTD, so no other entity exists: nothing is ever
 * expanded or fetched). Character references to the control characters XML 1.0 forbids (which real
 * dumps contain) are accepted, as XML 1.1 does. Whitespace in attribute values is normalized as XML
 * requires (a literal tab or newline reads as a space). Columns count bytes from the line's start.
 */
final class RowXmlScanner {

    /** A post body is at most a few hundred kB; a larger attribute is an attack or a broken file. */
    static final int MAX_ATTRIBUTE_CHARS = 8 << 20;
    private static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_NAME_BYTES = 256;
    private static final int MAX_DECLARATION_BYTES = 4096;
    private static final byte[] ROW = "row".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOCTYPE = "DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    /** At most 9 digits: the reference's text is cut at 10 characters. */
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("#[0-9]+|#x[0-9a-fA-F]+");
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']");

    /** Bytes that end a run of plain ones inside a value: its quote, '&', '<', controls, and non-ASCII (decoded one by one). */
    private static final boolean[] SPECIAL_IN_DOUBLE_QUOTES = special('"');
    private static final boolean[] SPECIAL_IN_SINGLE_QUOTES = special('\'');

    private enum State { BEFORE_ROOT, IN_ROOT, AFTER_ROOT }

    private final String file;
    private final String table;
    private final InputStream input;
    private final String rootName;
    private final byte[] root;
    private final byte[][] columns;
    /** Open addressing over the columns' name hashes: a row has ~20 attributes, millions of rows. */
    private final int[] columnSlots = new int[64];
    private final String[] values;

    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    /** Offset in the file of buffer[0]. */
    private long bufferOffset;
    private long line = 1;
    /** Offset in the file of the current line's first byte. */
    private long lineStart;
    private long rowLine;
    private State state = State.BEFORE_ROOT;
    private boolean started;
    private final byte[] name = new byte[MAX_NAME_BYTES];
    private int nameLength;
    /** The attribute value being read: in {@link #latin1} while its characters fit in a byte, else in {@link #chars}. */
    private byte[] latin1 = new byte[4096];
    private char[] chars = new char[0];
    private boolean wide;
    private int length;

    /**
     * @param table what the file holds, for messages ({@code Posts})
     * @param root the root element the file must have ({@code posts})
     * @param columns the attributes kept, by their names in the dump; the others are checked and dropped
     */
    RowXmlScanner(String file, InputStream input, String table, String root, String... columns) {
        this.file = file;
        this.input = input;
        this.table = table;
        this.rootName = root;
        this.root = root.getBytes(StandardCharsets.US_ASCII);
        this.columns = Arrays.stream(columns).map(c -> c.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        this.values = new String[columns.length];
        if (columns.length > columnSlots.length / 2) {
            throw new IllegalArgumentException("at most " + columnSlots.length / 2 + " columns");
        }
        Arrays.fill(columnSlots, -1);
        for (int i = 0; i < this.columns.length; i++) {
            int slot = hash(this.columns[i], this.columns[i].length);
            while (columnSlots[slot & 63] >= 0) {
                slot++;
            }
            columnSlots[slot & 63] = i;
        }
    }

    private static int hash(byte[] name, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = hash * 31 + name[i];
        }
        return hash ^ hash >>> 7;
    }

    /** Reads the next row; false at the end of the file, after the root element closed. */
    boolean next() throws DumpFormatException {
        try {
            if (!started) {
                started = true;
                skipByteOrderMark();
            }
            while (true) {
                int c = skipWhitespace();
                if (c < 0) {
                    return atEnd();
                }
                if (c != '<') {
                    throw error(state == State.IN_ROOT ? "text is not allowed in <" + rootName + ">"
                            : "text outside the root element: not a dump");
                }
                long markupLine = line;
                pos++;
                int kind = peek();
                if (kind == '?') {
                    pos++;
                    processingInstruction();
                } else if (kind == '!') {
                    pos++;
                    commentOrDeclaration();
                } else if (kind == '/') {
                    pos++;
                    endTag();
                } else if (element(markupLine)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // unreadable compressed data, a compression bomb: the message names the file
            throw error(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /** The kept column's value in the row just read (null when the row lacks it), by its index among the columns. */
    String value(int column) {
        return values[column];
    }

    /** The line on which the row just read starts. */
    long rowLine() {
        return rowLine;
    }

    private boolean atEnd() throws DumpFormatException {
        return switch (state) {
            case BEFORE_ROOT -> throw error("no <" + rootName + "> element: not a dump");
            case IN_ROOT -> throw error("unexpected end of file in <" + rootName + ">: the file is truncated");
            case AFTER_ROOT -> false;
        };
    }

    /** A start tag: the root's, or a row's (then answers true with its values read). */
    private boolean element(long markupLine) throws IOException, DumpFormatException {
        readName();
        switch (state) {
            case BEFORE_ROOT -> {
                if (!nameIs(root)) {
                    throw error("not a " + table + " table: root element is <" + nameString() + ">, expected <"
                            + rootName + ">");
                }
                state = attributes(false) ? State.AFTER_ROOT : State.IN_ROOT;
                return false;
            }
            case IN_ROOT -> {
                if (!nameIs(ROW)) {
                    throw error("unexpected element <" + nameString() + "> in <" + rootName + ">");
                }
                rowLine = markupLine;
                Arrays.fill(values, null);
                if (!attributes(true)) {
                    closeRow();
                }
                return true;
            }
            default -> throw error("element <" + nameString() + "> after the end of <" + rootName + ">");
        }
    }

    /** A row written {@code <row ...></row>}: only whitespace may come before its end tag. */
    private void closeRow() throws IOException, DumpFormatException {
        if (skipWhitespace() != '<') {
            throw error("a row holds no content: expected </row>");
        }
        pos++;
        expect('/', "a row holds no content: expected </row>");
        readName();
        if (!nameIs(ROW)) {
            throw error("expected </row>, found </" + nameString() + ">");
        }
        skipWhitespace();
        expect('>', "expected '>' to end </row>");
    }

    private void endTag() throws IOException, DumpFormatException {
        readName();
        if (state != State.IN_ROOT || !nameIs(root)) {
            throw error("unexpected end tag </" + nameString() + ">");
        }
        skipWhitespace();
        expect('>', "expected '>' to end </" + rootName + ">");
        state = State.AFTER_ROOT;
    }

    /**
     * Reads a start tag's attributes up to its end, keeping the columns' values when asked; answers
     * whether the element was empty ({@code />}).
     */
    private boolean attributes(boolean keep) throws IOException, DumpFormatException {
        int count = 0;
        while (true) {
            long before = position();
            skipWhitespace();
            boolean spaced = position() != before;
            int c = read();
            if (c == '/') {
                expect('>', "expected '>' after '/'");
                return true;
            }
            if (c == '>') {
                return false;
            }
            if (c < 0) {
                throw truncated();
            }
            pos--;
            if (!spaced) {
                throw error("expected whitespace, '>' or '/>' after a name or value in a tag");
            }
            readName();
            if (++count > MAX_ATTRIBUTES) {
                throw error("more than " + MAX_ATTRIBUTES + " attributes in an element");
            }
            int column = keep ? column() : -1;
            if (column >= 0 && values[column] != null) {
                throw error("attribute " + nameString() + " is repeated");
            }
            skipWhitespace();
            int equals = read();
            if (equals != '=') {
                throw unexpected(equals, "expected '=' after attribute " + nameString());
            }
            skipWhitespace();
            int quote = read();
            if (quote != '"' && quote != '\'') {
                throw quote < 0 ? truncated() : error("the value of attribute " + nameString() + " is not quoted");
            }
            String value = readValue(quote, column >= 0);
            if (column >= 0) {
                values[column] = value;
            }
        }
    }

    /**
     * Reads an attribute value up to its closing quote, resolving references and normalizing
     * whitespace; answers it when kept, else null. The hot path of a dump: runs of plain bytes are
     * found with a table and copied as they are, and a value whose characters all fit in one byte
     * (most of a dump) becomes a String from those bytes without ever being widened to chars.
     */
    private String readValue(int quote, boolean keep) throws IOException, DumpFormatException {
        boolean[] special = quote == '"' ? SPECIAL_IN_DOUBLE_QUOTES : SPECIAL_IN_SINGLE_QUOTES;
        length = 0;
        wide = false;
        while (true) {
            if (pos >= limit && !fill()) {
                throw truncated();
            }
            byte[] bytes = buffer;
            int start = pos;
            int p = start;
            int end = limit;
            while (p < end && !special[bytes[p] & 0xFF]) {
                p++;
            }
            if (p > start) {
                appendRun(bytes, start, p - start);
                pos = p;
            }
            if (p == end) {
                continue;
            }
            int c = bytes[p] & 0xFF;
            if (c == quote) {
                pos++;
                return !keep ? null : wide ? new String(chars, 0, length)
                        : new String(latin1, 0, length, StandardCharsets.ISO_8859_1);
            }
            int codePoint;
            if (c >= 0x80) {
                codePoint = utf8();
            } else if (c == '&') {
                pos++;
                codePoint = reference();
            } else if (c == '<') {
                throw error("'<' in the value of attribute " + nameString());
            } else if (c == '\n' || c == '\t' || c == '\r') {
                pos++;
                if (c == '\r' && peek() == '\n') {
                    pos++;
                    c = '\n';
                }
                if (c == '\n') {
                    newLine();
                }
                codePoint = ' ';
            } else {
                throw error(String.format("character 0x%02X in the value of attribute %s (XML allows it only as a reference)", c,
                        nameString()));
            }
            append(codePoint);
        }
    }

    private static boolean[] special(char quote) {
        boolean[] special = new boolean[256];
        for (int c = 0; c < 256; c++) {
            special[c] = c < 0x20 || c >= 0x80 || c == '&' || c == '<' || c == quote;
        }
        return special;
    }

    private void appendRun(byte[] bytes, int from, int count) throws DumpFormatException {
        reserve(count);
        if (wide) {
            for (int i = 0; i < count; i++) {
                chars[length + i] = (char) bytes[from + i]; // a run is ASCII
            }
        } else {
            System.arraycopy(bytes, from, latin1, length, count);
        }
        length += count;
    }

    private void append(int codePoint) throws DumpFormatException {
        reserve(2);
        if (!wide && codePoint < 0x100) {
            latin1[length++] = (byte) codePoint;
            return;
        }
        if (!wide) {
            if (chars.length < latin1.length) {
                chars = new char[latin1.length];
            }
            for (int i = 0; i < length; i++) {
                chars[i] = (char) (latin1[i] & 0xFF);
            }
            wide = true;
        }
        if (codePoint < 0x10000) {
            chars[length++] = (char) codePoint;
        } else {
            chars[length++] = Character.highSurrogate(codePoint);
            chars[length++] = Character.lowSurrogate(codePoint);
        }
    }

    /** Room for n more characters, within the attribute size limit. */
    private void reserve(int n) throws DumpFormatException {
        int capacity = wide ? chars.length : latin1.length;
        if (length + n <= capacity) {
            return;
        }
        if (length + n > MAX_ATTRIBUTE_CHARS) {
            throw error("attribute " + nameString() + " is longer than " + MAX_ATTRIBUTE_CHARS + " characters");
        }
        int grown = (int) Math.min(MAX_ATTRIBUTE_CHARS + 1L, Math.max(length + n, 2L * capacity));
        if (wide) {
            chars = Arrays.copyOf(chars, grown);
        } else {
            latin1 = Arrays.copyOf(latin1, grown);
        }
    }

    /** Decodes the UTF-8 sequence at pos (its first byte >= 0x80), refusing what UTF-8 and XML forbid. */
    private int utf8() throws IOException, DumpFormatException {
        int first = buffer[pos] & 0xFF;
        int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
        if (first < 0xC2 || first > 0xF4) {
            throw error(String.format("invalid UTF-8: byte 0x%02X cannot start a character", first));
        }
        if (!ensure(length)) {
            throw truncated();
        }
        int second = buffer[pos + 1] & 0xFF;
        int low = first == 0xE0 ? 0xA0 : first == 0xF0 ? 0x90 : 0x80;
        int high = first == 0xED ? 0x9F : first == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
            throw error(String.format("invalid UTF-8: byte 0x%02X cannot follow 0x%02X", second, first));
        }
        int codePoint = (first & (0x7F >> length)) << 6 | second & 0x3F;
        for (int i = 2; i < length; i++) {
            int next = buffer[pos + i] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                throw error(String.format("invalid UTF-8: byte 0x%02X cannot continue a character", next));
            }
            codePoint = codePoint << 6 | next & 0x3F;
        }
        if (codePoint == 0xFFFE || codePoint == 0xFFFF) {
            throw error(String.format("character U+%04X is not allowed in XML", codePoint));
        }
        pos += length;
        return codePoint;
    }

    /**
     * Resolves the reference after '&' up to its ';'. Bodies hold millions of {@code &lt;}, {@code &gt;},
     * {@code &amp;} and {@code &#xA;}: those are read off the buffer; the rest, and every error, below.
     */
    private int reference() throws IOException, DumpFormatException {
        ensure(12);
        byte[] b = buffer;
        int p = pos;
        int available = limit - p;
        if (available >= 3 && b[p + 2] == ';' && b[p + 1] == 't' && (b[p] == 'l' || b[p] == 'g')) {
            pos += 3;
            return b[p] == 'l' ? '<' : '>';
        }
        if (available >= 4 && b[p] == 'a' && b[p + 1] == 'm' && b[p + 2] == 'p' && b[p + 3] == ';') {
            pos += 4;
            return '&';
        }
        if (available >= 3 && b[p] == '#') {
            int i = p + 1;
            int radix = b[i] == 'x' ? 16 : 10;
            i += radix == 16 ? 1 : 0;
            int codePoint = 0;
            int digits = 0;
            int digit;
            while (i < limit && digits < 7 && (digit = Character.digit(b[i], radix)) >= 0) {
                codePoint = codePoint * radix + digit;
                digits++;
                i++;
            }
            if (digits > 0 && i < limit && b[i] == ';' && isAllowedReference(codePoint)) {
                pos = i + 1;
                return codePoint;
            }
        }
        return namedOrBadReference();
    }

    /** Control characters XML 1.0 forbids are allowed as references, as XML 1.1 does; NUL, surrogates and non-characters are not. */
    private static boolean isAllowedReference(int codePoint) {
        return codePoint > 0 && codePoint <= Character.MAX_CODE_POINT && (codePoint < 0xD800 || codePoint > 0xDFFF)
                && codePoint != 0xFFFE && codePoint != 0xFFFF;
    }

    private int namedOrBadReference() throws IOException, DumpFormatException {
        StringBuilder text = new StringBuilder(8);
        int c;
        while ((c = read()) != ';') {
            if (c < 0) {
                throw truncated();
            }
            if (text.length() >= 10 || c == '"' || c == '\'' || c == '<' || c == '&' || c <= ' ') {
                throw error("'&' that starts no reference in the value of attribute " + nameString());
            }
            text.append((char) c);
        }
        String reference = text.toString();
        if (reference.equals("quot")) {
            return '"';
        }
        if (reference.equals("apos")) {
            return '\'';
        }
        if (!reference.startsWith("#")) {
            throw error("undeclared entity &" + reference + "; (a dump has no DTD: only &lt; &gt; &amp; &quot; &apos;)");
        }
        if (!CHARACTER_REFERENCE.matcher(reference).matches()) {
            throw error("malformed character reference &" + reference + ";");
        }
        long value = reference.startsWith("#x") ? Long.parseLong(reference.substring(2), 16)
                : Long.parseLong(reference.substring(1));
        int codePoint = value > Character.MAX_CODE_POINT ? -1 : (int) value;
        if (!isAllowedReference(codePoint)) {
            throw error("character reference &" + reference + "; names no character XML allows");
        }
        return codePoint;
    }

    /** The index among the columns of the name just read, or -1. */
    private int column() {
        int column;
        for (int slot = hash(name, nameLength); (column = columnSlots[slot & 63]) >= 0; slot++) {
            if (nameIs(columns[column])) {
                return column;
            }
        }
        return -1;
    }

    private boolean nameIs(byte[] expected) {
        return expected.length == nameLength && Arrays.equals(expected, 0, nameLength, name, 0, nameLength);
    }

    private String nameString() {
        return new String(name, 0, nameLength, StandardCharsets.UTF_8);
    }

    /** Reads an element or attribute name into {@link #name}. */
    private void readName() throws IOException, DumpFormatException {
        nameLength = 0;
        int c;
        while ((c = peek()) >= 0 && isNameByte(c)) {
            if (nameLength == MAX_NAME_BYTES) {
                throw error("a name longer than " + MAX_NAME_BYTES + " bytes");
            }
            name[nameLength++] = (byte) c;
            pos++;
        }
        if (c < 0) {
            throw truncated();
        }
        if (nameLength == 0) {
            throw error(c == '!' || c == '?' ? "unexpected markup" : String.format("expected a name, found %s", describe(c)));
        }
    }

    private static boolean isNameByte(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':'
                || c == '-' || c == '.' || c >= 0x80;
    }

    /** {@code <?...?>}: the XML declaration (whose encoding must be UTF-8) or a processing instruction, skipped. */
    private void processingInstruction() throws IOException, DumpFormatException {
        StringBuilder text = new StringBuilder();
        int previous = 0;
        int c;
        while ((c = read()) >= 0) {
            if (previous == '?' && c == '>') {
                text.setLength(Math.max(0, text.length() - 1));
                Matcher encoding = ENCODING.matcher(text);
                boolean declaration = text.length() == 3 ? "xml".contentEquals(text)
                        : text.toString().startsWith("xml") && Character.isWhitespace(text.charAt(3));
                if (declaration && encoding.find()) {
                    String name = encoding.group(1).toLowerCase(Locale.ROOT);
                    if (!name.equals("utf-8") && !name.equals("utf8")) {
                        throw error("encoding " + encoding.group(1) + " is not supported: dumps are UTF-8");
                    }
                }
                return;
            }
            if (c == '\n') {
                newLine();
            }
            if (text.length() < MAX_DECLARATION_BYTES) {
                text.append((char) c);
            }
            previous = c;
        }
        throw truncated();
    }

    /** {@code <!--...-->} is skipped; a DTD is refused, and so is anything else. */
    private void commentOrDeclaration() throws IOException, DumpFormatException {
        if (peek() == '-') {
            pos++;
            expect('-', "malformed comment");
            int dashes = 0;
            int c;
            while ((c = read()) >= 0) {
                if (c == '>' && dashes >= 2) {
                    return;
                }
                dashes = c == '-' ? dashes + 1 : 0;
                if (c == '\n') {
                    newLine();
                }
            }
            throw truncated();
        }
        if (peek() == '[') {
            throw error("unexpected markup <![CDATA[: a dump holds no text");
        }
        readName();
        if (nameIs(DOCTYPE)) {
            throw error("a DTD is not allowed in a dump");
        }
        throw error("unexpected markup <!" + nameString());
    }

    private void skipByteOrderMark() throws IOException {
        if (ensure(3) && (buffer[pos] & 0xFF) == 0xEF && (buffer[pos + 1] & 0xFF) == 0xBB && (buffer[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
            lineStart = 3;
        }
    }

    /** Skips whitespace; answers the byte after it (not consumed), or -1 at the end of the file. */
    private int skipWhitespace() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return -1;
            }
            int c = buffer[pos];
            if (c == '\n') {
                pos++;
                newLine();
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else {
                return c & 0xFF;
            }
        }
    }

    private void newLine() {
        line++;
        lineStart = position();
    }

    /** Offset in the file of the next byte. */
    private long position() {
        return bufferOffset + pos;
    }

    private void expect(int expected, String otherwise) throws IOException, DumpFormatException {
        int c = read();
        if (c != expected) {
            throw unexpected(c, otherwise);
        }
    }

    private DumpFormatException unexpected(int c, String expected) {
        return c < 0 ? truncated() : error(expected + ", found " + describe(c));
    }

    private static String describe(int c) {
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
    }

    private int peek() throws IOException {
        return pos < limit || fill() ? buffer[pos] & 0xFF : -1;
    }

    private int read() throws IOException {
        return pos < limit || fill() ? buffer[pos++] & 0xFF : -1;
    }

    /** Reads more once the buffer is used up; false at the end of the file. */
    private boolean fill() throws IOException {
        bufferOffset += limit;
        pos = 0;
        limit = 0;
        int read;
        do {
            read = input.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        limit = read;
        return true;
    }

    /** Makes the next n bytes available from pos; false when the file ends before. */
    private boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        System.arraycopy(buffer, pos, buffer, 0, limit - pos);
        bufferOffset += pos;
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int read = input.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    private DumpFormatException truncated() {
        return error("unexpected end of file: the file is truncated");
    }

    private DumpFormatException error(String message) {
        return error(message, null);
    }

    private DumpFormatException error(String message, Throwable cause) {
        return new DumpFormatException(file, line, position() - lineStart + 1, message, cause);
    }
}
