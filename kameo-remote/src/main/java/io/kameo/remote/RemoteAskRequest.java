package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.AskRequest;
import io.kameo.Message;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.remote.error.RemoteSendException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An ask to a remote actor whose mailbox and reply timeouts can be set before it is sent: the
 * remote counterpart of {@link AskRequest}. Get one from {@link RemoteActorRef#request}; it sends
 * nothing until {@link #send}, {@link #sendAsync} or {@link #trySend}.
 *
 * <pre>{@code
 * long n = remote.request(new Inc(1)).replyTimeout(Duration.ofSeconds(1)).send();
 * }</pre>
 *
 * <p>The mailbox timeout bounds the wait for room: here for room for another message in flight to
 * the actor, and on its node for room in its mailbox ({@link
 * RemoteSendException.Reason#MAILBOX_FULL} when it passes). The reply timeout bounds the wait for
 * the reply once the message is in the mailbox: the remote node answers {@link
 * RemoteSendException.Reason#REPLY_TIMEOUT} when it passes. This node waits for the answer at most
 * the two together and then fails with {@link RemoteTimeoutException} (a node that went silent).
 * Both default to the host's stream timeout; a node waits at most one hour on a sender's behalf.
 * Not thread-safe: build and send it on one thread.
 *
 * @param <A> the actor's class
 * @param <R> the reply type
 */
public final class RemoteAskRequest<A extends Actor<A>, R> {
  private final RemoteActorRef<A> ref;
  private final Message<? super A, R> message;
  private Duration mailboxTimeout;
  private Duration replyTimeout;

  RemoteAskRequest(RemoteActorRef<A> ref, Message<? super A, R> message, Duration timeout) {
    this.ref = ref;
    this.message = message;
    this.mailboxTimeout = timeout;
    this.replyTimeout = timeout;
  }

  /** Sets how long to wait for room, here and in the remote actor's mailbox. */
  public RemoteAskRequest<A, R> mailboxTimeout(Duration timeout) {
    this.mailboxTimeout = positive(timeout, "mailboxTimeout");
    return this;
  }

  /** Sets how long to wait for the reply once the message is in the mailbox. */
  public RemoteAskRequest<A, R> replyTimeout(Duration timeout) {
    this.replyTimeout = positive(timeout, "replyTimeout");
    return this;
  }

  private static Duration positive(Duration timeout, String what) {
    Objects.requireNonNull(timeout, what);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + timeout);
    }
    return timeout;
  }

  private ActorSwarm.Timeouts timeouts() {
    Duration total;
    try {
      total = mailboxTimeout.plus(replyTimeout);
    } catch (ArithmeticException e) {
      total = Duration.ofSeconds(Long.MAX_VALUE);
    }
    return new ActorSwarm.Timeouts(mailboxTimeout, total, mailboxTimeout, replyTimeout);
  }

  /**
   * Sends the message and waits for the reply; throws as {@link RemoteActorRef#ask} does.
   *
   * @throws RemoteSendException why the remote node did not handle it (handing the message back
   *     where it was not)
   * @throws RemoteException if the network failed or no answer came in time
   */
  public R send() {
    return ref.send(message, timeouts());
  }

  /**
   * Sends the message and returns a future of the reply, as {@link RemoteActorRef#askAsync} does:
   * it fails as {@link #send} would throw, never later than the two timeouts together.
   */
  public CompletableFuture<R> sendAsync() {
    return ref.sendAsync(message, timeouts(), false);
  }

  /**
   * Sends the message only if the actor has room for another message in flight from this node now
   * (and, on its node, room in its mailbox), and returns a future of the reply; otherwise the
   * future has already failed with {@link RemoteSendException.Reason#MAILBOX_FULL}, handing the
   * message back. Like {@link io.kameo.ActorRef#tryAsk}.
   */
  public CompletableFuture<R> trySend() {
    return ref.sendAsync(message, timeouts(), true);
  }
}
