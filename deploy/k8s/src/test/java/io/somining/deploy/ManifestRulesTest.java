package io.somining.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each rule, broken on purpose in an otherwise valid rendering, is reported with what and where. */
class ManifestRulesTest {

    private static final List<JsonNode> DEV = Kustomize.render("dev");

    @Test
    void shouldReportADeploymentWithoutProbes() {
        List<String> violations = checkWith(deployment("metrics-service", d -> container(d).remove("readinessProbe")));

        assertThat(violations).containsExactly("Deployment metrics-service, container metrics-service: no readinessProbe on an HTTP health endpoint");
    }

    @Test
    void shouldReportMissingResourcesAndALimitBelowTheHeap() {
        List<String> violations = checkWith(deployment("gateway", d -> {
            ((ObjectNode) container(d).path("resources").path("limits")).put("memory", "300Mi");
            ((ObjectNode) container(d).path("resources").path("requests")).remove("cpu");
        }));

        assertThat(violations).containsExactlyInAnyOrder(
                "Deployment gateway, container gateway: resources.requests.cpu missing",
                "Deployment gateway, container gateway: memory limit 300 MiB leaves less than 192 MiB beyond its -Xmx of 256 MiB");
    }

    @Test
    void shouldReportAWritableRootFilesystemOrARootPod() {
        List<String> violations = checkWith(deployment("taxonomy-service", d -> {
            ((ObjectNode) container(d).path("securityContext")).put("readOnlyRootFilesystem", false);
            ((ObjectNode) d.at("/spec/template/spec/securityContext")).remove("runAsNonRoot");
        }));

        assertThat(violations).containsExactlyInAnyOrder(
                "Deployment taxonomy-service: pod securityContext.runAsNonRoot is not true",
                "Deployment taxonomy-service, container taxonomy-service: securityContext must set readOnlyRootFilesystem true and allowPrivilegeEscalation false");
    }

    @Test
    void shouldReportAnImageTagThatIsNotTheProjectVersion() {
        List<String> violations = checkWith(deployment("ingest-service",
                d -> container(d).put("image", "docker.io/so-mining/ingest-service:latest")));

        assertThat(violations).containsExactly("Deployment ingest-service, container ingest-service: image "
                + "docker.io/so-mining/ingest-service:latest is not tagged with the project's version " + Kustomize.projectVersion());
    }

    @Test
    void shouldReportATopicOfTheContractsWithoutItsKafkaTopic() {
        List<JsonNode> objects = copy(DEV).stream()
                .filter(o -> !o.at("/spec/topicName").asText().equals("so.dead-letters")).collect(Collectors.toList());

        assertThat(ManifestRules.check(Kustomize.projectVersion(), objects))
                .containsExactly("topic so.dead-letters of contracts' Topics has no KafkaTopic");
    }

    @Test
    void shouldReportATopicWhoseSettingsDifferFromTheContracts() {
        List<String> violations = checkWith(objects -> objects.stream()
                .filter(o -> o.at("/spec/topicName").asText().equals("so.classifications"))
                .forEach(topic -> ((ObjectNode) topic.at("/spec/config")).put("cleanup.policy", "delete")));

        assertThat(violations).containsExactly("KafkaTopic so.classifications: cleanup.policy is 'delete', contracts' Topics say 'compact'");
    }

    @Test
    void shouldReportAServiceSelectorThatMatchesNoPod() {
        List<String> violations = checkWith(objects -> objects.stream()
                .filter(o -> o.path("kind").asText().equals("Service") && o.at("/metadata/name").asText().equals("gateway"))
                .forEach(service -> ((ObjectNode) service.at("/spec/selector")).put("app.kubernetes.io/name", "gateway-v2")));

        assertThat(violations).singleElement().asString().startsWith("Service gateway: selector").endsWith("matches no pod template");
    }

    @Test
    void shouldReportASecretInPlainText() {
        List<String> violations = checkWith(objects -> {
            objects.add(Kustomize.parseOne("{kind: Secret, metadata: {name: db, namespace: so-mining-dev}, stringData: {password: hunter2}}"));
            objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                    .forEach(config -> ((ObjectNode) config.path("data")).put("KAFKA_SASL_PASSWORD", "hunter2"));
        });

        assertThat(violations).containsExactlyInAnyOrder(
                "Secret db: a secret's value is written in the manifests",
                "ConfigMap so-mining-config: KAFKA_SASL_PASSWORD holds what looks like a credential in plain text; use a secretKeyRef");
    }

    @Test
    void shouldReportAnAutoscalerBeyondThePartitionsAndAReplicatedServiceWithoutBudget() {
        List<String> violations = checkWith(objects -> objects.add(Kustomize.parseOne("""
                {kind: HorizontalPodAutoscaler, metadata: {name: metrics-service, namespace: so-mining-dev},
                 spec: {scaleTargetRef: {kind: Deployment, name: metrics-service}, minReplicas: 2, maxReplicas: 7}}""")));

        assertThat(violations).containsExactlyInAnyOrder(
                "HorizontalPodAutoscaler metrics-service: up to 7 replicas of metrics-service but the topics it reads have at most 6 partitions",
                "Deployment metrics-service: replicated but no PodDisruptionBudget");
    }

    @Test
    void shouldReportAPolicyLettingOthersThanTheGatewayReachAService() {
        List<String> violations = checkWith(objects -> objects.add(Kustomize.parseOne("""
                {kind: NetworkPolicy, metadata: {name: open-classifier, namespace: so-mining-dev},
                 spec: {podSelector: {matchLabels: {app.kubernetes.io/name: classifier-service}}, ingress: [{ports: [{port: 8082}]}]}}""")));

        assertThat(violations).containsExactly("NetworkPolicy open-classifier: lets anyone reach classifier-service, only the gateway may");
    }

    @Test
    void shouldReportASecretThatNoDatabaseProvides() {
        List<String> violations = checkWith(objects -> objects.removeIf(o -> o.path("kind").asText().equals("Cluster")
                && o.at("/metadata/name").asText().equals("taxonomy-db")));

        assertThat(violations).hasSize(3).allSatisfy(v -> assertThat(v).isEqualTo(
                "Deployment taxonomy-service: reads secret taxonomy-db-app, which no database cluster provides"));
    }

    private static List<String> checkWith(Consumer<List<JsonNode>> breakage) {
        List<JsonNode> objects = copy(DEV);
        assertThat(ManifestRules.check(Kustomize.projectVersion(), objects)).as("the unbroken rendering").isEmpty();
        breakage.accept(objects);
        return ManifestRules.check(Kustomize.projectVersion(), objects);
    }

    private static Consumer<List<JsonNode>> deployment(String name, Consumer<ObjectNode> change) {
        return objects -> objects.stream()
                .filter(o -> o.path("kind").asText().equals("Deployment") && o.at("/metadata/name").asText().equals(name))
                .forEach(d -> change.accept((ObjectNode) d));
    }

    private static ObjectNode container(JsonNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static List<JsonNode> copy(List<JsonNode> objects) {
        return objects.stream().<JsonNode>map(JsonNode::deepCopy).collect(Collectors.toCollection(java.util.ArrayList::new));
    }
}
