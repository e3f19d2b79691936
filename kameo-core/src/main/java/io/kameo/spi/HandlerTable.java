package io.kameo.spi;

import io.kameo.Actor;
import io.kameo.Context;

/**
 * INTERNAL API: an actor class's message handlers, generated at compile time by the {@code
 * kameo-annotations} processor. Applications never implement or call this.
 *
 * <p>A generated table registers itself with {@link HandlerTables#register} from its static
 * initializer, so the runtime finds it without reflection on the message path.
 *
 * @param <A> the actor class
 */
public interface HandlerTable<A extends Actor<A>> {

  /** Returns whether a handler accepts messages of {@code messageType}. */
  boolean handles(Class<?> messageType);

  /**
   * Runs the handler for {@code message} on {@code actor} and returns its reply (null for a {@code
   * void} handler).
   *
   * @throws Throwable what the handler threw (any throwable: the runtime treats each as a panic)
   * @throws IllegalArgumentException if no handler accepts the message
   */
  Object handle(A actor, Object message, Context<A, ?> context) throws Throwable;
}
