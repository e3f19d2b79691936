package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.Message;
import io.kameo.ReplyRecipient;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link io.kameo.Recipient} and {@link ReplyRecipient} backed by a remote actor. {@link
 * RemoteActorRef} checks at compile time that the actor accepts {@code M} (replying {@code R})
 * before it hands one out; the casts below only restate that.
 */
final class RemoteRecipient<A extends Actor<A>, M, R> implements ReplyRecipient<M, R> {
  private final RemoteActorRef<A> ref;

  RemoteRecipient(RemoteActorRef<A> ref) {
    this.ref = ref;
  }

  @SuppressWarnings("unchecked")
  private Message<? super A, R> message(M message) {
    return (Message<? super A, R>) message;
  }

  @Override
  public ActorId id() {
    return ref.id();
  }

  @Override
  public boolean isAlive() {
    return ref.isAlive();
  }

  @Override
  public void tell(M message) {
    ref.tell(message(message));
  }

  @Override
  public boolean tryTell(M message) {
    return ref.tryTell(message(message));
  }

  @Override
  public R ask(M message) {
    return ref.ask(message(message));
  }

  @Override
  public CompletableFuture<R> askAsync(M message) {
    return ref.askAsync(message(message));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteRecipient<?, ?, ?> other && other.ref.equals(ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return "Recipient[" + ref + "]";
  }
}
