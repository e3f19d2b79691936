package io.kameo.remote;

import io.kameo.Actor;
import java.util.Objects;

/**
 * A change to the set of actors registered under a name, as a {@linkplain ActorSwarm#watch watch}
 * reports it: an actor {@link Joined} or {@link Left}.
 *
 * @param <A> the watched actors' class
 */
public sealed interface NameEvent<A extends Actor<A>> {
  /** Returns the actor that joined or left. */
  RemoteActorRef<A> actor();

  /**
   * An actor is now registered under the name.
   *
   * @param actor the actor
   * @param <A> the actor's class
   */
  record Joined<A extends Actor<A>>(RemoteActorRef<A> actor) implements NameEvent<A> {
    /** Checks for null. */
    public Joined {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * An actor is no longer registered under the name: it was unregistered, it stopped, or its
   * registration expired (its node is gone or restarted).
   *
   * @param actor the actor
   * @param <A> the actor's class
   */
  record Left<A extends Actor<A>>(RemoteActorRef<A> actor) implements NameEvent<A> {
    /** Checks for null. */
    public Left {
      Objects.requireNonNull(actor, "actor");
    }
  }
}
