package io.kameo.libp2p.internal.host;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * INTERNAL API. A token bucket that limits how many inbound streams one peer opens per second,
 * shared by all of the peer's connections (which may run on different event loops).
 *
 * <p>The bucket holds up to {@code perSecond} tokens (the burst) and refills at {@code perSecond}
 * tokens a second; each admitted stream takes one. Thread-safe: a short lock, never held while
 * blocking.
 */
final class StreamRateLimiter {
  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens; // guarded by lock
  private long lastNanos; // guarded by lock

  StreamRateLimiter(int perSecond, LongSupplier nanoClock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
    }
    this.perNano = perSecond / 1e9;
    this.capacity = perSecond;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.lastNanos = nanoClock.getAsLong();
  }

  /** Takes a token if one is left; false means the stream must be refused. */
  boolean tryAcquire() {
    lock.lock();
    try {
      long now = nanoClock.getAsLong();
      tokens = Math.min(capacity, tokens + Math.max(0, now - lastNanos) * perNano);
      lastNanos = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }
}
