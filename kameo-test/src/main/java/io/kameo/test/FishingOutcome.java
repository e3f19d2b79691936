package io.kameo.test;

/**
 * What {@link TestProbe#fishForMessage} does with the message its fisher just looked at. To fail
 * the test instead, the fisher throws (for example with {@code Assertions.fail}).
 */
public enum FishingOutcome {
  /** Keep the message in the result and wait for the next one. */
  CONTINUE,
  /** Leave the message out of the result and wait for the next one. */
  IGNORE,
  /** Keep the message in the result and stop fishing. */
  COMPLETE
}
