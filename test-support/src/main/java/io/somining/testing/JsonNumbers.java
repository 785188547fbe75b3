package io.somining.testing;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** How tests read JSON numbers with REST Assured. */
public final class JsonNumbers {

    private JsonNumbers() {
    }

    /** Decimals as doubles, not floats: statistics are compared with R's values to more digits than a float holds. */
    public static void readDecimalsAsDoubles() {
        RestAssured.config = RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }
}
