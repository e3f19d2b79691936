package io.kameo.spi;

import io.kameo.StopReason;

/**
 * INTERNAL API: where one observed actor reports, returned by {@link ActorObserver#spawned}.
 *
 * <p>{@link #handled} runs on the actor's own thread after each message; {@link #askFailed} on the
 * asker's thread (or the thread that completed an asynchronous ask); {@link #stopped} once, on the
 * actor's thread, when the actor has stopped for good. A probe shared by several actors is called
 * from their threads at once. Methods must return quickly and not block.
 */
public interface ActorProbe {

  /**
   * The actor handled one message (its handler returned or threw): the handler ran {@code
   * handlerNanos}, and {@code mailboxDepth} messages were still queued when the runner took it.
   */
  void handled(long handlerNanos, long mailboxDepth);

  /** An ask to the actor failed for {@code reason}; called once per failed ask. */
  void askFailed(AskFailure reason);

  /** The actor stopped for good for {@code reason} (not at a supervised restart). */
  void stopped(StopReason reason);
}
