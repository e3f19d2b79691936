package io.kameo;

import io.kameo.spi.ActorProbe;
import io.kameo.spi.AskFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A reference to a running (or stopped) actor: the only way to reach it.
 *
 * <p>References are cheap, thread-safe and comparable by {@link #id()}. Sending never runs the
 * handler on the caller's thread; the actor handles messages one at a time on its own thread.
 *
 * <h2>Sending</h2>
 *
 * <ul>
 *   <li>{@link #tell} queues a message and returns; a handler failure goes to {@link
 *       Actor#onPanic}.
 *   <li>{@link #ask} queues a message and waits for the reply; {@link #askAsync} returns a future.
 *       Every ask completes, with the reply or a {@link SendException}, whatever happens to the
 *       actor. {@link #request} sets per-request timeouts.
 *   <li>On a full bounded mailbox, {@code tell} and {@code ask} block the sender until there is
 *       room or the mailbox timeout passes ({@link SendException.Timeout}); {@link #tryTell} and
 *       {@link #tryAsk} fail at once.
 *   <li>A message the actor does not handle is refused at once with {@link
 *       IllegalArgumentException}; it is never dropped silently.
 * </ul>
 *
 * <h2>Blocking and interrupts</h2>
 *
 * A call that waits — for room in a full mailbox, for a reply, for startup or shutdown — and whose
 * thread is interrupted throws {@link SendException.Interrupted} with the interrupt flag still set;
 * {@link SendException.Interrupted#isQueued()} says whether the actor may still handle the message.
 * A wait that could only end by the actor's own progress, called from the actor's own thread,
 * throws {@link IllegalStateException} at once instead of deadlocking.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions in a thread before it sends a message <i>happen-before</i> the handler of that message
 * runs. Messages from one sender are handled in the order they were sent (per-sender FIFO). Each
 * handler <i>happens-before</i> the next one, so state changed by one handler is visible to the
 * next without synchronization. The handler's actions <i>happen-before</i> the asker sees the
 * reply.
 *
 * @param <A> the actor's class
 */
public final class ActorRef<A extends Actor<A>> {
  static {
    io.kameo.spi.LinkSignals.install(
        (to, id, reason) -> {
          ActorCell<?> target = to.cell; // null once stopped: a stopped actor hears nothing
          if (target != null) {
            target.signalLinkDied(id, reason);
          }
        });
    io.kameo.internal.ActorInternals.install(new CellAccess());
  }

  /*
   * One reference per actor, made by its cell. While the actor lives, `cell` is its runtime. Once it
   * has stopped, the cell writes what the reference still needs into `stopped` and then clears
   * `cell` (volatile), so a reference kept to a stopped actor holds only its id, name, class and
   * outcome, not the actor's state, mailbox or runtime. A caller that still read the cell goes
   * through it and finds it stopped; one that reads null sees `stopped` written before.
   */
  private final ActorId id;
  private volatile ActorCell<A> cell;
  private Stopped<A> stopped;

  /** What a reference keeps of an actor that stopped. */
  private record Stopped<A>(
      String name,
      Class<? extends A> actorClass,
      ShutdownResult shutdown,
      StartupFailedException startupFailure,
      ActorProbe probe) {}

  ActorRef(ActorCell<A> cell, ActorId id) {
    this.cell = cell;
    this.id = id;
  }

  /** Returns the actor's runtime, or null once it stopped. */
  ActorCell<A> cell() {
    return cell;
  }

  /** Returns the actor's runtime, or throws ActorNotRunning for {@code message} once it stopped. */
  ActorCell<A> live(Object message) {
    ActorCell<A> c = cell;
    if (c == null) {
      throw new SendException.ActorNotRunning(id, message);
    }
    return c;
  }

  /**
   * Returns the actor's runtime for an ask, or throws ActorNotRunning for {@code message} once it
   * stopped (reported to the actor's probe as a failed ask, as a refusal by the runtime would be).
   */
  ActorCell<A> liveForAsk(Object message) {
    ActorCell<A> c = cell;
    if (c == null) {
      throw refusedAsk(message);
    }
    return c;
  }

  /** The failure of an ask to this stopped actor, reported to its probe if it had one. */
  SendException.ActorNotRunning refusedAsk(Object message) {
    SendException.ActorNotRunning refused = new SendException.ActorNotRunning(id, message);
    ActorProbe probe = stopped.probe();
    if (probe != null) {
      probe.askFailed(AskFailure.ACTOR_STOPPED);
    }
    return refused;
  }

  /** Called by the stopped cell last: keeps the outcome and lets go of the runtime. */
  void stopped(ShutdownResult result, StartupFailedException failure) {
    ActorCell<A> c = cell;
    stopped = new Stopped<>(c.name, c.actorClass(), result, failure, c.probe);
    cell = null; // volatile: publishes `stopped` to whoever reads null
  }

  /** Returns the actor's id. */
  public ActorId id() {
    return id;
  }

  /** Returns the actor's name (from {@link Actor#name()} or {@link ActorBuilder#name}). */
  public String name() {
    ActorCell<A> c = cell;
    return c != null ? c.name : stopped.name();
  }

  /** Returns the class of the actor instance, such as the generated table and registries key on. */
  public Class<? extends A> actorClass() {
    ActorCell<A> c = cell;
    return c != null ? c.actorClass() : stopped.actorClass();
  }

  /** Returns whether the actor is starting or running and accepts messages. */
  public boolean isAlive() {
    ActorCell<A> c = cell;
    return c != null && c.isAccepting();
  }

  /**
   * Sends {@code message} without waiting for it to be handled. Blocks while the bounded mailbox is
   * full, up to the actor's mailbox timeout (forever by default).
   *
   * @throws SendException.ActorNotRunning if the actor is not running (the message is handed back)
   * @throws SendException.Timeout if the mailbox stayed full for the mailbox timeout
   * @throws IllegalArgumentException if the actor has no handler for the message's type
   */
  public void tell(Message<? super A, ?> message) {
    ActorCell<A> c = live(message);
    c.tell(message, c.mailboxTimeoutNanos);
  }

  /**
   * Sends {@code message}, waiting at most {@code mailboxTimeout} for room in a full mailbox.
   *
   * @throws SendException.ActorNotRunning if the actor is not running
   * @throws SendException.Timeout if the mailbox stayed full for {@code mailboxTimeout}
   */
  public void tell(Message<? super A, ?> message, Duration mailboxTimeout) {
    long nanos = ActorCell.nanos(mailboxTimeout, "mailboxTimeout");
    live(message).tell(message, nanos);
  }

  /**
   * Sends {@code message} if the mailbox has room, without blocking.
   *
   * @return false if the bounded mailbox is full (the message was not queued)
   * @throws SendException.ActorNotRunning if the actor is not running
   */
  public boolean tryTell(Message<? super A, ?> message) {
    return live(message).tryTell(message);
  }

  /**
   * Sends {@code message} and waits for the reply, up to the actor's default reply timeout (forever
   * by default).
   *
   * @return the handler's reply
   * @throws SendException.HandlerFailed if the handler threw (its exception is the cause)
   * @throws SendException.ActorNotRunning if the actor is not running (the message is handed back)
   * @throws SendException.ActorStopped if the actor stopped before replying
   * @throws SendException.Timeout if the mailbox stayed full, or the reply did not come, in time
   */
  public <R> R ask(Message<? super A, R> message) {
    ActorCell<A> c = liveForAsk(message);
    return c.ask(message, c.mailboxTimeoutNanos, c.replyTimeoutNanos);
  }

  /**
   * Sends {@code message} and returns a future of the reply. The future fails with the {@link
   * SendException} that {@link #ask} would throw. The caller may block while a bounded mailbox is
   * full, as with {@link #ask}.
   *
   * <p>The future is the caller's own: completing or cancelling it does not affect the actor or its
   * reply. The reply is delivered on a new virtual thread, never on the actor's thread, so
   * callbacks attached to the future may block without stalling the actor. {@code get} and {@code
   * join} on the actor's own thread, for an ask to itself, throw {@link IllegalStateException}.
   */
  public <R> CompletableFuture<R> askAsync(Message<? super A, R> message) {
    ActorCell<A> c = cell;
    return c == null
        ? notRunning(message)
        : c.askAsync(message, c.mailboxTimeoutNanos, c.replyTimeoutNanos, false);
  }

  /**
   * Sends {@code message} if the mailbox has room, without blocking, and returns a future of the
   * reply. If the mailbox is full the future has already failed with {@link
   * SendException.MailboxFull}, which hands the message back.
   */
  public <R> CompletableFuture<R> tryAsk(Message<? super A, R> message) {
    ActorCell<A> c = cell;
    return c == null ? notRunning(message) : c.askAsync(message, 0, c.replyTimeoutNanos, true);
  }

  /** Returns a request for {@code message} whose timeouts can be set before it is sent. */
  public <R> AskRequest<A, R> request(Message<? super A, R> message) {
    return new AskRequest<>(this, message);
  }

  /**
   * Stops the actor after the messages already queued: new messages are refused at once, queued
   * ones are handled, then {@link Actor#onStop} runs. Returns without waiting; see {@link
   * #waitForShutdown}.
   */
  public void stopGracefully() {
    ActorCell<A> c = cell;
    if (c != null) {
      c.stopGracefully();
    }
  }

  /**
   * Stops the actor now: its current handler is interrupted, queued tells go to {@link
   * Actor#onDeadLetter} and queued asks fail. {@link Actor#onStop} still runs. Returns without
   * waiting.
   */
  public void kill() {
    ActorCell<A> c = cell;
    if (c != null) {
      c.kill();
    }
  }

  /**
   * Waits until {@link Actor#onStart} has finished, or the actor stopped without running it.
   *
   * @throws StartupFailedException if {@code onStart} threw, or the actor was killed before it ran
   * @throws IllegalStateException if called from the actor's own {@code onStart} (it would wait for
   *     itself forever)
   * @throws SendException.Interrupted if the calling thread was interrupted while waiting
   */
  public void waitForStartup() {
    ActorCell<A> c = cell;
    if (c != null) {
      c.await(c.startupFuture(), "startup");
    } else if (stopped.startupFailure() != null) {
      throw stopped.startupFailure();
    }
  }

  /** Returns a stage completed when {@link Actor#onStart} has finished, or failed as it failed. */
  public CompletionStage<Void> startup() {
    ActorCell<A> c = cell;
    if (c != null) {
      return c.startupFuture().minimalCompletionStage();
    }
    StartupFailedException failure = stopped.startupFailure();
    return failure != null
        ? CompletableFuture.failedStage(failure)
        : CompletableFuture.completedStage(null);
  }

  /**
   * Waits until the actor has stopped and {@link Actor#onStop} has finished; returns how.
   *
   * @throws IllegalStateException if called from the actor's own thread (a handler or hook) before
   *     it stopped: it would wait for itself forever
   * @throws SendException.Interrupted if the calling thread was interrupted while waiting
   */
  public ShutdownResult waitForShutdown() {
    ActorCell<A> c = cell;
    return c == null ? stopped.shutdown() : c.await(c.shutdownFuture(), "shutdown");
  }

  /** Returns a stage completed once the actor has stopped and {@link Actor#onStop} finished. */
  public CompletionStage<ShutdownResult> shutdown() {
    ActorCell<A> c = cell;
    return c == null
        ? CompletableFuture.completedStage(stopped.shutdown())
        : c.shutdownFuture().minimalCompletionStage();
  }

  /**
   * Links this actor and {@code other} both ways: when one stops, the other's {@link
   * Actor#onLinkDied} runs. Linking to an actor that already stopped notifies this one at once.
   */
  public void link(ActorRef<?> other) {
    if (other == this) {
      throw new IllegalArgumentException("an actor cannot link to itself: " + id);
    }
    ActorCell<A> mine = cell;
    ActorCell<?> theirs = other.cell;
    if (mine != null && theirs != null) {
      ActorCell.link(mine, theirs);
    } else if (mine != null) {
      mine.signalLinkDied(other.id, other.stopped.shutdown().reason());
    } else if (theirs != null) {
      theirs.signalLinkDied(id, stopped.shutdown().reason());
    }
  }

  /** Removes the link between this actor and {@code other}, if there is one. */
  public void unlink(ActorRef<?> other) {
    ActorCell<A> mine = cell;
    ActorCell<?> theirs = other.cell;
    if (mine != null && theirs != null) {
      ActorCell.unlink(mine, theirs);
    }
  }

  /** Returns a weak reference that does not keep a stopped actor's state reachable. */
  public WeakActorRef<A> downgrade() {
    return new WeakActorRef<>(this);
  }

  /**
   * Returns this actor as a type-erased recipient of one message type, for components that only
   * need "something that accepts {@code M}".
   */
  public <M extends Message<? super A, ?>> Recipient<M> recipient() {
    return new ActorRecipient<>(this);
  }

  /** Returns this actor as a type-erased recipient of asks of one message type. */
  public <M extends Message<? super A, R>, R> ReplyRecipient<M, R> replyRecipient() {
    return new ActorRecipient<>(this);
  }

  /** Returns whether {@code o} is the reference to the same actor (there is one per actor). */
  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ActorRef[" + name() + "#" + id + "]";
  }

  private <R> CompletableFuture<R> notRunning(Object message) {
    return CompletableFuture.failedFuture(refusedAsk(message));
  }
}
