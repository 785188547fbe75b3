package io.somining.taxonomy.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A study set's members as the classifier has them ({@code site/postId}), read page by page with the
 * caller's own token: what a round samples from when the request names no population, and what a
 * given population or imported labels must lie within.
 */
@ApplicationScoped
public class SetMembers {

    private static final int PAGE = 1000;

    @Inject
    @RestClient
    ClassifierMembers classifier;

    /**
     * @param site          null for every site
     * @param authorization the caller's Authorization header, forwarded
     * @throws IllegalArgumentException    when the classifier knows no such study or set
     * @throws ServiceUnavailableException when the classifier cannot be reached
     */
    public Set<String> of(String studyId, String setId, String site, String authorization) {
        Set<String> members = new LinkedHashSet<>();
        String after = null;
        try {
            do {
                ClassifierMembers.Page page = classifier.members(studyId, setId, site, after, PAGE, authorization);
                page.items().forEach(m -> members.add(m.site() + "/" + m.postId()));
                after = page.next();
            } while (after != null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            throw new IllegalArgumentException(status == 404
                    ? "studyId/setId: the classifier has no set '" + setId + "' in a study '" + studyId + "'"
                    : "the classifier answered " + status + " for the members of " + studyId + "/" + setId);
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("the classifier cannot be reached for the members of "
                    + studyId + "/" + setId + ": " + e.getMessage());
        }
        return members;
    }
}
