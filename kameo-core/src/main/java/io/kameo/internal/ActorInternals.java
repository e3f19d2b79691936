package io.kameo.internal;

import java.util.Objects;

/**
 * INTERNAL API: what the timer, stream and registry packages of this module need from an actor's
 * runtime that {@link io.kameo.ActorRef} does not offer in public. Not exported.
 *
 * <p>Every {@code ref} is an {@link io.kameo.ActorRef}, typed {@code Object} so that this package
 * depends on no other package of the module: {@code io.kameo} depends on it (and installs the
 * access), the timer, stream and registry packages on both, and the package graph has no cycle.
 *
 * <p>A stop hook runs once, on the actor's own thread, when the actor has stopped for good: after
 * {@code onStop}, its dead letters and its link signals, and before its reference lets go of the
 * runtime ({@code waitForShutdown} returns and {@code shutdown()} completes only after every hook
 * returned). A restart by a supervisor is not a stop. Memory consistency effects: a hook's actions
 * happen-before {@code waitForShutdown} returns in any thread.
 */
public final class ActorInternals {
  /** What {@code io.kameo} installs: access to the runtime behind a reference. */
  public interface Access {
    /** See {@link ActorInternals#addStopHook}. */
    boolean addStopHook(Object ref, Runnable hook);

    /** See {@link ActorInternals#removeStopHook}. */
    void removeStopHook(Object ref, Runnable hook);

    /** See {@link ActorInternals#hasStopped}. */
    boolean hasStopped(Object ref);

    /** See {@link ActorInternals#mailboxCapacity}. */
    int mailboxCapacity(Object ref);

    /** See {@link ActorInternals#checkHandled}. */
    void checkHandled(Object ref, Object message);
  }

  private static volatile Access access;

  private ActorInternals() {}

  /**
   * Installs the access; {@code io.kameo} calls it once, while {@link io.kameo.ActorRef}
   * initializes.
   *
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Access a) {
    Objects.requireNonNull(a, "access");
    if (access != null) {
      throw new IllegalStateException("actor internals are installed already");
    }
    access = a;
  }

  /**
   * Adds {@code hook}, to run once when the actor behind {@code ref} has stopped for good; returns
   * false, without adding it, if the actor already has (its hooks have run or are running). A hook
   * must be quick, must not block and must not throw (what it throws is logged).
   */
  public static boolean addStopHook(Object ref, Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    // `ref` exists, so ActorRef is initialized and its static initializer installed the access
    return access.addStopHook(ref, hook);
  }

  /** Removes {@code hook} (compared by identity) if it has not run; the actor forgets it. */
  public static void removeStopHook(Object ref, Runnable hook) {
    access.removeStopHook(ref, hook);
  }

  /**
   * Returns whether the actor behind {@code ref} has stopped for good: its stop hooks have run or
   * are running. A supervised actor between two restarts has not.
   */
  public static boolean hasStopped(Object ref) {
    return access.hasStopped(ref);
  }

  /**
   * Returns the capacity of the actor's bounded mailbox, 0 if it is unbounded, -1 if the actor has
   * stopped.
   */
  public static int mailboxCapacity(Object ref) {
    return access.mailboxCapacity(ref);
  }

  /**
   * Checks that the actor behind {@code ref} has a handler for {@code message}'s class.
   *
   * @throws IllegalArgumentException if it has none
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public static void checkHandled(Object ref, Object message) {
    Objects.requireNonNull(message, "message");
    access.checkHandled(ref, message);
  }
}
