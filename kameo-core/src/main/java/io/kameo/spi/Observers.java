package io.kameo.spi;

import java.util.Objects;

/**
 * INTERNAL API: the process-wide {@link ActorObserver}, which monitoring modules install and the
 * runtime consults. Applications use such a module, not this class.
 *
 * <p>An actor looks the observer up once, when it is spawned, and reports to the probe it got until
 * it stops: actors spawned before {@link #install} are not observed, and actors spawned while an
 * observer was installed keep reporting to its probes after {@link #uninstall}. With no observer
 * installed the runtime does no per-message work for it and allocates nothing.
 *
 * <p>Memory consistency effects: actions before {@link #install} happen-before the observer's
 * methods are called for actors spawned after it returned.
 */
public final class Observers {
  private static volatile ActorObserver installed;

  private Observers() {}

  /**
   * Installs {@code observer} for the actors spawned from now on.
   *
   * @throws IllegalStateException if an observer is installed already (uninstall it first)
   */
  public static synchronized void install(ActorObserver observer) {
    Objects.requireNonNull(observer, "observer");
    if (installed != null) {
      throw new IllegalStateException("an actor observer is installed already: " + installed);
    }
    installed = observer;
  }

  /** Removes {@code observer} if it is the installed one; returns whether it was. */
  public static synchronized boolean uninstall(ActorObserver observer) {
    Objects.requireNonNull(observer, "observer");
    if (installed != observer) {
      return false;
    }
    installed = null;
    return true;
  }

  /** Returns the installed observer, or null if none is. */
  public static ActorObserver installed() {
    return installed;
  }
}
