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

    private static final Pattern CODE = Pattern.compile("(?is)<(pre|code)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private final String site;
    private final long postId;
    private final String title;
    private final String bodyHtml;
    private final List<String> tags;
    private final List<String> lowerTags;
    private String bodyWithCode;
    private String bodyWithoutCode;

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
                bodyWithCode = toText(bodyHtml);
            }
            return bodyWithCode;
        }
        if (bodyWithoutCode == null) {
            bodyWithoutCode = toText(CODE.matcher(bodyHtml).replaceAll(" "));
        }
        return bodyWithoutCode;
    }

    private static String toText(String html) {
        return decode(TAG.matcher(html).replaceAll(" "));
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
