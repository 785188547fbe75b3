package io.somining.classifier.study;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A predicate over a question, written in a study definition as a one-key object:
 * {@code {"all": [...]}}, {@code {"any": [...]}}, {@code {"not": {...}}}, {@code {"tag": {...}}},
 * {@code {"text": {...}}}, {@code {"set": "B"}}, {@code {"ids": [...]}}, {@code {"site": [...]}} or {@code {"always": {}}} (every question).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
        @JsonSubTypes.Type(value = Rules.All.class, name = "all"),
        @JsonSubTypes.Type(value = Rules.Any.class, name = "any"),
        @JsonSubTypes.Type(value = Rules.Not.class, name = "not"),
        @JsonSubTypes.Type(value = Rules.Tag.class, name = "tag"),
        @JsonSubTypes.Type(value = Rules.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Rules.SetRef.class, name = "set"),
        @JsonSubTypes.Type(value = Rules.Ids.class, name = "ids"),
        @JsonSubTypes.Type(value = Rules.Site.class, name = "site"),
        @JsonSubTypes.Type(value = Rules.Always.class, name = "always")
})
public sealed interface Rule permits Rules.All, Rules.Any, Rules.Not, Rules.Tag, Rules.Text, Rules.SetRef, Rules.Ids,
        Rules.Site, Rules.Always {
}
