package io.somining.classifier.study;

import java.util.List;
import java.util.Locale;

/**
 * A question as the rules see it: the body's HTML reduced to text twice, with and without the
 * contents of {@code <code>} and {@code <pre>}, as a browser renders it: entities decoded (HTML5's whole
 * table, by jsoup), inline elements joining their neighbours ({@code <strong>TensorFlow</strong> lite}
 * reads "TensorFlow lite"), other tags separating words, and every run of white space, no-break spaces and
 * line breaks included, one space. Both are computed on first use. The tags are scanned by hand rather than
 * parsed into a document: 24 M bodies pass here, and the scan is a single pass without a tree.
 */
public final class QuestionText {

    /** Elements a browser renders inline: their tags separate nothing. */
    private static final java.util.Set<String> INLINE = java.util.Set.of("a", "abbr", "b", "bdi", "bdo", "big", "cite",
            "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span",
            "strike", "strong", "sub", "sup", "time", "tt", "u", "var");
    private static final int LONGEST_INLINE = 6;
    private static final java.util.Set<Long> INLINE_KEYS = INLINE.stream().map(name -> {
        long key = 0;
        for (char c : name.toCharArray()) {
            key = key << 7 | c;
        }
        return key;
    }).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final String site;
    private final long postId;
    private final String title;
    private final String bodyHtml;
    private final List<String> tags;
    private final List<String> lowerTags;
    private String bodyWithCode;
    private String bodyWithoutCode;
    private String lowerTitle;
    private String lowerBodyWithCode;
    private String lowerBodyWithoutCode;

    public QuestionText(String site, long postId, String title, String bodyHtml, List<String> tags) {
        this.site = site;
        this.postId = postId;
        this.title = title == null ? "" : decodeAndCollapse(title);
        this.bodyHtml = bodyHtml == null ? "" : bodyHtml;
        this.tags = tags == null ? List.of() : List.copyOf(tags);
        this.lowerTags = this.tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    public String site() {
        return site;
    }

    public long postId() {
        return postId;
    }

    public String title() {
        return title;
    }

    public List<String> tags() {
        return tags;
    }

    List<String> lowerTags() {
        return lowerTags;
    }

    public String body(boolean includeCode) {
        if (includeCode) {
            if (bodyWithCode == null) {
                bodyWithCode = toText(bodyHtml, true);
            }
            return bodyWithCode;
        }
        if (bodyWithoutCode == null) {
            bodyWithoutCode = toText(bodyHtml, false);
        }
        return bodyWithoutCode;
    }

    /** The title or body, lower-cased char by char: same length, so offsets found in it hold in the original. */
    String lower(boolean title, boolean includeCode) {
        if (title) {
            if (lowerTitle == null) {
                lowerTitle = lowerChars(this.title);
            }
            return lowerTitle;
        }
        if (includeCode) {
            if (lowerBodyWithCode == null) {
                lowerBodyWithCode = lowerChars(body(true));
            }
            return lowerBodyWithCode;
        }
        if (lowerBodyWithoutCode == null) {
            lowerBodyWithoutCode = lowerChars(body(false));
        }
        return lowerBodyWithoutCode;
    }

    static String lowerChars(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    /**
     * HTML to text in one pass: a tag of an inline element disappears, any other tag separates words, and without
     * code the contents of {@code <pre>} and {@code <code>} (up to the matching closing tag) too; references are
     * decoded and white space folded on the way.
     */
    static String toText(String html, boolean includeCode) {
        Folded out = new Folded(html.length());
        String lower = null;
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            int close = c == '<' ? html.indexOf('>', i + 1) : -1;
            if (close < 0) {
                // text: references decoded and white space folded on the way, in this one pass
                i = out.addFrom(html, i);
                continue;
            }
            if (!includeCode) {
                String name = codeElementAt(html, i + 1);
                if (name != null) {
                    if (lower == null) {
                        lower = lowerChars(html);
                    }
                    int end = closingTagEnd(lower, name, close + 1);
                    if (end > 0) {
                        out.separate();
                        i = end;
                        continue;
                    }
                }
            }
            if (!isInline(html, i + 1, close)) {
                out.separate();
            }
            i = close + 1;
        }
        return out.toString();
    }

    /** Whether the tag between {@code from} (just after '<') and {@code end} ('>') is of an inline element. */
    private static boolean isInline(String html, int from, int end) {
        int start = from < end && html.charAt(from) == '/' ? from + 1 : from;
        int stop = start;
        while (stop < end && stop - start <= LONGEST_INLINE && Character.isLetterOrDigit(html.charAt(stop))) {
            stop++;
        }
        int length = stop - start;
        if (length == 0 || length > LONGEST_INLINE) {
            return false;
        }
        // names of up to six ASCII letters, lower-cased into a number: no string is built per tag
        long key = 0;
        for (int k = start; k < stop; k++) {
            char c = Character.toLowerCase(html.charAt(k));
            if (c > 127) {
                return false;
            }
            key = key << 7 | c;
        }
        return INLINE_KEYS.contains(key);
    }

    /**
     * One pass over text whose tags are gone: character references decoded (numeric ones, and named ones by HTML5's
     * table, jsoup's), and every run of white space, no-break spaces and line breaks included, one space, none at
     * either end. An unknown or malformed reference stays as written.
     */
    static String decodeAndCollapse(CharSequence text) {
        Folded out = new Folded(text.length());
        int i = 0;
        while (i < text.length()) {
            i = out.addFrom(text, i);
        }
        return out.toString();
    }

    /** Text being built: white space folded into one space between words, none at either end. */
    private static final class Folded {
        private final StringBuilder out;
        private boolean space;

        Folded(int capacity) {
            out = new StringBuilder(capacity);
        }

        /** Adds the character at {@code i}, or the reference starting there decoded; answers where the next begins. */
        int addFrom(CharSequence text, int i) {
            char c = text.charAt(i);
            int semicolon = c == '&' ? referenceEnd(text, i) : -1;
            String decoded = semicolon < 0 ? null : reference(text.subSequence(i + 1, semicolon).toString());
            if (decoded == null) {
                add(c);
                return i + 1;
            }
            for (int k = 0; k < decoded.length(); k++) {
                add(decoded.charAt(k));
            }
            return semicolon + 1;
        }

        /** What a block tag does: the next word is separated from the last by a space. */
        void separate() {
            space = out.length() > 0;
        }

        private void add(char c) {
            // printable ASCII, most of a body, skips the Unicode tables
            boolean white = c > ' ' && c < 0x7f ? false : Character.isWhitespace(c) || Character.isSpaceChar(c);
            if (white) {
                separate();
                return;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /** Where the reference starting at {@code at} ('&') ends (its ';'); -1 when no reference starts there. */
    private static int referenceEnd(CharSequence text, int at) {
        int n = text.length();
        for (int k = at + 1; k < n && k <= at + MAX_REFERENCE; k++) {
            char r = text.charAt(k);
            if (r == ';') {
                return k > at + 1 ? k : -1;
            }
            if (!Character.isLetterOrDigit(r) && r != '#') {
                return -1;
            }
        }
        return -1;
    }

    /** The longest reference read: HTML5's longest name has 31 characters. */
    private static final int MAX_REFERENCE = 33;

    /** A reference's text ("amp", "#233", "#x1F600"); null when it names no character. */
    private static String reference(String name) {
        if (name.charAt(0) == '#') {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return new String(Character.toChars(code));
            } catch (IllegalArgumentException notACharacter) {
                return null;
            }
        }
        // the five of XML, which most bodies hold, without a look-up in HTML5's table of 2,231
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            default: break;
        }
        String named = org.jsoup.nodes.Entities.getByName(name);
        return named.isEmpty() ? null : named;
    }

    /** "pre" or "code" when an opening tag of that element starts at {@code at}, else null. */
    private static String codeElementAt(String html, int at) {
        for (String name : new String[] { "pre", "code" }) {
            int after = at + name.length();
            if (html.regionMatches(true, at, name, 0, name.length())
                    && (after >= html.length() || !Character.isLetterOrDigit(html.charAt(after)) && html.charAt(after) != '_')) {
                return name;
            }
        }
        return null;
    }

    /** Just past the first {@code </name\s*>} at or after {@code from}, or -1. */
    private static int closingTagEnd(String lowerHtml, String name, int from) {
        String closing = "</" + name;
        int at = lowerHtml.indexOf(closing, from);
        while (at >= 0) {
            int j = at + closing.length();
            while (j < lowerHtml.length() && Character.isWhitespace(lowerHtml.charAt(j))) {
                j++;
            }
            if (j < lowerHtml.length() && lowerHtml.charAt(j) == '>') {
                return j + 1;
            }
            at = lowerHtml.indexOf(closing, at + 1);
        }
        return -1;
    }

}
