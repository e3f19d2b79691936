package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * INTERNAL API. A JFR event: a handler of an actor threw; onPanic decides what follows. Emitted
 * only while a recording has it enabled.
 */
@Name("io.kameo.ActorPanicked")
@Label("Actor Panicked")
@Description("A handler of an actor threw; onPanic decides what follows")
public final class ActorPanicked extends ActorEvent {
  /** The class of what the handler threw. */
  @Label("Error Class")
  public Class<?> errorClass;

  /** Its message. */
  @Label("Error Message")
  public String errorMessage;
}
