package io.kameo;

/**
 * Answers one ask later, from any thread: what a handler gets from {@link Context#delegate()}.
 *
 * <p>Only the first {@link #send} or {@link #fail} counts; later calls return false. If a reply
 * sender becomes unreachable without having answered, the asker gets {@link
 * SendException.ActorStopped} rather than waiting forever.
 *
 * @param <R> the reply type
 */
public interface ReplySender<R> {
  /** Sends {@code reply} to the asker; returns false if the ask was already answered. */
  boolean send(R reply);

  /**
   * Fails the ask with {@link SendException.HandlerFailed} caused by {@code error}; returns false
   * if the ask was already answered.
   */
  boolean fail(Throwable error);
}
