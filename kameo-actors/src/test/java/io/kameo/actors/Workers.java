package io.kameo.actors;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker actor and its messages used by the pool tests. */
final class Workers {
  private Workers() {}

  /** Numbers each instance, so a test can tell a restarted or replaced worker from the old one. */
  static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Asks which instance handles it. */
  record Which() implements Message<Worker, Integer> {}

  /** Answers {@code value + 1}. */
  record Inc(long value) implements Message<Worker, Long> {}

  /** Blocks the worker until {@code release} opens; counts {@code started} down first. */
  record Block(CountDownLatch started, CountDownLatch release) implements Message<Worker, Void> {}

  /** Makes the handler throw. */
  record Fail() implements Message<Worker, Void> {}

  /** Counts one broadcast. */
  record Ping() implements Message<Worker, Void> {}

  /** Asks how many pings this instance got. */
  record Pings() implements Message<Worker, Integer> {}

  static final class Worker implements Actor<Worker> {
    private final int instance = INSTANCES.incrementAndGet();
    private int pings;

    @Handler
    int which(Which m) {
      return instance;
    }

    @Handler
    long inc(Inc m) {
      return m.value() + 1;
    }

    @Handler
    void block(Block m) throws InterruptedException {
      m.started().countDown();
      m.release().await();
    }

    @Handler
    void fail(Fail m) {
      throw new IllegalStateException("injected failure");
    }

    @Handler
    void ping(Ping m) {
      pings++;
    }

    @Handler
    int pings(Pings m) {
      return pings;
    }
  }
}
