package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.time.Timer;
import io.kameo.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The manual clock runs due tasks in order on the advancing thread, and drives real timers. */
@ExtendWith(KameoExtension.class)
class ManualClockTest {
  private static final long MS = 1_000_000;

  record Touch() implements Message<Session, Void> {}

  record Expire(int generation) implements Message<Session, Void> {}

  /** Expires 30 s after it was last touched, and tells the monitor so. */
  static final class Session implements Actor<Session> {
    private final Timers timers;
    private final Recipient<String> monitor;
    private Timer expiry;
    private int generation;

    Session(Timers timers, Recipient<String> monitor) {
      this.timers = timers;
      this.monitor = monitor;
    }

    @Handler
    void touch(Touch msg, Context<Session, Void> ctx) {
      if (expiry != null) {
        expiry.cancel();
      }
      expiry = timers.tellAfter(Duration.ofSeconds(30), ctx.self(), new Expire(++generation));
      monitor.tell("touched");
    }

    @Handler
    void expire(Expire msg, Context<Session, Void> ctx) {
      monitor.tell("expired " + msg.generation());
      ctx.stop();
    }
  }

  @Test
  void a_one_shot_timer_restarted_by_each_touch_fires_only_after_the_last(ActorTestKit kit) {
    ManualClock clock = ManualClock.create();
    TestProbe<String> monitor = kit.createProbe();
    ActorRef<Session> session = kit.spawn(new Session(Timers.create(clock), monitor));

    session.tell(new Touch());
    monitor.expectMessage("touched"); // the timer is scheduled once the touch was handled
    clock.advance(Duration.ofSeconds(20));
    session.tell(new Touch());
    monitor.expectMessage("touched");
    clock.advance(Duration.ofSeconds(20)); // 40 s: the first timer's time, but it was cancelled
    monitor.expectNoMessage();
    assertEquals(1, clock.scheduledTasks());

    clock.advance(Duration.ofSeconds(10)); // 30 s after the last touch
    monitor.expectMessage("expired 2");
    kit.expectStopped(session, StopReason.Normal.class);
    assertEquals(0, clock.scheduledTasks());
  }

  @Test
  void an_actor_that_stops_leaves_no_task_on_the_clock(ActorTestKit kit) {
    ManualClock clock = ManualClock.create();
    TestProbe<String> monitor = kit.createProbe();
    ActorRef<Session> session = kit.spawn(new Session(Timers.create(clock), monitor));
    session.tell(new Touch());
    monitor.expectMessage("touched");
    assertEquals(1, clock.scheduledTasks());

    session.stopGracefully();
    kit.expectStopped(session, StopReason.Normal.class); // its timer ended with it
    assertEquals(0, clock.scheduledTasks());
    clock.advance(Duration.ofMinutes(1));
    monitor.expectNoMessage();
  }

  record Ping() implements Message<Sink, Void> {}

  static final class Sink implements Actor<Sink> {
    @Handler
    void ping(Ping msg) {}
  }

  @Test
  void a_cancelled_timer_never_fires_and_the_clock_lets_go_of_it(ActorTestKit kit) {
    ManualClock clock = ManualClock.create();
    ActorRef<Sink> sink = kit.spawn(new Sink());
    Timer timer = Timers.create(clock).tellAfter(Duration.ofSeconds(5), sink, new Ping());
    assertEquals(1, clock.scheduledTasks());

    timer.cancel();
    assertEquals(0, clock.scheduledTasks());
    clock.advance(Duration.ofSeconds(10));
    assertFalse(timer.isActive());
  }

  @Test
  void tasks_run_in_due_order_then_schedule_order_on_the_advancing_thread_at_their_due_time() {
    ManualClock clock = ManualClock.create();
    List<String> ran = new ArrayList<>();
    Thread me = Thread.currentThread();
    clock.schedule(() -> ran.add("c@" + clock.nanoTime() / MS), 30 * MS);
    clock.schedule(() -> ran.add("a@" + clock.nanoTime() / MS), 10 * MS);
    clock.schedule(() -> ran.add("b@" + clock.nanoTime() / MS), 10 * MS);
    clock.schedule(() -> assertSame(me, Thread.currentThread()), 20 * MS);

    clock.advance(Duration.ofMillis(25));
    assertEquals(List.of("a@10", "b@10"), ran);
    assertEquals(25 * MS, clock.nanoTime());
    clock.advance(Duration.ofMillis(5));
    assertEquals(List.of("a@10", "b@10", "c@30"), ran);
    assertEquals(0, clock.scheduledTasks());
  }

  @Test
  void a_task_due_at_once_waits_for_the_next_advance_and_tasks_scheduled_by_tasks_run_in_it() {
    ManualClock clock = ManualClock.create();
    List<Long> ran = new CopyOnWriteArrayList<>();
    clock.schedule(
        () -> {
          ran.add(clock.nanoTime());
          clock.schedule(() -> ran.add(clock.nanoTime()), 5 * MS); // due at 5 ms
          clock.schedule(() -> ran.add(clock.nanoTime()), 50 * MS); // beyond this advance
        },
        0);
    assertTrue(ran.isEmpty(), "never on the scheduling thread");

    clock.advance(Duration.ofMillis(10));
    assertEquals(List.of(0L, 5 * MS), ran);
    assertEquals(1, clock.scheduledTasks());
  }

  @Test
  void a_task_that_throws_ends_the_advance_and_later_tasks_stay_scheduled() {
    ManualClock clock = ManualClock.create();
    clock.schedule(
        () -> {
          throw new IllegalStateException("task failed");
        },
        10 * MS);
    clock.schedule(() -> {}, 20 * MS);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> clock.advance(Duration.ofMillis(30)));
    assertEquals("task failed", e.getMessage());
    assertEquals(10 * MS, clock.nanoTime());
    assertEquals(1, clock.scheduledTasks());
  }

  @Test
  void bad_advances_are_refused() {
    ManualClock clock = ManualClock.create();
    assertEquals(
        "duration must not be negative: PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)))
            .getMessage());

    List<Throwable> failures = new ArrayList<>();
    clock.schedule(
        () -> {
          try {
            clock.advance(Duration.ofMillis(1));
          } catch (IllegalStateException e) {
            failures.add(e);
          }
        },
        0);
    clock.advance(Duration.ZERO);
    assertEquals(1, failures.size());
    assertEquals("advance called from a task the clock is running", failures.get(0).getMessage());
  }
}
