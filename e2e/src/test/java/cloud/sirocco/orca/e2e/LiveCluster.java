package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real local cluster started by {@code e2e/cluster.sh up}, as a test sees it: a client, the real kubectl, a
 * fresh namespace per test class, and the operator's process controls.
 */
final class LiveCluster implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("orca.root", "..")).toAbsolutePath().normalize();

  /** The kubectl a user would run: {@code $ORCA_KUBECTL} (e2e/build-kube.sh's) when set, else the one on PATH. */
  static final String KUBECTL = System.getenv().getOrDefault("ORCA_KUBECTL", "kubectl");

  final KubernetesClient client = new KubernetesClientBuilder().build();
  final String namespace;

  LiveCluster(String namespace) {
    this.namespace = namespace;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    await("the default service account in " + namespace, Duration.ofSeconds(60),
        () -> client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
  }

  /** {@code kubectl} as a user runs it, in this test's namespace. */
  Result kubectl(String... args) {
    List<String> namespaced = new ArrayList<>();
    namespaced.add("--namespace=" + namespace);
    namespaced.addAll(List.of(args));
    return kubectlAnyNamespace(namespaced.toArray(String[]::new));
  }

  /** {@code kubectl} without a namespace of its own, for manifests whose objects are in several. */
  static Result kubectlAnyNamespace(String... args) {
    List<String> command = new ArrayList<>();
    command.add(KUBECTL);
    command.addAll(List.of(args));
    return run(command);
  }

  /** {@code kubectl apply -f} of a file that must be accepted whole: the test fails with kubectl's answer if not. */
  void apply(Path file) {
    Result applied = kubectl("apply", "-f", file.toString());
    assertEquals(0, applied.exitCode(), applied.toString());
  }

  /** {@link #apply(Path)} of a manifest given as text, e.g. one a test composes or an example it adapts. */
  void applyYaml(String yaml) {
    apply(temporaryFile(yaml));
  }

  /** The text in a temporary file, deleted when the tests end: for kubectl's {@code -f}. */
  static Path temporaryFile(String content) {
    try {
      Path file = Files.createTempFile("orca-e2e", ".yaml");
      Files.writeString(file, content);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code e2e/install-orca.sh} with a subcommand, e.g. {@code restart-operator}. */
  Result orca(String subcommand) {
    return orca(subcommand, Map.of());
  }

  /** Runs {@code e2e/install-orca.sh} once per subcommand, in order; the test fails with the first one that fails. */
  void orcaSteps(String... subcommands) {
    for (String subcommand : subcommands) {
      Result done = orca(subcommand);
      assertEquals(0, done.exitCode(), "install-orca.sh " + subcommand + ": " + done);
    }
  }

  /** The same with more environment, e.g. {@code ORCA_PROCESS_KUBECONFIG} for the identity of what it starts. */
  Result orca(String subcommand, Map<String, String> environment) {
    return run(List.of(ROOT.resolve("e2e/install-orca.sh").toString(), subcommand), environment);
  }

  /**
   * Orca, however installed, answers in this namespace: a Task with many problems refused with the webhook's
   * message, and the seed workflow (examples/hello-workflow.yaml) run to task2's success.
   */
  void refusesABadTaskAndRunsTheSeedWorkflow() {
    Result refused = kubectl("apply", "-f", manifest("many-problems.yaml").toString());
    assertNotEquals(0, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("spec.steps: cannot be used together with spec.template"), refused.toString());

    apply(example("hello-workflow.yaml"));
    awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
    await("task2 to record its success", Duration.ofSeconds(30),
        () -> "Succeeded".equals(task("task2").getStatus().getState()));
  }

  Path example(String name) {
    return ROOT.resolve("examples").resolve(name);
  }

  Path manifest(String name) {
    return ROOT.resolve("e2e/manifests").resolve(name);
  }

  Task task(String name) {
    return client.resources(Task.class).inNamespace(namespace).withName(name).get();
  }

  /** The Task's condition of that type, once its status has one. */
  Optional<Condition> condition(String task, String type) {
    Task stored = task(task);
    return stored == null || stored.getStatus() == null ? Optional.empty()
        : stored.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  Ignitor ignitor(String name) {
    return client.resources(Ignitor.class).inNamespace(namespace).withName(name).get();
  }

  List<Pod> runs(String task) {
    return client.pods().inNamespace(namespace).withLabel(RunNames.TASK_LABEL, task).list().getItems();
  }

  /** The task's runs once {@code count} of them have finished (phase Succeeded or Failed). */
  List<Pod> awaitFinishedRuns(String task, int count, Duration timeout) {
    await(count + " finished run(s) of Task " + task, timeout, () -> finished(runs(task)).size() >= count);
    return finished(runs(task));
  }

  static List<Pod> finished(List<Pod> pods) {
    return pods.stream().filter(p -> p.getStatus() != null
        && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()))).toList();
  }

  static String env(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> name.equals(e.getName()))
        .map(e -> e.getValue()).findFirst().orElse(null);
  }

  static String terminationMessage(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
  }

  /** Waits for a condition with a deadline; on timeout fails naming what was awaited. */
  static void await(String what, Duration timeout, Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Boolean.TRUE.equals(condition.get())) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
    fail("timed out after " + timeout.toSeconds() + "s waiting for " + what);
  }

  static Result run(List<String> command) {
    return run(command, Map.of());
  }

  static Result run(List<String> command, Map<String, String> environment) {
    try {
      Path out = Files.createTempFile("orca-e2e", ".out");
      Path err = Files.createTempFile("orca-e2e", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("timed out running " + command);
      }
      Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  @Override
  public void close() {
    client.namespaces().withName(namespace).delete();
    client.close();
  }

  /** What a command printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
