package io.somining.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders every overlay offline with kubectl kustomize and checks each object. */
class ManifestsTest {

    private static final List<String> APPLICATIONS = List.of(
            "ingest-service", "classifier-service", "metrics-service", "taxonomy-service", "gateway");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRenderAnOverlayThatBreaksNoRule(String overlay) {
        // given the overlay, when rendered
        List<JsonNode> objects = Kustomize.render(overlay);

        // then every application is there and no rule is broken
        assertThat(names(objects, "Deployment")).containsExactlyInAnyOrderElementsOf(APPLICATIONS);
        assertThat(ManifestRules.check(Kustomize.projectVersion(), objects)).isEmpty();
    }

    @Test
    void shouldRunOneReplicaOfEverythingInDev() {
        List<JsonNode> objects = Kustomize.render("dev");

        assertThat(replicas(objects)).containsOnlyKeys(APPLICATIONS).allSatisfy((name, count) -> assertThat(count).isEqualTo(1));
        assertThat(names(objects, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(objects).allSatisfy(object -> {
            if (!object.path("kind").asText().equals("Namespace")) {
                assertThat(object.at("/metadata/namespace").asText()).isEqualTo("so-mining-dev");
            }
        });
    }

    @Test
    void shouldReplicateAndAutoscaleTheConsumersInProd() {
        List<JsonNode> objects = Kustomize.render("prod");

        assertThat(replicas(objects)).containsEntry("ingest-service", 1).containsEntry("classifier-service", 2)
                .containsEntry("metrics-service", 2).containsEntry("gateway", 2).containsEntry("taxonomy-service", 2);
        assertThat(names(objects, "HorizontalPodAutoscaler")).containsExactlyInAnyOrder("classifier-service", "metrics-service");
        assertThat(names(objects, "PodDisruptionBudget"))
                .containsExactlyInAnyOrder("gateway", "classifier-service", "metrics-service", "taxonomy-service");
        assertThat(objects).filteredOn(o -> o.path("kind").asText().equals("KafkaTopic"))
                .allSatisfy(topic -> assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3));
        assertThat(objects).filteredOn(o -> o.path("kind").asText().equals("Cluster"))
                .allSatisfy(cluster -> assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3));
    }

    @Test
    void shouldExposeOnlyTheGatewayBehindTls() {
        List<JsonNode> objects = Kustomize.render("prod");

        JsonNode ingress = objects.stream().filter(o -> o.path("kind").asText().equals("Ingress")).findFirst().orElseThrow();
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("so-mining-tls");
        assertThat(ingress.findValues("service")).extracting(service -> service.path("name").asText()).containsOnly("gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldSignInWithTheIdentityProviderAndNeverWithTheLocalStacksDemoUsers(String overlay) {
        List<JsonNode> objects = Kustomize.render(overlay);

        JsonNode config = objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.at("/metadata/name").asText().startsWith("so-mining-config")).findFirst().orElseThrow();
        assertThat(config.at("/data/GATEWAY_OIDC_ISSUER").asText()).isEqualTo(config.at("/data/SUITE_JWT_ISSUER").asText());
        // the demo users' sign-in exists only where a key is given to the gateway: nowhere in these manifests
        assertThat(objects.toString()).doesNotContain("LOCAL_SIGN_IN").doesNotContain("local-sign-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "classifier-service", "metrics-service", "taxonomy-service", "gateway"})
    void shouldKeepTheGeneratedManifestsAsQuarkusWritesThem(String application) throws Exception {
        // given the manifest quarkus-kubernetes wrote when the application was packaged
        Path built = Kustomize.root().resolve(application).resolve("target/kubernetes/kubernetes.yml");
        assertThat(built).as("package the application first (./mvnw package), then compare").exists();

        // then the copy in the Kustomize base holds the same objects (Quarkus does not keep the order of labels)
        Path kept = Kustomize.root().resolve("deploy/k8s/base/generated").resolve(application + ".yml");
        assertThat(Kustomize.parse(Files.readString(kept))).as(kept + " is out of date: run deploy/k8s/refresh-generated")
                .isEqualTo(Kustomize.parse(Files.readString(built)));
    }

    private static List<String> names(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind))
                .map(o -> o.at("/metadata/name").asText()).collect(Collectors.toList());
    }

    private static Map<String, Integer> replicas(List<JsonNode> objects) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("Deployment"))
                .collect(Collectors.toMap(o -> o.at("/metadata/name").asText(), o -> o.at("/spec/replicas").asInt()));
    }
}
