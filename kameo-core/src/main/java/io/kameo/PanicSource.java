package io.kameo;

/** Where an actor's failure came from: which hook or handler threw. */
public enum PanicSource {
  /** {@link Actor#onStart} threw: the actor never handled a message. */
  ON_START,
  /** A message handler threw and {@link Actor#onPanic} chose to stop. */
  HANDLER,
  /** {@link Actor#onPanic} itself threw. */
  ON_PANIC,
  /** {@link Actor#onLinkDied} threw. */
  ON_LINK_DIED
}
