package io.kameo.spi;

import io.kameo.Actor;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * INTERNAL API: where generated {@link HandlerTable}s register and where the runtime finds them.
 *
 * <p>The table for actor class {@code p.Outer.Counter} is the generated class {@code
 * p.Kameo_Outer_Counter}. Looking it up loads and initializes that class once per actor class (at
 * spawn time, never per message); its static initializer calls {@link #register}.
 */
public final class HandlerTables {
  private static final ConcurrentHashMap<Class<?>, HandlerTable<?>> REGISTERED =
      new ConcurrentHashMap<>();

  private static final ClassValue<HandlerTable<?>> TABLES =
      new ClassValue<>() {
        @Override
        protected HandlerTable<?> computeValue(Class<?> type) {
          return find(type);
        }
      };

  private HandlerTables() {}

  /** Registers the generated {@code table} of {@code actorClass}; called by generated code. */
  public static <A extends Actor<A>> void register(Class<A> actorClass, HandlerTable<A> table) {
    Objects.requireNonNull(actorClass, "actorClass");
    Objects.requireNonNull(table, "table");
    REGISTERED.putIfAbsent(actorClass, table);
  }

  /**
   * Returns the handler table of {@code actorClass}, or of its nearest superclass that has one.
   *
   * @throws IllegalStateException if no generated table exists: the processor did not run
   */
  @SuppressWarnings("unchecked")
  public static <A extends Actor<A>> HandlerTable<A> of(Class<? extends A> actorClass) {
    return (HandlerTable<A>) TABLES.get(actorClass);
  }

  /** Returns the name of the generated table class for {@code actorClass}. */
  public static String tableClassName(Class<?> actorClass) {
    String pkg = actorClass.getPackageName();
    String simple = actorClass.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1);
    return (pkg.isEmpty() ? "" : pkg + ".") + "Kameo_" + simple.replace('$', '_');
  }

  /**
   * Loads and initializes the generated class of {@code actorClass} (not of its superclasses), so
   * that its static initializer has registered the class's handler table and remote messages;
   * returns false if there is none. Cheap once the class is initialized.
   *
   * @throws ExceptionInInitializerError if a registration failed in the static initializer
   */
  static boolean loadGenerated(Class<?> actorClass) {
    if (actorClass.isAnonymousClass() || actorClass.isHidden()) {
      return false; // never has a generated class
    }
    try {
      Class.forName(tableClassName(actorClass), true, actorClass.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static HandlerTable<?> find(Class<?> actorClass) {
    for (Class<?> c = actorClass; c != null && c != Object.class; c = c.getSuperclass()) {
      HandlerTable<?> table = REGISTERED.get(c);
      if (table == null && loadGenerated(c)) {
        table = REGISTERED.get(c);
      }
      if (table != null) {
        return table;
      }
    }
    throw new IllegalStateException(
        "no generated handler table for actor class "
            + actorClass.getName()
            + " (expected class "
            + tableClassName(actorClass)
            + "): put io.kameo:kameo-annotations on the annotation processor path");
  }
}
