package io.kameo;

import java.util.Objects;
import java.util.Optional;

/**
 * How an actor ended: why it stopped, and what {@link Actor#onStop} threw, if it threw.
 *
 * @param reason why the actor stopped
 * @param onStopFailure what {@code onStop} threw; empty when it returned normally
 */
public record ShutdownResult(StopReason reason, Optional<Throwable> onStopFailure) {
  /** Creates the result; both components are required. */
  public ShutdownResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(onStopFailure, "onStopFailure");
  }
}
