package io.kameo;

import java.util.concurrent.CompletableFuture;

/**
 * Something that answers asks of one message type, whatever actor class is behind it.
 *
 * @param <M> the message type
 * @param <R> the reply type
 */
public interface ReplyRecipient<M, R> extends Recipient<M> {
  /** Sends {@code message} and waits for the reply, as {@link ActorRef#ask} does. */
  R ask(M message);

  /** Sends {@code message} and returns a future of the reply, as {@link ActorRef#askAsync} does. */
  CompletableFuture<R> askAsync(M message);
}
