package io.kameo;

/**
 * Answers one ask later, from any thread: what a handler gets from {@link Context#delegate()}.
 *
 * <p>Only the first {@link #send} or {@link #fail} counts; later calls return false. The asker
 * never waits forever: if the actor stops before the sender answered, the ask fails with {@link
 * SendException.ActorStopped} (and later calls return false); if the sender becomes unreachable
 * without having answered while the actor runs, the ask fails with {@link
 * SendException.HandlerFailed} once the garbage collector finds it.
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
