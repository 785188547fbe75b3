package io.somining.classifier.study;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A question as the rules see it: the body's HTML reduced to text twice, with and without the
 * contents of {@code <code>} and {@code <pre>}, entities decoded. Both are computed on first use.
 */
public final class QuestionText {

    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

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
        this.title = title == null ? "" : decode(title);
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
     * HTML to text in one pass: every tag becomes a space, and without code the contents of
     * {@code <pre>} and {@code <code>} (up to the matching closing tag) too; then entities are decoded.
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
            out.append(' ');
            i = close + 1;
        }
        return decode(out.toString());
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

    static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(entity(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String entity(String name, String whole) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return whole;
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            default -> whole;
        };
    }
}
