package io.kameo.time;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.annotations.Handler;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Timers on a manual clock (no sleeping), and one check against real time. */
class TimersTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  record Tick(byte[] payload) implements Message<Ticker, Void> {
    Tick() {
      this(new byte[1 << 10]);
    }
  }

  record Block(CountDownLatch entered, CountDownLatch release) implements Message<Ticker, Void> {}

  record Count() implements Message<Ticker, Integer> {}

  record Other() implements Message<Other.Target, Void> {
    interface Target {}
  }

  /** Counts ticks (keeping none of them); can be held in a handler by a gate. */
  static final class Ticker implements Actor<Ticker> {
    final AtomicInteger ticks = new AtomicInteger();

    @Handler
    void tick(Tick tick) {
      ticks.incrementAndGet();
    }

    @Handler
    void block(Block block) throws InterruptedException {
      block.entered().countDown();
      block.release().await();
    }

    @Handler
    int count(Count count) {
      return ticks.get();
    }
  }

  private final ManualClock clock = new ManualClock();
  private final Timers timers = Timers.create(clock);

  @Test
  void tell_after_tells_once_when_the_clock_reaches_the_delay() {
    Ticker state = new Ticker();
    ActorRef<Ticker> ticker = Actor.spawn(state);
    Timer timer = timers.tellAfter(SECOND, ticker, new Tick());

    clock.advance(SECOND.minusNanos(1));
    assertEquals(0, ticker.ask(new Count()));
    assertTrue(timer.isActive());

    clock.advance(Duration.ofNanos(1));
    assertEquals(1, ticker.ask(new Count()));
    assertFalse(timer.isActive());
    clock.advance(SECOND.multipliedBy(10));
    assertEquals(1, ticker.ask(new Count()));
    assertEquals(0, clock.pending());
  }

  @Test
  void a_fixed_rate_timer_ticks_once_per_period_however_far_the_clock_jumps() {
    ActorRef<Ticker> ticker = Actor.builder(new Ticker()).mailbox(Mailbox.unbounded()).spawn();
    Timer timer = timers.tellAtFixedRate(SECOND, SECOND, ticker, new Tick());

    clock.advance(SECOND.multipliedBy(10).plusMillis(500));
    assertEquals(10, ticker.ask(new Count()));
    clock.advance(Duration.ofMillis(499));
    assertEquals(10, ticker.ask(new Count()));
    clock.advance(Duration.ofMillis(1));
    assertEquals(11, ticker.ask(new Count()));
    assertTrue(timer.isActive());
    assertEquals(0, timer.skippedTicks());
    assertEquals(1, clock.pending(), "one clock task per timer, not one per tick");
  }

  @Test
  void a_fixed_delay_timer_ticks_after_its_initial_delay_and_then_every_delay() {
    ActorRef<Ticker> ticker = Actor.spawn(new Ticker());
    timers.tellWithFixedDelay(Duration.ZERO, SECOND, ticker, new Tick());

    clock.advance(Duration.ZERO);
    assertEquals(1, ticker.ask(new Count()));
    clock.advance(SECOND.multipliedBy(3));
    assertEquals(4, ticker.ask(new Count()));
  }

  @Test
  void a_cancelled_timer_tells_nothing_more_and_lets_go_of_its_message() {
    ActorRef<Ticker> ticker = Actor.spawn(new Ticker());
    Tick tick = new Tick();
    WeakReference<Tick> message = new WeakReference<>(tick);
    Timer timer = timers.tellAtFixedRate(SECOND, SECOND, ticker, tick);
    tick = null;
    clock.advance(SECOND.multipliedBy(2));
    assertEquals(2, ticker.ask(new Count()));

    timer.cancel();
    assertFalse(timer.isActive());
    assertEquals(0, clock.pending());
    clock.advance(SECOND.multipliedBy(5));
    assertEquals(2, ticker.ask(new Count()));
    assertTrue(ticker.isAlive());
    assertCollected(message, "the cancelled timer's message");
    timer.cancel(); // again: nothing happens
  }

  @Test
  void a_timer_ends_when_its_actor_stops_and_keeps_neither_actor_nor_message() {
    Ticker state = new Ticker();
    ActorRef<Ticker> ticker = Actor.spawn(state);
    Tick tick = new Tick();
    WeakReference<Tick> message = new WeakReference<>(tick);
    WeakReference<Ticker> actorState = new WeakReference<>(state);
    WeakReference<ActorRef<Ticker>> ref = new WeakReference<>(ticker);
    Timer periodic = timers.tellAtFixedRate(SECOND, SECOND, ticker, tick);
    Timer once = timers.tellAfter(SECOND.multipliedBy(100), ticker, tick);
    clock.advance(SECOND);
    assertEquals(1, ticker.ask(new Count()));

    ticker.stopGracefully();
    ticker.waitForShutdown();
    assertFalse(periodic.isActive());
    assertFalse(once.isActive());
    assertEquals(0, clock.pending(), "the stop cancelled both clock tasks");
    tick = null;
    state = null;
    ticker = null;
    assertCollected(message, "the message of a stopped actor's timer");
    assertCollected(actorState, "a stopped actor's state");
    assertCollected(ref, "a stopped actor's reference");
    clock.advance(SECOND.multipliedBy(200)); // nothing left to run
  }

  @Test
  void a_periodic_tick_on_a_full_mailbox_is_skipped_and_other_timers_still_tick() throws Exception {
    ActorRef<Ticker> slow = Actor.builder(new Ticker()).mailbox(Mailbox.bounded(1)).spawn();
    ActorRef<Ticker> fast = Actor.spawn(new Ticker());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    slow.tell(new Block(entered, release));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    Timer slowTimer = timers.tellAtFixedRate(SECOND, SECOND, slow, new Tick());
    Timer fastTimer = timers.tellAtFixedRate(SECOND, SECOND, fast, new Tick());

    clock.advance(SECOND.multipliedBy(5)); // returns although slow's mailbox is full
    assertEquals(5, fast.ask(new Count()));
    assertEquals(4, slowTimer.skippedTicks(), "the first tick filled the mailbox of 1");
    assertEquals(0, fastTimer.skippedTicks());

    release.countDown();
    assertEquals(1, slow.ask(new Count()));
    clock.advance(SECOND);
    assertEquals(2, slow.ask(new Count()));
    assertEquals(4, slowTimer.skippedTicks());
  }

  @Test
  void a_one_shot_tick_on_a_full_mailbox_waits_for_room_and_is_not_lost() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<Ticker> slow = heldWithFullMailbox(release);
    Timer timer = timers.tellAfter(SECOND, slow, new Tick());

    clock.advance(SECOND); // returns: the tick waits on a virtual thread
    assertTrue(timer.isActive(), "active until the tick is in the mailbox");
    release.countDown();
    await().atMost(10, TimeUnit.SECONDS).until(() -> slow.ask(new Count()) == 1);
    await().atMost(10, TimeUnit.SECONDS).until(() -> !timer.isActive());
    assertEquals(0, timer.skippedTicks());
  }

  @Test
  void cancel_withdraws_a_one_shot_tick_that_waits_for_room() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<Ticker> slow = heldWithFullMailbox(release);
    Tick tick = new Tick();
    WeakReference<Tick> message = new WeakReference<>(tick);
    Timer timer = timers.tellAfter(SECOND, slow, tick);
    tick = null;
    clock.advance(SECOND);
    assertTrue(timer.isActive());

    timer.cancel();
    assertFalse(timer.isActive());
    assertCollected(message, "the withdrawn tick");
    release.countDown();
    assertEquals(0, slow.ask(new Count()), "the withdrawn tick never arrived");
    assertEquals(0, timer.skippedTicks());
  }

  @Test
  void bad_arguments_and_stopped_actors_are_refused_when_the_timer_starts() {
    ActorRef<Ticker> ticker = Actor.spawn(new Ticker());
    assertThrows(
        IllegalArgumentException.class,
        () -> timers.tellAfter(SECOND.negated(), ticker, new Tick()));
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> timers.tellAtFixedRate(SECOND, Duration.ZERO, ticker, new Tick()));
    assertEquals("period must be positive: PT0S", zero.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> timers.tellWithFixedDelay(SECOND, Duration.ZERO, ticker, new Tick()));
    assertThrows(NullPointerException.class, () -> timers.tellAfter(SECOND, ticker, null));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Message<Ticker, ?> wrong = (Message) new Other();
    IllegalArgumentException unhandled =
        assertThrows(IllegalArgumentException.class, () -> timers.tellAfter(SECOND, ticker, wrong));
    assertTrue(unhandled.getMessage().contains("has no handler for"), unhandled.getMessage());
    assertEquals(0, clock.pending());

    ticker.stopGracefully();
    ticker.waitForShutdown();
    SendException.ActorNotRunning stopped =
        assertThrows(
            SendException.ActorNotRunning.class,
            () -> timers.tellAtFixedRate(SECOND, SECOND, ticker, new Tick()));
    assertTrue(stopped.message().isPresent());
    assertEquals(0, clock.pending());
  }

  @Test
  void the_system_clock_tells_after_real_time_passed() {
    ActorRef<Ticker> ticker = Actor.spawn(new Ticker());
    long start = System.nanoTime();
    Timer timer = Timers.system().tellAfter(Duration.ofMillis(20), ticker, new Tick());
    await().atMost(10, TimeUnit.SECONDS).until(() -> ticker.ask(new Count()) == 1);
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos());
    assertFalse(timer.isActive());
    assertEquals(Clock.system(), Timers.system().clock());
  }

  /** Spawns a ticker with a mailbox of 1, held in a handler until {@code release}, mailbox full. */
  private static ActorRef<Ticker> heldWithFullMailbox(CountDownLatch release)
      throws InterruptedException {
    ActorRef<Ticker> slow = Actor.builder(new Ticker()).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch entered = new CountDownLatch(1);
    slow.tell(new Block(entered, release));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    slow.tell(new Block(new CountDownLatch(1), new CountDownLatch(0))); // fills the mailbox
    return slow;
  }

  private static void assertCollected(WeakReference<?> ref, String what) {
    Supplier<Boolean> gone =
        () -> {
          System.gc();
          return ref.get() == null;
        };
    await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(gone::get);
    assertNull(ref.get(), what + " is still reachable");
  }
}
