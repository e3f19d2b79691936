package io.kameo;

import java.util.Objects;

/**
 * What an actor does after {@link Actor#onPanic} or {@link Actor#onLinkDied}: keep running with its
 * current state, or stop with a reason.
 */
public sealed interface ControlFlow {
  /** Keep running with the current state. */
  ControlFlow CONTINUE = new Continue();

  /** Returns the decision to stop with {@code reason}. */
  static ControlFlow stop(StopReason reason) {
    return new Stop(reason);
  }

  /** Keep running. */
  record Continue() implements ControlFlow {}

  /**
   * Stop with {@code reason}.
   *
   * @param reason the reason the actor reports
   */
  record Stop(StopReason reason) implements ControlFlow {
    /** Creates the decision; {@code reason} is required. */
    public Stop {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
