package io.kameo;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link Recipient} and {@link ReplyRecipient} backed by a local actor. {@link ActorRef} checks
 * at compile time that the actor accepts {@code M} (replying {@code R}) before it hands one out.
 */
final class ActorRecipient<A extends Actor<A>, M, R> implements ReplyRecipient<M, R> {
  private final ActorRef<A> ref;

  ActorRecipient(ActorRef<A> ref) {
    this.ref = ref;
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
    ref.cell.tell(message, ref.cell.mailboxTimeoutNanos);
  }

  @Override
  public boolean tryTell(M message) {
    return ref.cell.tryTell(message);
  }

  @Override
  public R ask(M message) {
    return ref.cell.ask(message, ref.cell.mailboxTimeoutNanos, ref.cell.replyTimeoutNanos);
  }

  @Override
  public CompletableFuture<R> askAsync(M message) {
    return ref.cell.askAsync(
        message, ref.cell.mailboxTimeoutNanos, ref.cell.replyTimeoutNanos, false);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorRecipient<?, ?, ?> other && other.ref.equals(ref);
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
