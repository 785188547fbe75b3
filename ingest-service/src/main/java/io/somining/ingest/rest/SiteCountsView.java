package io.somining.ingest.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the ingest service holds of a site now (deleted posts left out): what every consumer's projection of the
 * site should come to once the events are through.
 *
 * @param acceptedAnswersStored questions whose accepted answer is stored too: each has had its link announced
 */
@Schema(description = "A site's stored questions, answers and accepted answers")
public record SiteCountsView(String site, long questions, long answers, long acceptedAnswersStored) {
}
