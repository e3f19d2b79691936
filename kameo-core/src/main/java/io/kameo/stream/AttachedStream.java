package io.kameo.stream;

import io.kameo.ActorRef;
import io.kameo.SendException;
import io.kameo.internal.ActorInternals;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream attached to an actor: the handle that {@link Streams#attach} returns. Its items are told
 * to the actor by one virtual thread of its own, waiting for room in a full mailbox; it ends when
 * the stream ends, when it is {@linkplain #cancel() cancelled}, or when the actor stops for good.
 *
 * <p>Thread-safe.
 */
public final class AttachedStream {
  /*
   * One virtual thread, the sender, runs the source and tells each message with a blocking tell,
   * so backpressure is the mailbox's own. `endReason` is set (CAS, once) by cancel() and by the
   * actor's stop hook, before they interrupt the sender: a sender that has not yet read it reads
   * it set; one that already read null is running and gets the interrupt (a blocking tell throws
   * Interrupted, a blocking take of the publisher's signals InterruptedException). Either way it
   * stops, closes its source on its own thread, and completes `completion`.
   */
  private static final Logger LOG = LoggerFactory.getLogger(AttachedStream.class);
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  /** The work of the sender thread: tells the source's items with {@link #tell}. */
  interface Source {
    /**
     * Tells every item as {@link StreamMessage.Next}; returns null when the source ended, or what
     * it failed with.
     */
    Throwable run(AttachedStream stream) throws Ended;

    /** Opens the source on the attaching thread, before the sender starts (subscribes). */
    default void open() {}

    /** Stops the source from another thread (cancels a subscription); quick, never blocks. */
    default void stop() {}

    /** Closes the source on the sender thread once it is done. */
    default void close() {}
  }

  /** Thrown inside the sender when the stream ended by cancel or by the actor's stop. */
  static final class Ended extends Exception {
    private static final long serialVersionUID = 1L;

    Ended() {
      super(null, null, false, false);
    }
  }

  private final ActorRef<?> target;
  private final Source source;
  private final Object started;
  private final Object finished;
  private final Runnable stopHook = () -> end(notRunning(null));
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  private final Thread sender;

  /** Null while the stream runs; then why it ended (completion fails with it). Set once. */
  private final AtomicReference<RuntimeException> endReason = new AtomicReference<>();

  private AttachedStream(ActorRef<?> target, Source source, Object started, Object finished) {
    this.target = target;
    this.source = source;
    this.started = started;
    this.finished = finished;
    this.sender = Thread.ofVirtual().name("kameo-stream-" + target.id()).unstarted(this::send);
  }

  /**
   * Checks the actor, hooks its stop and starts the sender. If it throws, the source has been
   * closed: a stream refused is a stream ended.
   */
  static AttachedStream start(ActorRef<?> target, Source source, Object started, Object finished) {
    AttachedStream stream = new AttachedStream(target, source, started, finished);
    try {
      for (Object probe :
          new Object[] {
            new StreamMessage.Started<>(started),
            new StreamMessage.Next<>(null),
            new StreamMessage.Finished<>(finished),
            new StreamMessage.Failed<>(finished, null)
          }) {
        ActorInternals.checkHandled(target, probe);
      }
      if (!ActorInternals.addStopHook(target, stream.stopHook)) {
        throw new SendException.ActorNotRunning(target.id(), new StreamMessage.Started<>(started));
      }
    } catch (RuntimeException e) {
      throw closed(source, e);
    }
    try {
      source.open();
    } catch (RuntimeException e) {
      ActorInternals.removeStopHook(target, stream.stopHook);
      throw closed(source, e);
    }
    stream.sender.start();
    return stream;
  }

  /** Closes a refused source; returns {@code refusal}, with what the close threw suppressed. */
  private static RuntimeException closed(Source source, RuntimeException refusal) {
    try {
      source.close();
    } catch (Throwable t) {
      refusal.addSuppressed(t);
    }
    return refusal;
  }

  /**
   * Stops the stream: no item after the one being told now (if any) reaches the actor, and no
   * {@code Finished} is told; the source is closed (a {@code Stream} closed, a subscription
   * cancelled). {@link #completion()} fails with {@link CancellationException}. Does nothing if the
   * stream has ended.
   */
  public void cancel() {
    end(new CancellationException("the stream attached to " + target + " was cancelled"));
  }

  /** Returns whether the stream still runs: not ended, not cancelled, and its actor not stopped. */
  public boolean isActive() {
    return !completion.isDone();
  }

  /**
   * Returns a stage completed once the stream has ended and its source is closed: normally once
   * {@code Finished} or {@code Failed} is in the actor's mailbox; with {@link
   * CancellationException} if it was cancelled; with {@link SendException.ActorNotRunning} if the
   * actor stopped first.
   */
  public CompletionStage<Void> completion() {
    return completion.minimalCompletionStage();
  }

  /** Tells {@code message} to the actor, waiting for room as long as it takes. */
  void tell(StreamMessage<?, ?, ?> message) throws Ended {
    if (ended()) {
      throw new Ended();
    }
    try {
      target.tell(message, FOREVER);
    } catch (SendException.ActorNotRunning e) {
      end(e);
      throw new Ended();
    } catch (SendException.Interrupted e) {
      end(new CancellationException("the thread telling the stream was interrupted"));
      throw new Ended();
    }
  }

  /** Returns whether the stream was cancelled or its actor stopped. */
  boolean ended() {
    return endReason.get() != null;
  }

  /** The actor's mailbox capacity, or the default window for an unbounded one. */
  int window() {
    int capacity = ActorInternals.mailboxCapacity(target);
    return capacity > 0 ? capacity : io.kameo.Mailbox.DEFAULT_CAPACITY;
  }

  private SendException.ActorNotRunning notRunning(Object message) {
    return new SendException.ActorNotRunning(
        target.id(), message != null ? message : new StreamMessage.Finished<>(finished));
  }

  /** Ends the stream for {@code reason}, once; the first reason wins. Any thread. */
  private void end(RuntimeException reason) {
    if (!endReason.compareAndSet(null, reason)) {
      return;
    }
    source.stop();
    if (Thread.currentThread() != sender) {
      sender.interrupt();
    }
  }

  private void send() {
    Throwable outcome = null;
    try {
      tell(new StreamMessage.Started<>(started));
      Throwable failure = source.run(this);
      tell(
          failure == null
              ? new StreamMessage.Finished<>(finished)
              : new StreamMessage.Failed<>(finished, failure));
    } catch (Ended e) {
      outcome = endReason.get();
    } catch (Throwable t) {
      LOG.warn("the stream attached to {} failed to deliver", target, t);
      outcome = t;
    }
    Thread.interrupted(); // a cancel's interrupt is spent: the source's close must not see it
    try {
      source.close();
    } catch (Throwable t) {
      LOG.warn("closing the stream attached to {} failed", target, t);
    }
    ActorInternals.removeStopHook(target, stopHook);
    // last, so that whoever sees the stream ended also sees its source closed
    if (outcome == null) {
      completion.complete(null);
    } else {
      completion.completeExceptionally(outcome);
    }
  }

  @Override
  public String toString() {
    return "AttachedStream[" + target + (isActive() ? ", active]" : ", ended]");
  }
}
