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
        this.title = title == null ? "" : collapseSpaces(decode(title));
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
     * HTML to text in one pass: a tag of an inline element disappears, any other tag becomes a space, and without
     * code the contents of {@code <pre>} and {@code <code>} (up to the matching closing tag) become a space; then
     * entities are decoded and white space collapsed.
     */
    static String toText(String html, boolean includeCode) {
        StringBuilder out = new StringBuilder(html.length());
        String lower = null;
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            int close = c == '<' ? html.indexOf('>', i + 1) : -1;
            if (close < 0) {
                out.append(c);
                i++;
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
                        out.append(' ');
                        i = end;
                        continue;
                    }
                }
            }
            if (!INLINE.contains(tagName(html, i + 1, close))) {
                out.append(' ');
            }
            i = close + 1;
        }
        return collapseSpaces(decode(out.toString()));
    }

    /** The lower-case name of the tag between {@code from} (just after '<') and {@code end} ('>'); "" for none. */
    private static String tagName(String html, int from, int end) {
        int start = from < end && html.charAt(from) == '/' ? from + 1 : from;
        int stop = start;
        while (stop < end && Character.isLetterOrDigit(html.charAt(stop))) {
            stop++;
        }
        return html.substring(start, stop).toLowerCase(Locale.ROOT);
    }

    /** Every run of white space (no-break spaces and line breaks included) as one space, none at either end. */
    static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
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

    /** Character references decoded with HTML5's whole table; an unknown one stays as written. */
    static String decode(String text) {
        return text.indexOf('&') < 0 ? text : org.jsoup.parser.Parser.unescapeEntities(text, false);
    }
}
