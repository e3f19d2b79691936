package io.kameo.test;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Actors the kit's own tests spawn. */
final class TestActors {
  private TestActors() {}

  record Reading(int celsius) {}

  record Subscribe(Recipient<Reading> subscriber) implements Message<Sensor, Void> {}

  record Measure(int celsius) implements Message<Sensor, Void> {}

  /** Tells every subscriber each reading. */
  static final class Sensor implements Actor<Sensor> {
    private final List<Recipient<Reading>> subscribers = new ArrayList<>();

    @Handler
    void subscribe(Subscribe msg) {
      subscribers.add(msg.subscriber());
    }

    @Handler
    void measure(Measure msg) {
      subscribers.forEach(s -> s.tell(new Reading(msg.celsius())));
    }
  }

  record Crash(String why) implements Message<Fragile, Void> {}

  /** Throws on {@link Crash}, which stops it with {@link StopReason.Panicked} by default. */
  static final class Fragile implements Actor<Fragile> {
    @Handler
    void crash(Crash msg) {
      throw new IllegalStateException(msg.why());
    }
  }

  record Block(CountDownLatch entered, CountDownLatch release) implements Message<Blocker, Void> {}

  /** Blocks in its handler until released (or interrupted by a kill). */
  static final class Blocker implements Actor<Blocker> {
    @Handler
    void block(Block msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
    }
  }

  record Load(int key) {}

  record Get(int key) implements Message<Cache, String> {}

  /** Asks its backend for a key it does not hold yet, once. */
  static final class Cache implements Actor<Cache> {
    private final ReplyRecipient<Load, String> backend;
    private final Map<Integer, String> values = new HashMap<>();

    Cache(ReplyRecipient<Load, String> backend) {
      this.backend = backend;
    }

    @Handler
    String get(Get msg) {
      return values.computeIfAbsent(msg.key(), key -> backend.ask(new Load(key)));
    }
  }

  record Hello() implements Message<BadStop, Void> {}

  /** Throws from {@code onStop}. */
  static final class BadStop implements Actor<BadStop> {
    @Handler
    void hello(Hello msg) {}

    @Override
    public void onStop(ActorRef<BadStop> self, StopReason reason) {
      throw new IllegalStateException("cleanup failed");
    }
  }
}
