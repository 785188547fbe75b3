package io.somining.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendHealthTest {

    @Test
    void shouldNameTheFailingChecksAndTheirDataKeysButNotTheServicesExceptionTexts() {
        // given a Kafka readiness check as SmallRye reports it under load: a failing channel with its exception, a thousand times
        String failure = "[KO] - java.lang.IllegalStateException: at /opt/app/Consumer.java:42 ".repeat(1000);
        String health = "{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"SmallRye Reactive Messaging - readiness check\",\"status\":\"DOWN\","
                + "\"data\":{\"questions\":\"" + failure + "\",\"classifications\":\"[OK]\"}},"
                + "{\"name\":\"Database connections health check\",\"status\":\"UP\",\"data\":{\"<default>\":\"UP\"}},"
                + "{\"name\":\"database-schema\",\"status\":\"DOWN\"}]}";

        String detail = BackendHealth.failingChecks(health);

        assertThat(detail).isEqualTo("SmallRye Reactive Messaging - readiness check (classifications, questions); database-schema");
    }

    @Test
    void shouldNotRelayAnAnswerThatIsNotAHealthDocument() {
        assertThat(BackendHealth.failingChecks("<html>java.lang.NullPointerException at /srv/app</html>"))
                .isEqualTo("not ready (its readiness answer is not a health document)");
        assertThat(BackendHealth.failingChecks("{\"status\":\"DOWN\",\"checks\":[]}")).isEqualTo("not ready");
    }
}
