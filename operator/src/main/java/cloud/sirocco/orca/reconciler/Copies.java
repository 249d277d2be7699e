package cloud.sirocco.orca.reconciler;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/**
 * Resources and statuses copied and compared by their JSON form, as the API server stores them. A pass works on a
 * deep copy: the objects it reads belong to the informer cache, which other passes read at the same time.
 */
final class Copies {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Copies() {}

  static <T> T deepCopy(T object) {
    return JSON.clone(object);
  }

  /** Whether both would be written as the same JSON: a status that compares so needs no write. */
  static boolean sameContent(Object a, Object b) {
    return Objects.equals(JSON.asJson(a), JSON.asJson(b));
  }
}
