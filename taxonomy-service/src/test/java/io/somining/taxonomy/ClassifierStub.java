package io.somining.taxonomy;

import io.somining.testing.StubService;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the classifier's members endpoint: set C of fse2020 holds 1,500 questions, served in pages of 1,000. */
public class ClassifierStub extends StubService {

    static final String SITE = "members.test.example";
    static final int MEMBERS = 1500;
    /** The Authorization headers received, in order. */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    public ClassifierStub() {
        super("quarkus.rest-client.classifier.url", "/studies/", AUTHORIZATIONS);
    }

    @Override
    protected Reply reply(URI uri) {
        if (!uri.getPath().equals("/studies/fse2020/sets/C/members")) {
            return new Reply(404, "{\"status\":404}");
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        int from = query.contains("after=") ? 1000 : 0;
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = from; i < Math.min(MEMBERS, from + 1000); i++) {
            body.append(i > from ? "," : "").append("{\"site\":\"").append(SITE).append("\",\"postId\":").append(i + 1)
                    .append(",\"studyVersion\":1}");
        }
        body.append("],\"next\":").append(from == 0 ? "\"" + SITE + "/1000\"" : "null").append('}');
        return new Reply(200, body.toString());
    }
}
