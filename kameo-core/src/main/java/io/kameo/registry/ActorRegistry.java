package io.kameo.registry;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.internal.ActorInternals;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actors of this process by name: register an actor under a name, look it up by name with its type
 * checked. A name belongs to one actor at a time; its entry disappears when the actor stops for
 * good, and the name is free again.
 *
 * <pre>{@code
 * ActorRegistry.global().register(counter, "counter");
 * Optional<ActorRef<Counter>> found = ActorRegistry.global().lookup("counter", Counter.class);
 * }</pre>
 *
 * <h2>Scope</h2>
 *
 * {@link #global()} is the process-wide registry (Kameo's {@code ACTOR_REGISTRY}); {@link
 * #create()} makes an independent one, for a subsystem or a test that must not see or clash with
 * other names. The calls read like those of {@code io.kameo.remote.ActorSwarm}, the registry across
 * nodes: {@code register(actor, name)}, {@code unregister(name)}, {@code lookup(name, class)}.
 *
 * <h2>Stops</h2>
 *
 * An entry is removed when its actor has stopped for good, before {@link ActorRef#waitForShutdown}
 * returns: a lookup that starts after that returns no reference to the stopped actor, and the name
 * can be registered again. An actor that is only stopping (draining its mailbox, running {@code
 * onStop}) still holds its name. A supervised actor that restarts keeps its reference and so its
 * entry; only its final stop removes it.
 *
 * <p>Thread-safe. Memory consistency effects: actions in a thread before it registers an actor
 * happen-before a lookup in another thread returns that actor.
 */
public final class ActorRegistry {
  /*
   * One ConcurrentHashMap from name to entry. An entry is also its own stop hook on the actor's
   * runtime: at the actor's final stop it removes itself, by identity (remove(name, this)), so it
   * never removes a newer entry under the same name.
   *
   * register() does its checks and installs the hook inside compute(), under the map's lock for
   * that name, so two registrations of one name are ordered and exactly one wins. The hook is
   * installed before the entry is visible; if the actor's final stop has begun, installing fails
   * and nothing is stored. If the stop begins after, its hook removes the entry (waiting for the
   * name's lock if compute() still holds it). A lookup also checks the holder: between the start of
   * the final stop and the hook's removal, it already answers empty, so a lookup never returns an
   * actor whose stop finished before the lookup began.
   */
  private static final ActorRegistry GLOBAL = new ActorRegistry();

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private ActorRegistry() {}

  /** Returns the process-wide registry. */
  public static ActorRegistry global() {
    return GLOBAL;
  }

  /** Returns a new, empty registry, independent of {@link #global()} and of every other. */
  public static ActorRegistry create() {
    return new ActorRegistry();
  }

  /**
   * Registers {@code actor} under {@code name}, exclusively, until it is unregistered or the actor
   * stops for good. One actor may hold several names.
   *
   * @throws NameTakenException if a live actor holds the name (this one included); the holder keeps
   *     it
   * @throws IllegalStateException if {@code actor} has stopped
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public <A extends Actor<A>> void register(ActorRef<A> actor, String name) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an actor name must not be empty");
    }
    Entry fresh = new Entry(name, actor);
    entries.compute(
        name,
        (n, held) -> {
          if (held != null && !ActorInternals.hasStopped(held.actor)) {
            throw new NameTakenException(
                name, held.actor.id(), "\"" + name + "\" is registered to " + held.actor);
          }
          if (!ActorInternals.addStopHook(actor, fresh)) {
            throw new IllegalStateException(
                actor + " has stopped; it cannot be registered as \"" + name + "\"");
          }
          return fresh;
        });
  }

  /**
   * Removes the registration under {@code name}; the actor keeps running. Returns whether a live
   * actor held the name.
   */
  public boolean unregister(String name) {
    Objects.requireNonNull(name, "name");
    Entry removed = entries.remove(name);
    if (removed == null) {
      return false;
    }
    ActorInternals.removeStopHook(removed.actor, removed);
    return !ActorInternals.hasStopped(removed.actor);
  }

  /**
   * Finds the actor registered under {@code name}; empty if none is, or if it has stopped for good.
   *
   * @throws ClassCastException if the actor under {@code name} is not an {@code actorClass} (the
   *     message names both classes)
   */
  public <A extends Actor<A>> Optional<ActorRef<A>> lookup(String name, Class<A> actorClass) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(actorClass, "actorClass");
    Entry entry = entries.get(name);
    if (entry == null || ActorInternals.hasStopped(entry.actor)) {
      return Optional.empty();
    }
    Class<?> held = entry.actor.actorClass();
    if (!actorClass.isAssignableFrom(held)) {
      throw new ClassCastException(
          "\""
              + name
              + "\" is registered to "
              + entry.actor
              + ", a "
              + held.getName()
              + ", not a "
              + actorClass.getName());
    }
    @SuppressWarnings("unchecked") // the actor's class was checked just above
    ActorRef<A> ref = (ActorRef<A>) entry.actor;
    return Optional.of(ref);
  }

  /** Returns how many entries the registry holds now; for tests of its cleanup. */
  int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return this == GLOBAL ? "ActorRegistry.global()" : "ActorRegistry@" + hashCode();
  }

  /** One registration; also the hook that removes it at the actor's final stop. */
  private final class Entry implements Runnable {
    final String name;
    final ActorRef<?> actor;

    Entry(String name, ActorRef<?> actor) {
      this.name = name;
      this.actor = actor;
    }

    @Override
    public void run() {
      entries.remove(name, this);
    }
  }
}
