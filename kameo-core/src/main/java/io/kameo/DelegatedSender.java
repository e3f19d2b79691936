package io.kameo;

import java.lang.ref.Cleaner;

/**
 * The {@link ReplySender} of a delegated ask. If it becomes unreachable before it answered, a
 * {@link Cleaner} fails the ask, so the asker never waits forever (Rust's drop, done with the GC).
 */
final class DelegatedSender implements ReplySender<Object> {
  private static final Cleaner CLEANER = Cleaner.create();

  private final ActorId id;
  private final AskEnvelope envelope;

  private DelegatedSender(ActorId id, AskEnvelope envelope) {
    this.id = id;
    this.envelope = envelope;
  }

  static DelegatedSender of(ActorId id, AskEnvelope envelope) {
    DelegatedSender sender = new DelegatedSender(id, envelope);
    CLEANER.register(sender, new Dropped(id, envelope));
    return sender;
  }

  @Override
  public boolean send(Object reply) {
    return envelope.complete(reply);
  }

  @Override
  public boolean fail(Throwable error) {
    return envelope.completeExceptionally(new SendException.HandlerFailed(id, error));
  }

  /** The clean-up action: it must not refer to the sender itself. */
  private record Dropped(ActorId id, AskEnvelope envelope) implements Runnable {
    @Override
    public void run() {
      if (!envelope.isDone()) {
        envelope.completeExceptionally(
            new SendException.HandlerFailed(
                id, new IllegalStateException("the reply sender was dropped without replying")));
      }
    }
  }
}
