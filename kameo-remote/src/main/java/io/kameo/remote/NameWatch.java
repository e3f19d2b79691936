package io.kameo.remote;

/**
 * A running {@linkplain ActorSwarm#watch watch} of a name; {@link #close()} ends it. Closing is
 * idempotent; once it returns, the listener is not called again.
 */
public interface NameWatch extends AutoCloseable {
  /** Ends the watch: it stops looking the name up and releases its timer. */
  @Override
  void close();
}
