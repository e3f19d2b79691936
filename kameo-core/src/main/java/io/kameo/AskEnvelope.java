package io.kameo;

import java.util.concurrent.CompletableFuture;

/**
 * An ask in a mailbox: the message and the future its asker waits on, in one object.
 *
 * <p>User messages are never of this class, so the runner tells asks from tells with one {@code
 * instanceof}; a tell is queued as the bare message.
 */
final class AskEnvelope extends CompletableFuture<Object> {
  final Object message;

  AskEnvelope(Object message) {
    this.message = message;
  }
}
