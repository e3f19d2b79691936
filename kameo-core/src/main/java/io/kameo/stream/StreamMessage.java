package io.kameo.stream;

import io.kameo.Message;

/**
 * What an actor receives from a stream attached to it with {@link Streams#attach}: one {@link
 * Started}, then a {@link Next} per item, then {@link Finished} when the stream ended, or {@link
 * Failed} when it failed (Kameo's {@code StreamMessage}, with the failure as a fourth case).
 *
 * <p>{@code S} and {@code F} are values given when the stream is attached and handed back in {@code
 * Started} and {@code Finished}: an actor fed by several streams tells them apart by these. A
 * handler takes the sealed interface and switches over the four records:
 *
 * <pre>{@code
 * @Handler
 * void onLine(StreamMessage<String, String, String> msg) {
 *   switch (msg) {
 *     case StreamMessage.Started<String, String, String> s -> open(s.value());
 *     case StreamMessage.Next<String, String, String> n -> lines.add(n.item());
 *     case StreamMessage.Finished<String, String, String> f -> close(f.value());
 *     case StreamMessage.Failed<String, String, String> f -> abort(f.value(), f.error());
 *   }
 * }
 * }</pre>
 *
 * <p>Every actor class may handle stream messages (the actor type is {@code Object}); {@link
 * Streams#attach} checks that the actor has handlers for all four before it starts.
 *
 * @param <T> the type of the stream's items
 * @param <S> the type of the value {@code Started} carries
 * @param <F> the type of the value {@code Finished} and {@code Failed} carry
 */
public sealed interface StreamMessage<T, S, F> extends Message<Object, Void> {

  /**
   * The stream was attached; the first message of every stream.
   *
   * @param value the start value given to {@link Streams#attach}
   */
  record Started<T, S, F>(S value) implements StreamMessage<T, S, F> {}

  /**
   * The stream's next item.
   *
   * @param item the item (null only if an iterator or a {@code Stream} produced null)
   */
  record Next<T, S, F>(T item) implements StreamMessage<T, S, F> {}

  /**
   * The stream ended: no more items come. The last message of a stream that ended normally.
   *
   * @param value the finish value given to {@link Streams#attach}
   */
  record Finished<T, S, F>(F value) implements StreamMessage<T, S, F> {}

  /**
   * The stream failed: its iterator threw, or the publisher signalled {@code onError} or broke the
   * {@code Flow} protocol. No more items come; the last message of a stream that failed.
   *
   * @param value the finish value given to {@link Streams#attach}
   * @param error what the stream failed with
   */
  record Failed<T, S, F>(F value, Throwable error) implements StreamMessage<T, S, F> {}
}
