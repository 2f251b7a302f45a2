package org.stockbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests as {@code kubectl kustomize} renders them (offline: no cluster is asked): the base in
 * {@code deploy/kubernetes} and the first-install overlay. Skipped without kubectl, unless
 * {@code STOCKBRIDGE_DEPLOY_TESTS=required} (CI).
 */
class KubernetesManifestsIntegrationTests {

    private static final Path DEPLOY = Path.of("").toAbsolutePath();

    @BeforeAll
    static void kubectl_is_on_the_path() {
        Prerequisite.require(kubectl() != null, "STOCKBRIDGE_DEPLOY_TESTS", "no kubectl on the PATH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "kubernetes-first-install"})
    void every_container_has_liveness_and_readiness_probes_on_the_actuator_groups(String kustomization) {
        for (Map<String, Object> container : containers(render(kustomization))) {
            assertThat(path(container, "livenessProbe", "httpGet", "path")).as(name(container))
                    .isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).as(name(container))
                    .isEqualTo("/actuator/health/readiness");
            assertThat(path(container, "startupProbe", "httpGet", "path")).as(name(container))
                    .isEqualTo("/actuator/health/liveness");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "kubernetes-first-install"})
    void every_container_requests_and_limits_cpu_and_memory(String kustomization) {
        for (Map<String, Object> container : containers(render(kustomization))) {
            for (String kind : List.of("requests", "limits")) {
                assertThat(path(container, "resources", kind, "cpu")).as(name(container) + " " + kind).isNotNull();
                assertThat(path(container, "resources", kind, "memory")).as(name(container) + " " + kind)
                        .isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "kubernetes-first-install"})
    @SuppressWarnings("unchecked")
    void every_pod_runs_as_a_non_root_user_on_a_read_only_root_without_privileges(String kustomization) {
        List<Map<String, Object>> documents = render(kustomization);
        for (Map<String, Object> pod : podSpecs(documents)) {
            assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat((Integer) path(pod, "securityContext", "runAsUser")).isPositive();
        }
        for (Map<String, Object> container : containers(documents)) {
            assertThat(path(container, "securityContext", "runAsNonRoot")).as(name(container)).isEqualTo(true);
            assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).as(name(container))
                    .isEqualTo(true);
            assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).as(name(container))
                    .isEqualTo(false);
            assertThat((List<Object>) path(container, "securityContext", "capabilities", "drop")).as(name(container))
                    .containsExactly("ALL");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "kubernetes-first-install"})
    void no_secret_value_is_written_in_the_manifests_only_references_to_secrets(String kustomization) {
        List<Map<String, Object>> documents = render(kustomization);
        assertThat(documents).noneMatch(document -> "Secret".equals(document.get("kind")));
        List<String> secretReferences = new ArrayList<>();
        for (Map<String, Object> container : containers(documents)) {
            for (Map<String, Object> variable : list(container.get("env"))) {
                String variableName = (String) variable.get("name");
                boolean sensitive = variableName.matches(".*(PASSWORD|SECRET|_DB_URL|REDIS_URL|CREDENTIAL).*");
                if (sensitive) {
                    assertThat(variable).as(variableName + " is set from a Secret").doesNotContainKey("value");
                    assertThat(path(variable, "valueFrom", "secretKeyRef", "name")).as(variableName).isNotNull();
                    secretReferences.add(variableName);
                }
            }
        }
        assertThat(secretReferences).contains("STOCKBRIDGE_DB_URL");
        for (Map<String, Object> document : documents) {
            if ("ConfigMap".equals(document.get("kind"))) {
                Map<String, Object> data = map(document.get("data"));
                assertThat(data.keySet()).noneMatch(key -> key.matches(".*(PASSWORD|SECRET|_DB_URL|REDIS_URL).*"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes"})
    void the_base_keeps_two_replicas_through_disruptions_and_scales_on_cpu(String kustomization) {
        List<Map<String, Object>> documents = render(kustomization);
        Map<String, Object> deployment = only(documents, "Deployment");
        Map<String, Object> budget = only(documents, "PodDisruptionBudget");
        Map<String, Object> autoscaler = only(documents, "HorizontalPodAutoscaler");
        only(documents, "Service");
        assertThat(path(budget, "spec", "selector", "matchLabels"))
                .isEqualTo(path(deployment, "spec", "selector", "matchLabels"));
        assertThat(path(budget, "spec", "minAvailable")).isEqualTo(1);
        assertThat(path(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo(path(deployment, "metadata", "name"));
        assertThat((Integer) path(autoscaler, "spec", "minReplicas")).isGreaterThanOrEqualTo(2);
        assertThat(path(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes-first-install"})
    void the_first_install_starts_one_replica_and_no_autoscaler(String kustomization) {
        List<Map<String, Object>> documents = render(kustomization);
        assertThat(path(only(documents, "Deployment"), "spec", "replicas")).isEqualTo(1);
        assertThat(documents).noneMatch(document -> "HorizontalPodAutoscaler".equals(document.get("kind")));
    }

    // --- rendering and walking the documents

    private static String kubectl() {
        return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "kubectl"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String kustomization) {
        try {
            Process process = new ProcessBuilder(kubectl(), "kustomize", DEPLOY.resolve(kustomization).toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize " + kustomization).isZero();
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(rendered)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            assertThat(documents).isNotEmpty();
            return documents;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Map<String, Object>> podSpecs(List<Map<String, Object>> documents) {
        List<Map<String, Object>> pods = new ArrayList<>();
        for (Map<String, Object> document : documents) {
            Object kind = document.get("kind");
            if (List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(kind)) {
                pods.add(map(path(document, "spec", "template", "spec")));
            } else if ("CronJob".equals(kind)) {
                pods.add(map(path(document, "spec", "jobTemplate", "spec", "template", "spec")));
            }
        }
        assertThat(pods).as("workloads").isNotEmpty();
        return pods;
    }

    private static List<Map<String, Object>> containers(List<Map<String, Object>> documents) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> pod : podSpecs(documents)) {
            containers.addAll(list(pod.get("containers")));
            containers.addAll(list(pod.get("initContainers")));
        }
        return containers;
    }

    private static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
        List<Map<String, Object>> found = documents.stream().filter(document -> kind.equals(document.get("kind")))
                .toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static String name(Map<String, Object> container) {
        return "container " + container.get("name");
    }

    static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
