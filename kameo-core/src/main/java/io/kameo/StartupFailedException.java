package io.kameo;

/**
 * Thrown by {@link ActorRef#waitForStartup} when {@link Actor#onStart} failed; {@link #getCause()}
 * is what it threw. The actor never handled a message.
 */
public final class StartupFailedException extends RuntimeException {
  private final transient ActorId id;

  /** Creates the exception for the actor {@code id} whose {@code onStart} threw {@code cause}. */
  public StartupFailedException(ActorId id, Throwable cause) {
    super("actor " + id + " failed to start: " + cause, cause);
    this.id = id;
  }

  /** Returns the id of the actor that failed to start. */
  public ActorId actorId() {
    return id;
  }
}
