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
    ActorCell<A> c = ref.live(message);
    c.tell(message, c.mailboxTimeoutNanos);
  }

  @Override
  public boolean tryTell(M message) {
    return ref.live(message).tryTell(message);
  }

  @Override
  public R ask(M message) {
    ActorCell<A> c = ref.liveForAsk(message);
    return c.ask(message, c.mailboxTimeoutNanos, c.replyTimeoutNanos);
  }

  @Override
  public CompletableFuture<R> askAsync(M message) {
    ActorCell<A> c = ref.cell();
    return c == null
        ? CompletableFuture.failedFuture(ref.refusedAsk(message))
        : c.askAsync(message, c.mailboxTimeoutNanos, c.replyTimeoutNanos, false);
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
