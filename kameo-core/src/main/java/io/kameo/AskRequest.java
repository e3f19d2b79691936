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
  private final ActorCell<A> cell;
  private final Message<? super A, R> message;
  private long mailboxTimeoutNanos;
  private long replyTimeoutNanos;

  AskRequest(ActorCell<A> cell, Message<? super A, R> message) {
    this.cell = cell;
    this.message = message;
    this.mailboxTimeoutNanos = cell.mailboxTimeoutNanos;
    this.replyTimeoutNanos = cell.replyTimeoutNanos;
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
    return cell.ask(message, mailboxTimeoutNanos, replyTimeoutNanos);
  }

  /** Sends the message and returns a future of the reply, as {@link ActorRef#askAsync} does. */
  public CompletableFuture<R> sendAsync() {
    return cell.askAsync(message, mailboxTimeoutNanos, replyTimeoutNanos, false);
  }

  /** Sends the message only if the mailbox has room now, as {@link ActorRef#tryAsk} does. */
  public CompletableFuture<R> trySend() {
    return cell.askAsync(message, 0, replyTimeoutNanos, true);
  }
}
