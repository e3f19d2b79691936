package io.kameo.test.internal;

import java.time.Duration;

/**
 * INTERNAL API: one bounded wait of the kit: the duration asked for, stretched by the time factor,
 * counted from when it began, and how to say it in a failure message.
 */
public final class Wait {
  private final Duration requested;
  private final Duration dilated;
  private final double factor;
  private final long start = System.nanoTime();

  /** Starts a wait of {@code requested} stretched to {@code dilated} by {@code factor}. */
  public Wait(Duration requested, Duration dilated, double factor) {
    this.requested = requested;
    this.dilated = dilated;
    this.factor = factor;
  }

  /** Returns how many nanoseconds of the wait are left, zero once it has passed. */
  public long remainingNanos() {
    long elapsed = System.nanoTime() - start;
    long total = dilated.toNanos();
    return elapsed >= total ? 0 : total - elapsed;
  }

  /** Returns how long the wait has lasted so far, as failure messages print it. */
  public String elapsed() {
    return Durations.format(Duration.ofNanos(System.nanoTime() - start));
  }

  /** Returns the length of the whole wait, as failure messages print it. */
  @Override
  public String toString() {
    return Durations.format(requested, dilated, factor);
  }
}
