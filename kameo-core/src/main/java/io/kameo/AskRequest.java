package io.kameo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An ask whose mailbox and reply timeouts can be set before it is sent. Get one from {@link
 * ActorRef#request}; it sends nothing until {@link #send}, {@link #sendAsync} or {@link #trySend}.
 *
 * <pre>{@code
 * long n = counter.request(new Inc(1)).replyTimeout(Duration.ofSeconds(1)).send();
 * }</pre>
 *
 * @param <A> the actor's class
 * @param <R> the reply type
 */
public final class AskRequest<A extends Actor<A>, R> {
  private final ActorRef<A> ref;
  private final Message<? super A, R> message;
  private long mailboxTimeoutNanos = Long.MAX_VALUE;
  private long replyTimeoutNanos = Long.MAX_VALUE;

  AskRequest(ActorRef<A> ref, Message<? super A, R> message) {
    this.ref = ref;
    this.message = message;
    ActorCell<A> cell = ref.cell();
    if (cell != null) {
      this.mailboxTimeoutNanos = cell.mailboxTimeoutNanos;
      this.replyTimeoutNanos = cell.replyTimeoutNanos;
    }
  }

  /** Sets how long to wait for room in a full bounded mailbox. */
  public AskRequest<A, R> mailboxTimeout(Duration timeout) {
    this.mailboxTimeoutNanos = ActorCell.nanos(timeout, "mailboxTimeout");
    return this;
  }

  /** Sets how long to wait for the reply once the message is queued. */
  public AskRequest<A, R> replyTimeout(Duration timeout) {
    this.replyTimeoutNanos = ActorCell.nanos(timeout, "replyTimeout");
    return this;
  }

  /** Sends the message and waits for the reply; throws as {@link ActorRef#ask} does. */
  public R send() {
    return ref.liveForAsk(message).ask(message, mailboxTimeoutNanos, replyTimeoutNanos);
  }

  /** Sends the message and returns a future of the reply, as {@link ActorRef#askAsync} does. */
  public CompletableFuture<R> sendAsync() {
    ActorCell<A> cell = ref.cell();
    return cell == null
        ? CompletableFuture.failedFuture(ref.refusedAsk(message))
        : cell.askAsync(message, mailboxTimeoutNanos, replyTimeoutNanos, false);
  }

  /** Sends the message only if the mailbox has room now, as {@link ActorRef#tryAsk} does. */
  public CompletableFuture<R> trySend() {
    ActorCell<A> cell = ref.cell();
    return cell == null
        ? CompletableFuture.failedFuture(ref.refusedAsk(message))
        : cell.askAsync(message, 0, replyTimeoutNanos, true);
  }
}
