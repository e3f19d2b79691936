package io.kameo;

import java.util.concurrent.CompletableFuture;

/**
 * An ask in a mailbox: the message and the future the runtime completes with the reply, in one
 * object.
 *
 * <p>User messages are never of this class, so the runner tells asks from tells with one {@code
 * instanceof}; a tell is queued as the bare message. The envelope itself never reaches user code: a
 * blocking {@link ActorRef#ask} waits on it, and an asynchronous ask hands its caller a {@link
 * ReplyFuture} of its own ({@link #caller}), which the envelope's first completion forwards to.
 * Whoever completes the envelope (the actor, a reply sender, a timer, the stopping actor) goes
 * through {@link #complete} or {@link #completeExceptionally}, so the forward happens exactly once.
 */
final class AskEnvelope extends CompletableFuture<Object> {
  final Object message;

  /** The caller's own future of an asynchronous ask; null for a blocking ask. */
  private final ReplyFuture<Object> caller;

  /** The actor whose reply sender holds this ask, if it was delegated; see ActorCell.track. */
  volatile ActorCell<?> delegatedBy;

  AskEnvelope(Object message, ReplyFuture<Object> caller) {
    this.message = message;
    this.caller = caller;
  }

  @Override
  public boolean complete(Object reply) {
    if (!super.complete(reply)) {
      return false;
    }
    completed(reply, null);
    return true;
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    if (!super.completeExceptionally(error)) {
      return false;
    }
    completed(null, error);
    return true;
  }

  private void completed(Object reply, Throwable error) {
    ActorCell<?> delegator = delegatedBy;
    if (delegator != null) {
      delegator.untrack(this);
    }
    if (caller != null) {
      caller.deliver(reply, error);
    }
  }
}
