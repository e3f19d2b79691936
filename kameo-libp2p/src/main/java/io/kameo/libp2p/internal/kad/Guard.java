package io.kameo.libp2p.internal.kad;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock of a kad table or store: {@link #call} runs an in-memory action while holding it. A
 * {@link ReentrantLock}, not {@code synchronized}, so a virtual thread waiting for it does not pin
 * its carrier. Actions must not block or do I/O.
 */
final class Guard {
  private final ReentrantLock lock = new ReentrantLock();

  /** Runs {@code action} while holding the lock and returns its result. */
  <T> T call(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
