package cloud.sirocco.orca.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesClusterTest {

  private static final String SECRET_PATH = "/api/v1/namespaces/team-a/secrets/alert-endpoint";

  private MockApiServer api;
  private KubernetesCluster cluster;

  @BeforeEach
  void start() {
    api = MockApiServer.start();
    cluster = new KubernetesCluster(api.client(), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    cluster.close();
    api.close();
  }

  @Test
  void annotatingARunPodKeepsItsFinalizers() {
    Pod run = api.client().resource(runPod()).create();

    cluster.annotate(run, Map.of(RunNames.REPLACED_BY_ANNOTATION, "task2-y"));

    Pod stored = api.client().resource(run).get();
    assertEquals("task2-y", RunNames.annotation(stored, RunNames.REPLACED_BY_ANNOTATION));
    assertEquals(List.of(RunNames.FINALIZER, "example.com/keep"), stored.getMetadata().getFinalizers());
  }

  @Test
  void releasingARunPodWritesItsAnnotationsAndRemovesOnlyOrcasFinalizer() {
    Pod run = api.client().resource(runPod()).create();

    cluster.annotateAndRelease(run, Map.of(RunNames.HANDLED_ANNOTATION, "true"));

    Pod stored = api.client().resource(run).get();
    assertEquals("true", RunNames.annotation(stored, RunNames.HANDLED_ANNOTATION));
    assertEquals(List.of("example.com/keep"), stored.getMetadata().getFinalizers());
  }

  @Test
  void aSecretOrcaMayNotReadIsUnavailableWithTheGrantItNeeds() {
    answerSecretWith(403);

    IllegalStateException unavailable = assertThrows(IllegalStateException.class,
        () -> cluster.secretData("team-a", "alert-endpoint"));

    assertEquals("Orca may not read Secret \"alert-endpoint\" in namespace \"team-a\" (forbidden): grant its service "
        + "account get on secrets", unavailable.getMessage());
  }

  @Test
  void aServerErrorReadingASecretReachesTheCallerWithItsCode() {
    answerSecretWith(500);

    KubernetesClientException failed = assertThrows(KubernetesClientException.class,
        () -> cluster.secretData("team-a", "alert-endpoint"));

    assertEquals(500, failed.getCode());
  }

  @Test
  void aPodRefusedByAQuotaIsRejectedForGoodWithTheApiServersMessage() {
    String quota = "pods \"task2-x\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, "
        + "limited: pods=1";
    answerPodCreateWith(403, quota);

    PodRejectedException rejected = assertThrows(PodRejectedException.class, () -> cluster.create(pod()));

    assertEquals("task2-x", rejected.pod());
    assertEquals(quota, rejected.getMessage());
  }

  @Test
  void anInvalidPodSpecIsRejectedForGood() {
    answerPodCreateWith(422, "Pod \"task2-x\" is invalid: spec.containers[0].image: Required value");

    assertThrows(PodRejectedException.class, () -> cluster.create(pod()));
  }

  @Test
  void anOverloadedOrFailingApiServerIsLeftToTheRetryOfThePass() {
    for (int code : new int[] {429, 500, 503}) {
      api.server().reset();
      answerPodCreateWith(code, "try again");

      KubernetesClientException failed = assertThrows(KubernetesClientException.class, () -> cluster.create(pod()));

      assertEquals(code, failed.getCode());
      assertEquals(KubernetesClientException.class, failed.getClass());
    }
  }

  @Test
  void aPodOrcaMayNotCreateIsLeftToTheRetryOfThePassNotTheRunsFailure() {
    answerPodCreateWith(403, "pods is forbidden: User \"system:serviceaccount:orca-system:orca-operator\" cannot "
        + "create resource \"pods\" in API group \"\" in the namespace \"team-a\"");

    KubernetesClientException failed = assertThrows(KubernetesClientException.class, () -> cluster.create(pod()));

    assertEquals(KubernetesClientException.class, failed.getClass());
  }

  private static Pod pod() {
    return new PodBuilder().withNewMetadata().withName("task2-x").withNamespace("team-a").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1.36").endContainer().endSpec().build();
  }

  private static Pod runPod() {
    Pod pod = pod();
    pod.getMetadata().setFinalizers(List.of(RunNames.FINALIZER, "example.com/keep"));
    return pod;
  }

  private void answerPodCreateWith(int code, String message) {
    api.server().expect().post().withPath("/api/v1/namespaces/team-a/pods")
        .andReturn(code, new StatusBuilder().withCode(code).withMessage(message).build()).always();
  }

  private void answerSecretWith(int code) {
    api.server().expect().get().withPath(SECRET_PATH)
        .andReturn(code, new StatusBuilder().withCode(code).withMessage("refused by the test").build()).always();
  }
}
