package io.kameo;

import java.util.Optional;

/**
 * What a handler returns when it does not reply itself: the reply will come from its {@link
 * ReplySender}, from another thread or another actor.
 *
 * <pre>{@code
 * @Handler
 * DelegatedReply<Page> fetch(Fetch msg, Context<Crawler, Page> ctx) {
 *   DelegatedReply<Page> reply = ctx.delegate();
 *   reply.sender().ifPresent(sender -> http.get(msg.url()).thenAccept(sender::send));
 *   return reply;
 * }
 * }</pre>
 *
 * @param <R> the reply type
 */
public final class DelegatedReply<R> {
  private final ReplySender<R> sender;

  DelegatedReply(ReplySender<R> sender) {
    this.sender = sender;
  }

  /** Returns the sender of the reply; empty when the message was a tell and nobody waits. */
  public Optional<ReplySender<R>> sender() {
    return Optional.ofNullable(sender);
  }
}
