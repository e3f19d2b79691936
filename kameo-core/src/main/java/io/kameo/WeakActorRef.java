package io.kameo;

import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * A reference to an actor that does not keep it reachable: once the actor has stopped and no {@link
 * ActorRef} remains, its state can be collected. Get one from {@link ActorRef#downgrade()}.
 *
 * @param <A> the actor's class
 */
public final class WeakActorRef<A extends Actor<A>> {
  private final ActorId id;
  private final WeakReference<ActorRef<A>> ref;

  WeakActorRef(ActorRef<A> ref) {
    this.id = ref.id();
    this.ref = new WeakReference<>(ref);
  }

  /** Returns the actor's id. */
  public ActorId id() {
    return id;
  }

  /** Returns a strong reference if the actor is still alive. */
  public Optional<ActorRef<A>> upgrade() {
    ActorRef<A> strong = ref.get();
    return strong != null && strong.isAlive() ? Optional.of(strong) : Optional.empty();
  }

  /** Returns whether the actor is still alive. */
  public boolean isAlive() {
    ActorRef<A> strong = ref.get();
    return strong != null && strong.isAlive();
  }

  @Override
  public String toString() {
    return "WeakActorRef[#" + id + "]";
  }
}
