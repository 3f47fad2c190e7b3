package dev.recs.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * Copies of config records with some components changed, so that a {@code with*} method names
 * only what it changes instead of repeating every component (and missing the next one added).
 * The canonical constructor runs, so a copy is checked like a record built from the config.
 */
final class Records {
  private Records() {}

  /** {@code record} with the components named in {@code changes} replaced. */
  static <R extends Record> R copy(R record, Map<String, Object> changes) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    int changed = 0;
    try {
      for (int i = 0; i < components.length; i++) {
        String name = components[i].getName();
        if (changes.containsKey(name)) {
          values[i] = changes.get(name);
          changed++;
        } else {
          values[i] = components[i].getAccessor().invoke(record);
        }
      }
      if (changed != changes.size()) {
        throw new IllegalArgumentException(
            record.getClass().getSimpleName() + " has no component among " + changes.keySet());
      }
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      @SuppressWarnings("unchecked")
      Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot copy " + record.getClass().getSimpleName(), e);
    }
  }
}
