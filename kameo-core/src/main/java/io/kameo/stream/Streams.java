package io.kameo.stream;

import io.kameo.Actor;
import io.kameo.ActorRef;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * Attaches streams to actors (Kameo's {@code attach_stream}): the actor receives a {@link
 * StreamMessage.Started}, one {@link StreamMessage.Next} per item, and a {@link
 * StreamMessage.Finished} (or {@link StreamMessage.Failed}), in that order, as tells from one
 * sender.
 *
 * <pre>{@code
 * AttachedStream lines = Streams.attach(indexer, Files.lines(log), "access.log", "access.log");
 * }</pre>
 *
 * <h2>Backpressure</h2>
 *
 * Each attached stream has one virtual thread that tells its items and waits, as long as it takes,
 * while the actor's bounded mailbox is full; the actor's mailbox timeout does not apply. It pulls
 * the next item from an {@code Iterator} or {@code Stream} only once the mailbox took the previous
 * one, and asks a {@code Flow.Publisher} only for what the mailbox can take: {@code
 * request(capacity)} when it subscribes, then {@code request(1)} for each item the mailbox took (an
 * unbounded mailbox counts as {@value io.kameo.Mailbox#DEFAULT_CAPACITY}).
 *
 * <h2>Ends</h2>
 *
 * <ul>
 *   <li>The stream ends: {@code Finished} is told last.
 *   <li>It fails: an iterator's {@code hasNext} or {@code next} threw, or the publisher signalled
 *       {@code onError} or broke the {@code Flow} protocol (more items than requested, a null
 *       item): {@code Failed} with the error is told last. The actor keeps running.
 *   <li>The actor stops for good, or {@link AttachedStream#cancel()} is called: nothing more is
 *       told, the sender is interrupted, the subscription is cancelled.
 * </ul>
 *
 * In every case a {@code Stream} is closed, on the sender thread, once the sender is done with it
 * (an iterator blocked in a call that ignores interrupts delays that until the call returns). A
 * {@code Stream} that {@code attach} refuses (it throws) has been closed before it throws.
 *
 * <p>Memory consistency effects: actions in a thread before it attaches a stream happen-before the
 * actor handles its {@code Started}; an item's production happens-before its {@code Next} is
 * handled.
 */
public final class Streams {
  private Streams() {}

  /**
   * Attaches {@code stream} to {@code target}: its items are told as {@code Next}, between {@code
   * Started(started)} and {@code Finished(finished)}; the stream is closed when it ends.
   *
   * @throws IllegalArgumentException if the actor does not handle all four stream messages
   * @throws IllegalStateException if the stream was already operated upon or closed
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public static <A extends Actor<A>, T, S, F> AttachedStream attach(
      ActorRef<A> target, Stream<? extends T> stream, S started, F finished) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stream, "stream");
    return AttachedStream.start(
        target, new IteratorSource(stream.iterator(), stream), started, finished);
  }

  /**
   * Attaches the items of {@code items} to {@code target}, told as {@code Next} between {@code
   * Started(started)} and {@code Finished(finished)}. The iterator is used on the stream's own
   * thread from now on; the caller must not touch it.
   *
   * @throws IllegalArgumentException if the actor does not handle all four stream messages
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public static <A extends Actor<A>, T, S, F> AttachedStream attach(
      ActorRef<A> target, Iterator<? extends T> items, S started, F finished) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(items, "items");
    return AttachedStream.start(target, new IteratorSource(items, null), started, finished);
  }

  /**
   * Subscribes {@code target} to {@code publisher} before it returns, and asks for items only after
   * {@code Started(started)} was told: each item is told as {@code Next}, completion as {@code
   * Finished(finished)}, an error as {@code Failed(finished, error)}.
   *
   * @throws IllegalArgumentException if the actor does not handle all four stream messages
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public static <A extends Actor<A>, T, S, F> AttachedStream attach(
      ActorRef<A> target, Flow.Publisher<? extends T> publisher, S started, F finished) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(publisher, "publisher");
    return AttachedStream.start(target, new PublisherSource(publisher), started, finished);
  }
}
