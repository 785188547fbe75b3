package io.somining.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.somining.contracts.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every rendered overlay must satisfy, as a list of violations, each naming the object and
 * what is wrong with it. Kept apart from the rendering so that each rule can be shown to fail.
 */
final class ManifestRules {

    /** Names that suggest a credential: such a value must come from a Secret, never be written out. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|private).*");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i).*(password=|passwd=|-----BEGIN).*");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");
    /** Beyond the heap: metaspace, code cache, thread stacks, direct buffers. */
    private static final long NON_HEAP_MIB = 192;

    private final String version;
    private final List<JsonNode> objects;
    private final List<String> violations = new ArrayList<>();

    private ManifestRules(String version, List<JsonNode> objects) {
        this.version = version;
        this.objects = objects;
    }

    static List<String> check(String projectVersion, List<JsonNode> objects) {
        ManifestRules rules = new ManifestRules(projectVersion, objects);
        rules.objectsOf("Deployment").forEach(rules::checkDeployment);
        rules.checkTopics();
        rules.checkServiceSelectors();
        rules.checkNoPlainSecrets();
        rules.checkReferencesResolve();
        rules.checkAutoscalersWithinPartitions();
        rules.checkDisruptionBudgets();
        rules.checkGatewayOnlyReachesServices();
        return rules.violations;
    }

    private void checkDeployment(JsonNode deployment) {
        String name = name(deployment);
        JsonNode template = deployment.at("/spec/template");
        for (String label : List.of("app", "app.kubernetes.io/name", "app.kubernetes.io/part-of")) {
            if (deployment.at("/metadata/labels").path(label).isMissingNode()
                    || template.at("/metadata/labels").path(label).isMissingNode()) {
                violations.add("Deployment " + name + ": label " + label + " missing on it or its pod template");
            }
        }
        JsonNode pod = template.path("spec");
        if (!pod.at("/securityContext/runAsNonRoot").asBoolean(false)) {
            violations.add("Deployment " + name + ": pod securityContext.runAsNonRoot is not true");
        }
        for (JsonNode container : pod.path("containers")) {
            String where = "Deployment " + name + ", container " + container.path("name").asText();
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                if (container.path(probe).at("/httpGet/path").asText().isEmpty()) {
                    violations.add(where + ": no " + probe + " on an HTTP health endpoint");
                }
            }
            JsonNode security = container.path("securityContext");
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)
                    || security.path("allowPrivilegeEscalation").asBoolean(true)) {
                violations.add(where + ": securityContext must set readOnlyRootFilesystem true and allowPrivilegeEscalation false");
            }
            checkResources(where, container);
            checkImage(where, name, container.path("image").asText());
        }
    }

    private void checkResources(String where, JsonNode container) {
        JsonNode resources = container.path("resources");
        for (String field : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
            if (resources.at(field).asText().isEmpty()) {
                violations.add(where + ": resources" + field.replace('/', '.') + " missing");
            }
        }
        long limit = mebibytes(resources.at("/limits/memory").asText());
        Long heap = heapMebibytes(container);
        if (heap == null) {
            violations.add(where + ": no explicit -Xmx in JAVA_OPTS_APPEND");
        } else if (limit < heap + NON_HEAP_MIB) {
            violations.add(where + ": memory limit " + limit + " MiB leaves less than " + NON_HEAP_MIB
                    + " MiB beyond its -Xmx of " + heap + " MiB");
        }
    }

    private static Long heapMebibytes(JsonNode container) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("JAVA_OPTS_APPEND")) {
                Matcher xmx = XMX.matcher(env.path("value").asText());
                if (xmx.find()) {
                    long size = Long.parseLong(xmx.group(1));
                    return xmx.group(2).equalsIgnoreCase("g") ? size * 1024 : size;
                }
            }
        }
        return null;
    }

    static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        return quantity.isEmpty() ? 0 : Long.parseLong(quantity) / (1024 * 1024);
    }

    private void checkImage(String where, String deployment, String image) {
        int colon = image.lastIndexOf(':');
        String tag = colon < 0 ? "" : image.substring(colon + 1);
        String repository = colon < 0 ? image : image.substring(0, colon);
        if (!tag.equals(version)) {
            violations.add(where + ": image " + image + " is not tagged with the project's version " + version);
        }
        if (!repository.endsWith("/so-mining/" + deployment) && !repository.equals("so-mining/" + deployment)) {
            violations.add(where + ": image " + image + " is not so-mining/" + deployment);
        }
    }

    private void checkTopics() {
        Map<String, JsonNode> declared = new HashMap<>();
        objectsOf("KafkaTopic").forEach(topic -> declared.put(topic.at("/spec/topicName").asText(name(topic)), topic));
        for (Topics.TopicSpec spec : Topics.ALL) {
            JsonNode topic = declared.get(spec.name());
            if (topic == null) {
                violations.add("topic " + spec.name() + " of contracts' Topics has no KafkaTopic");
                continue;
            }
            if (topic.at("/spec/partitions").asInt() < spec.partitions()) {
                violations.add("KafkaTopic " + spec.name() + ": " + topic.at("/spec/partitions").asInt()
                        + " partitions, fewer than the " + spec.partitions() + " of contracts' Topics");
            }
            spec.configs().forEach((key, value) -> {
                if (!topic.at("/spec/config").path(key).asText().equals(value)) {
                    violations.add("KafkaTopic " + spec.name() + ": " + key + " is '" + topic.at("/spec/config").path(key).asText()
                            + "', contracts' Topics say '" + value + "'");
                }
            });
        }
    }

    private void checkServiceSelectors() {
        for (JsonNode service : objectsOf("Service")) {
            JsonNode selector = service.at("/spec/selector");
            boolean matched = objectsOf("Deployment").stream()
                    .anyMatch(deployment -> sameNamespace(service, deployment)
                            && matches(selector, deployment.at("/spec/template/metadata/labels")));
            if (!matched) {
                violations.add("Service " + name(service) + ": selector " + selector + " matches no pod template");
            }
        }
    }

    private void checkNoPlainSecrets() {
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("Secret") && (object.has("data") || object.has("stringData"))) {
                violations.add("Secret " + name(object) + ": a secret's value is written in the manifests");
            }
            if (kind.equals("ConfigMap")) {
                object.path("data").fields().forEachRemaining(entry -> checkPlainValue(
                        "ConfigMap " + name(object), entry.getKey(), entry.getValue().asText()));
            }
            for (JsonNode container : object.at("/spec/template/spec/containers")) {
                for (JsonNode env : container.path("env")) {
                    if (env.has("value")) {
                        checkPlainValue(kind + " " + name(object), env.path("name").asText(), env.path("value").asText());
                    }
                }
            }
        }
    }

    private void checkPlainValue(String where, String key, String value) {
        if (SECRET_NAME.matcher(key).matches() || SECRET_VALUE.matcher(value).matches()) {
            violations.add(where + ": " + key + " holds what looks like a credential in plain text; use a secretKeyRef");
        }
    }

    /** A secret read by a Deployment is one CloudNativePG writes (cluster-app); a ConfigMap it reads is rendered. */
    private void checkReferencesResolve() {
        Set<String> secrets = objectsOf("Cluster").stream().map(cluster -> name(cluster) + "-app").collect(Collectors.toSet());
        Set<String> configMaps = objectsOf("ConfigMap").stream().map(ManifestRules::name).collect(Collectors.toSet());
        for (JsonNode deployment : objectsOf("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                for (JsonNode env : container.path("env")) {
                    String secret = env.at("/valueFrom/secretKeyRef/name").asText();
                    if (!secret.isEmpty() && !secrets.contains(secret)) {
                        violations.add("Deployment " + name(deployment) + ": reads secret " + secret + ", which no database cluster provides");
                    }
                }
                for (JsonNode source : container.path("envFrom")) {
                    String configMap = source.at("/configMapRef/name").asText();
                    if (!configMap.isEmpty() && !configMaps.contains(configMap)) {
                        violations.add("Deployment " + name(deployment) + ": reads ConfigMap " + configMap + ", which is not rendered");
                    }
                }
            }
        }
    }

    /** A replica beyond the partitions of every topic its service reads would sit idle. */
    private void checkAutoscalersWithinPartitions() {
        Map<String, Integer> partitions = new HashMap<>();
        objectsOf("KafkaTopic").forEach(topic -> partitions.put(topic.at("/spec/topicName").asText(), topic.at("/spec/partitions").asInt()));
        for (JsonNode autoscaler : objectsOf("HorizontalPodAutoscaler")) {
            String target = autoscaler.at("/spec/scaleTargetRef/name").asText();
            int max = autoscaler.at("/spec/maxReplicas").asInt();
            int widest = Topics.ALL.stream().filter(spec -> spec.consumers().contains(target))
                    .mapToInt(spec -> partitions.getOrDefault(spec.name(), spec.partitions())).max().orElse(0);
            if (max > widest) {
                violations.add("HorizontalPodAutoscaler " + name(autoscaler) + ": up to " + max + " replicas of " + target
                        + " but the topics it reads have at most " + widest + " partitions");
            }
            if (objectsOf("Deployment").stream().noneMatch(d -> name(d).equals(target))) {
                violations.add("HorizontalPodAutoscaler " + name(autoscaler) + ": no Deployment " + target);
            }
        }
    }

    private void checkDisruptionBudgets() {
        for (JsonNode deployment : objectsOf("Deployment")) {
            if (deployment.at("/spec/replicas").asInt(1) > 1 || scaledByAutoscaler(name(deployment))) {
                boolean budgeted = objectsOf("PodDisruptionBudget").stream().anyMatch(budget ->
                        matches(budget.at("/spec/selector/matchLabels"), deployment.at("/spec/template/metadata/labels")));
                if (!budgeted) {
                    violations.add("Deployment " + name(deployment) + ": replicated but no PodDisruptionBudget");
                }
            }
        }
    }

    private boolean scaledByAutoscaler(String deployment) {
        return objectsOf("HorizontalPodAutoscaler").stream()
                .anyMatch(autoscaler -> autoscaler.at("/spec/scaleTargetRef/name").asText().equals(deployment));
    }

    /** Every HTTP port of a service other than the gateway admits the gateway's pods only. */
    private void checkGatewayOnlyReachesServices() {
        List<JsonNode> policies = objectsOf("NetworkPolicy");
        boolean denyAll = policies.stream().anyMatch(policy -> policy.at("/spec/podSelector").isEmpty()
                && policy.at("/spec/ingress").isMissingNode());
        if (!denyAll) {
            violations.add("NetworkPolicy: no default deny of ingress");
        }
        for (JsonNode deployment : objectsOf("Deployment")) {
            if (name(deployment).equals("gateway")) {
                continue;
            }
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            for (JsonNode policy : policies) {
                if (policy.at("/spec/podSelector").isEmpty() || !matches(policy.at("/spec/podSelector/matchLabels"), podLabels)) {
                    continue;
                }
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    Set<String> sources = new java.util.TreeSet<>();
                    rule.path("from").forEach(peer -> sources.add(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText("(any)")));
                    if (!sources.equals(Set.of("gateway"))) {
                        violations.add("NetworkPolicy " + name(policy) + ": lets " + (sources.isEmpty() ? "anyone" : sources)
                                + " reach " + name(deployment) + ", only the gateway may");
                    }
                }
            }
        }
    }

    private List<JsonNode> objectsOf(String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).collect(Collectors.toList());
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = selector.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!labels.path(entry.getKey()).asText("\u0000").equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNamespace(JsonNode a, JsonNode b) {
        return a.at("/metadata/namespace").asText().equals(b.at("/metadata/namespace").asText());
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }
}
