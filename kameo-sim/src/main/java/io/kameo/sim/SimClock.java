package io.kameo.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The {@link Clock} every simulated node is given: the event loop's simulated time from a fixed
 * start instant, so record expiry and signed lifetimes follow simulated time, never the wall clock.
 */
final class SimClock extends Clock {
  /** The simulated time 0. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final EventLoop loop;

  SimClock(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
    return this;
  }

  @Override
  public Instant instant() {
    return START.plusNanos(loop.now());
  }

  @Override
  public long millis() {
    return START.toEpochMilli() + loop.now() / 1_000_000;
  }
}
