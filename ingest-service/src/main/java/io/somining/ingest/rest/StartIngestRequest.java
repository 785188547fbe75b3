package io.somining.ingest.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to ingest: a file or folder relative to the service's data directory. */
public record StartIngestRequest(
        @Schema(description = "File or folder relative to the data directory", examples = "samples/ai.stackexchange.com_2017-03")
        @NotBlank String path,
        @Schema(description = "Site the dump belongs to; by default read from a folder named <site>_<yyyy-mm>", examples = "ai.stackexchange.com")
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]*\\.[a-z]{2,}", message = "must be a host name such as stackoverflow.com") String site,
        @Schema(description = "Date of the dump, yyyy-mm; by default read from the folder name", examples = "2017-03")
        @Pattern(regexp = "\\d{4}-\\d{2}(-\\d{2})?", message = "must be yyyy-mm or yyyy-mm-dd") String dumpDate,
        @Schema(description = "Only read the dump through and report what it holds and what is wrong with it; store nothing")
        Boolean validateOnly) {
}
