package io.somining.gateway.proxy;

import io.vertx.core.json.JsonObject;

/** RFC 9457 problem documents, the same shape the services answer with. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** What a path nothing serves is told. */
    public static String noOperation(String path) {
        return "no operation at " + path + "; the services are under /api/<service>, their documents in /swagger-ui";
    }

    public static String json(int status, String title, String detail, String instance) {
        return new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance)
                .encode();
    }
}
