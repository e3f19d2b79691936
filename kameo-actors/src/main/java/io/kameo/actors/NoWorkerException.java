package io.kameo.actors;

import java.util.Objects;

/**
 * A {@link Pool} had no running worker for a message: the pool was stopped, or its supervisor gave
 * up after too many restarts. The message was not delivered and is handed back.
 */
public final class NoWorkerException extends RuntimeException {
  private final transient Object undelivered;

  /** Creates the exception for {@code message}, with {@code why} the pool has no worker. */
  public NoWorkerException(Object message, String why) {
    super("no running worker in the pool (" + why + "); " + describe(message) + " not delivered");
    this.undelivered = Objects.requireNonNull(message, "message");
  }

  /** Returns the message that was not delivered. */
  public Object undelivered() {
    return undelivered;
  }

  private static String describe(Object message) {
    return message.getClass().getSimpleName();
  }
}
