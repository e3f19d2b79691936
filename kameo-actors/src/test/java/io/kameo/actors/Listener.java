package io.kameo.actors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber for the fan-out tests: records every note it handles; can be held in a handler. */
final class Listener implements Actor<Listener> {
  /** A message the fan-out actors deliver. */
  record Note(int n) implements Message<Listener, Void> {}

  /** Holds the listener in its handler until {@code release} opens. */
  record Hold(CountDownLatch started, CountDownLatch release) implements Message<Listener, Void> {}

  final BlockingQueue<Integer> got = new LinkedBlockingQueue<>();

  @Handler
  void note(Note n) {
    got.add(n.n());
  }

  @Handler
  void hold(Hold h) throws InterruptedException {
    h.started().countDown();
    h.release().await();
  }

  /** A spawned listener and what it got. */
  record Spawned(ActorRef<Listener> ref, BlockingQueue<Integer> got) {
    /** Waits for the next note, at most 10 seconds. */
    int next() throws InterruptedException {
      Integer n = got.poll(10, TimeUnit.SECONDS);
      assertTrue(n != null, "no note arrived");
      return n;
    }

    /** Stops the listener and returns every note it got, in order. */
    List<Integer> stopAndDrain() {
      ref.stopGracefully();
      ref.waitForShutdown();
      List<Integer> all = new ArrayList<>();
      got.drainTo(all);
      return all;
    }
  }

  static Spawned spawn() {
    Listener l = new Listener();
    return new Spawned(Actor.spawn(l), l.got);
  }

  /**
   * Spawns a listener with a mailbox of 1, holds it in a handler and fills its mailbox with {@code
   * Note(0)}; the returned latch releases it.
   */
  static Spawned spawnFull(CountDownLatch release) throws InterruptedException {
    Listener l = new Listener();
    ActorRef<Listener> ref = Actor.builder(l).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch started = new CountDownLatch(1);
    ref.tell(new Hold(started, release));
    assertTrue(started.await(10, TimeUnit.SECONDS), "the listener did not start its hold");
    assertTrue(ref.tryTell(new Note(0)), "the filler note did not fit");
    assertTrue(!ref.tryTell(new Note(-1)), "the mailbox is not full");
    return new Spawned(ref, l.got);
  }
}
