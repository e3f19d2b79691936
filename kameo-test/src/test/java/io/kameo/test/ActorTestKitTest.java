package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.StopReason;
import io.kameo.test.TestActors.BadStop;
import io.kameo.test.TestActors.Block;
import io.kameo.test.TestActors.Blocker;
import io.kameo.test.TestActors.Crash;
import io.kameo.test.TestActors.Fragile;
import io.kameo.test.TestActors.Reading;
import io.kameo.test.TestActors.Sensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** How a kit stops its actors when it closes, what it reports, and how it asserts stop reasons. */
class ActorTestKitTest {

  private static String label(ActorRef<?> ref) {
    return ref.name() + "#" + ref.id();
  }

  @Test
  void close_stops_every_actor_and_probe_the_kit_spawned() {
    ActorRef<Sensor> sensor;
    ActorRef<Blocker> bounded;
    TestProbe<Reading> probe;
    try (ActorTestKit kit = ActorTestKit.create()) {
      sensor = kit.spawn(new Sensor());
      bounded = kit.spawn(Actor.builder(new Blocker()).mailbox(Mailbox.bounded(2)));
      probe = kit.createProbe();
    }
    assertFalse(sensor.isAlive());
    assertFalse(bounded.isAlive());
    assertFalse(probe.isAlive());
    assertEquals(StopReason.NORMAL, sensor.waitForShutdown().reason());
  }

  @Test
  void close_fails_naming_an_actor_that_panicked_unexpectedly() {
    ActorTestKit kit = ActorTestKit.create();
    ActorRef<Fragile> fragile = kit.spawn(new Fragile());
    fragile.tell(new Crash("boom")); // queued before close's graceful stop, so handled first

    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    assertEquals(
        "1 actor of this test ended badly:\n  "
            + label(fragile)
            + " panicked unexpectedly: Panicked(HANDLER, java.lang.IllegalStateException: boom)",
        e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertEquals("boom", e.getSuppressed()[0].getMessage());
    kit.close(); // a second close does nothing
  }

  @Test
  void expect_stopped_returns_the_reason_and_declares_the_panic_expected() {
    try (ActorTestKit kit = ActorTestKit.create()) {
      ActorRef<Fragile> fragile = kit.spawn(new Fragile());
      fragile.tell(new Crash("boom"));

      StopReason.Panicked panic = kit.expectStopped(fragile, StopReason.Panicked.class);
      assertEquals("boom", panic.error().getMessage());
    } // closes without failing
  }

  @Test
  void close_kills_and_reports_an_actor_that_does_not_stop_within_the_stop_timeout()
      throws InterruptedException {
    Duration stopTimeout = Duration.ofMillis(200);
    ActorTestKit kit = ActorTestKit.create(TestKitSettings.defaults().withStopTimeout(stopTimeout));
    ActorRef<Blocker> blocker = kit.spawn(new Blocker());
    CountDownLatch entered = new CountDownLatch(1);
    blocker.tell(new Block(entered, new CountDownLatch(1))); // never released
    entered.await();

    long start = System.nanoTime();
    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(
        "1 actor of this test ended badly:\n  "
            + label(blocker)
            + " did not stop within 200ms of stopGracefully (killed)",
        e.getMessage());
    assertEquals(StopReason.KILLED, blocker.waitForShutdown().reason());
    // the documented bound, with generous slack for a loaded machine
    assertTrue(took.compareTo(stopTimeout.plusSeconds(10)) < 0, "close took " + took);
  }

  @Test
  void an_interrupted_close_kills_every_actor_and_says_so() throws InterruptedException {
    ActorTestKit kit = ActorTestKit.create();
    ActorRef<Blocker> blocker = kit.spawn(new Blocker());
    CountDownLatch entered = new CountDownLatch(1);
    blocker.tell(new Block(entered, new CountDownLatch(1))); // never released
    entered.await();

    Thread.currentThread().interrupt();
    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    assertTrue(Thread.interrupted(), "the interrupt flag is set again");
    assertTrue(
        e.getMessage().matches("interrupted after \\d+ms waiting for Blocker#\\d+ to stop"),
        e.getMessage());
    assertEquals(StopReason.KILLED, blocker.waitForShutdown().reason());
  }

  @Test
  void close_reports_every_actor_that_ended_badly_each_with_its_cause() {
    ActorTestKit kit = ActorTestKit.create();
    ActorRef<Fragile> fragile = kit.spawn(new Fragile());
    ActorRef<BadStop> badStop = kit.spawn(new BadStop());
    fragile.tell(new Crash("boom"));

    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    assertEquals(
        "2 actors of this test ended badly:\n  "
            + label(fragile)
            + " panicked unexpectedly: Panicked(HANDLER, java.lang.IllegalStateException: boom)\n  "
            + label(badStop)
            + " failed in onStop: java.lang.IllegalStateException: cleanup failed",
        e.getMessage());
    assertArrayEquals(
        new String[] {"boom", "cleanup failed"},
        java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toArray());
  }

  @Test
  void expect_stopped_with_another_reason_fails_naming_both() {
    try (ActorTestKit kit = ActorTestKit.create()) {
      ActorRef<Sensor> sensor = kit.spawn(new Sensor());
      sensor.stopGracefully();

      AssertionFailedError e =
          assertThrows(
              AssertionFailedError.class,
              () -> kit.expectStopped(sensor, StopReason.Panicked.class));
      assertEquals(
          "expected " + label(sensor) + " to stop with Panicked but it stopped with Normal",
          e.getMessage());
      assertEquals(StopReason.NORMAL, e.getActual().getEphemeralValue());
    }
  }

  @Test
  void expect_stopped_of_an_actor_still_running_fails_after_the_bound() {
    try (ActorTestKit kit = ActorTestKit.create()) {
      ActorRef<Sensor> sensor = kit.spawn(new Sensor());

      AssertionFailedError e =
          assertThrows(
              AssertionFailedError.class,
              () -> kit.expectStopped(sensor, StopReason.Normal.class, Duration.ofMillis(50)));
      assertEquals(
          "expected " + label(sensor) + " to stop with Normal within 50ms but it is still running",
          e.getMessage());
      assertTrue(sensor.isAlive());
    }
  }

  @Test
  void a_tracked_actor_spawned_elsewhere_is_stopped_and_checked_as_the_kits_own() {
    ActorTestKit kit = ActorTestKit.create();
    ActorRef<Fragile> elsewhere = Actor.spawn(new Fragile());
    assertSame(elsewhere, kit.track(elsewhere));
    kit.track(elsewhere); // tracked twice, reported once
    elsewhere.tell(new Crash("boom"));

    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    assertTrue(
        e.getMessage()
            .startsWith(
                "1 actor of this test ended badly:\n  "
                    + label(elsewhere)
                    + " panicked unexpectedly"),
        e.getMessage());
  }

  @Test
  void every_actor_tracked_while_the_kit_closes_is_stopped_by_the_close_or_by_the_refusal()
      throws Exception {
    for (int round = 0; round < 20; round++) {
      ActorTestKit kit = ActorTestKit.create();
      List<ActorRef<Sensor>> all = new CopyOnWriteArrayList<>();
      CountDownLatch started = new CountDownLatch(3);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      started.countDown();
                      while (true) {
                        ActorRef<Sensor> ref = Actor.spawn(new Sensor());
                        all.add(ref);
                        try {
                          kit.track(ref);
                        } catch (IllegalStateException closed) {
                          return;
                        }
                      }
                    }));
      }
      started.await();
      kit.close();
      for (Thread t : threads) {
        assertTrue(t.join(Duration.ofSeconds(10)), "a tracking thread did not see the close");
      }
      for (ActorRef<Sensor> ref : all) {
        assertEquals(
            StopReason.NORMAL,
            ref.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS).reason(),
            ref + " was left running");
      }
    }
  }

  @Test
  void a_closed_kit_refuses_to_spawn_and_stops_an_actor_it_is_asked_to_track() {
    ActorTestKit kit = ActorTestKit.create();
    kit.close();
    assertEquals(
        "the test kit is closed",
        assertThrows(IllegalStateException.class, () -> kit.spawn(new Sensor())).getMessage());
    assertThrows(IllegalStateException.class, () -> kit.createProbe());

    ActorRef<Sensor> late = Actor.spawn(new Sensor());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> kit.track(late));
    assertEquals("the test kit is closed; " + late + " was stopped", e.getMessage());
    assertEquals(StopReason.NORMAL, late.waitForShutdown().reason());
  }
}
