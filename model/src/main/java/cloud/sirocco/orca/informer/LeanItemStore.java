package cloud.sirocco.orca.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that drops {@code metadata.managedFields} before holding an object. Orca never reads them, and
 * they are almost half of a cached Task (figures in docs/benchmarks.md).
 * Writes made from a cached copy are unaffected: an absent managedFields leaves the stored ones as they are.
 */
public final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  /**
   * The page size of the informers filling these stores: their first list comes in pages rather than as one
   * response held whole in memory with every object deserialised at once (the start-up peak of a large namespace).
   */
  public static final long LIST_PAGE = 500;

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return super.put(key, object);
  }
}
