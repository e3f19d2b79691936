package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * INTERNAL API. A JFR event: an actor stopped for good. Emitted only while a recording has it
 * enabled.
 */
@Name("io.kameo.ActorStopped")
@Label("Actor Stopped")
@Description("An actor stopped for good")
public final class ActorStopped extends ActorEvent {
  /** Why: the {@code StopReason}, as it prints. */
  @Label("Reason")
  public String reason;
}
