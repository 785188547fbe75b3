package io.somining.taxonomy;

import io.somining.testing.StubService;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the classifier's members endpoint, in pages of 1,000: a set's members are what the
 * tests declared with {@link #holds}; set C of fse2020 holds 1,500 questions of {@link #SITE} from the
 * start; an undeclared set answers 404, as the classifier does.
 */
public class ClassifierStub extends StubService {

    static final String SITE = "members.test.example";
    static final int MEMBERS = 1500;
    /** The Authorization headers received, in order. */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static final Map<String, List<String>> SETS = new ConcurrentHashMap<>();
    private static final Pattern MEMBERS_PATH = Pattern.compile("/studies/([^/]+)/sets/([^/]+)/members");
    private static final int PAGE = 1000;

    static {
        List<String> c = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++) {
            c.add(SITE + "/" + i);
        }
        SETS.put("fse2020/C", c);
    }

    public ClassifierStub() {
        super("quarkus.rest-client.classifier.url", "/studies/", AUTHORIZATIONS);
    }

    /** Declares that the set holds these questions ({@code site/postId}) as well. */
    static void holds(String study, String set, Collection<String> members) {
        SETS.compute(study + "/" + set, (key, old) -> {
            List<String> all = new ArrayList<>(old == null ? List.of() : old);
            members.stream().filter(m -> !all.contains(m)).forEach(all::add);
            return List.copyOf(all);
        });
    }

    @Override
    protected Reply reply(URI uri) {
        Matcher path = MEMBERS_PATH.matcher(uri.getPath());
        List<String> members = path.matches() ? SETS.get(path.group(1) + "/" + path.group(2)) : null;
        if (members == null) {
            return new Reply(404, "{\"status\":404}");
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        Matcher siteParam = Pattern.compile("(?:^|&)site=([^&]*)").matcher(query);
        String site = siteParam.find() && !siteParam.group(1).isEmpty() ? siteParam.group(1) : null;
        List<String> onSite = members.stream().filter(m -> site == null || m.startsWith(site + "/")).toList();
        Matcher afterParam = Pattern.compile("(?:^|&)after=(\\d+)").matcher(query);
        int from = afterParam.find() ? Integer.parseInt(afterParam.group(1)) : 0;
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = from; i < Math.min(onSite.size(), from + PAGE); i++) {
            String member = onSite.get(i);
            int slash = member.lastIndexOf('/');
            body.append(i > from ? "," : "").append("{\"site\":\"").append(member, 0, slash).append("\",\"postId\":")
                    .append(member.substring(slash + 1)).append(",\"studyVersion\":1}");
        }
        body.append("],\"next\":").append(from + PAGE < onSite.size() ? "\"" + (from + PAGE) + "\"" : "null").append('}');
        return new Reply(200, body.toString());
    }
}
