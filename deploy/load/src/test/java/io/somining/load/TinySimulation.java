package io.somining.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Simulation;

/** Three users, each 20 requests that succeed and 5 that the server answers 404: a report whose counts are known. */
public class TinySimulation extends Simulation {

    public TinySimulation() {
        setUp(scenario("tiny").repeat(20).on(http("phase | GET /ok").get("/ok"))
                .repeat(5).on(http("phase | GET /missing").get("/missing"))
                .injectOpen(atOnceUsers(3))).protocols(http.baseUrl("http://127.0.0.1:" + System.getProperty("tiny.port")));
    }
}
