package io.kameo.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.SendException;
import io.kameo.time.TimersTest.Count;
import io.kameo.time.TimersTest.Tick;
import io.kameo.time.TimersTest.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Timers racing their own cancel and their actor's stop, many rounds with random timing. */
class TimerRacesTest {
  private static final Duration PERIOD = Duration.ofMillis(1);
  private static final int ROUNDS = Integer.getInteger("kameo.test.timerRaceRounds", 200);

  /**
   * A thread keeps moving a manual clock while the test cancels a fast timer at a random moment.
   * Every tick told before cancel() returned is handled before an ask sent after it; after that no
   * further advance of the clock, however far, tells another tick, and the clock holds no task.
   */
  @Test
  void no_tick_is_told_after_cancel_returns() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      ManualClock clock = new ManualClock();
      Timers timers = Timers.create(clock);
      ActorRef<Ticker> ticker = Actor.builder(new Ticker()).mailbox(Mailbox.unbounded()).spawn();
      Timer timer = timers.tellAtFixedRate(PERIOD, PERIOD, ticker, new Tick());
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch moving = new CountDownLatch(1);
      Thread mover =
          Thread.ofPlatform()
              .start(
                  () -> {
                    moving.countDown();
                    while (!stop.get()) {
                      clock.advance(PERIOD);
                    }
                  });
      moving.await();
      for (int spin = ThreadLocalRandom.current().nextInt(2_000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      timer.cancel();
      int atCancel = ticker.ask(new Count());
      stop.set(true);
      mover.join();

      clock.advance(PERIOD.multipliedBy(100));
      assertEquals(atCancel, ticker.ask(new Count()), "round " + round + ": a tick after cancel");
      assertEquals(0, clock.pending(), "round " + round);
      assertFalse(timer.isActive());
      ticker.kill();
    }
  }

  /**
   * Timers start while their actor stops: each start either refuses with ActorNotRunning or makes a
   * timer that has ended by the time waitForShutdown returns, with nothing left in the clock.
   */
  @Test
  void a_timer_started_while_its_actor_stops_ends_with_it_or_is_refused() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      ManualClock clock = new ManualClock();
      Timers timers = Timers.create(clock);
      ActorRef<Ticker> ticker = Actor.spawn(new Ticker());
      boolean kill = ThreadLocalRandom.current().nextBoolean();
      Thread stopper =
          Thread.ofPlatform()
              .start(kill ? ticker::kill : ticker::stopGracefully); // races the start
      Timer timer = null;
      try {
        timer = timers.tellAtFixedRate(PERIOD, PERIOD, ticker, new Tick());
      } catch (SendException.ActorNotRunning e) {
        // the stop came first: refused, as it must be
      }
      stopper.join();
      ticker.waitForShutdown();
      if (timer != null) {
        assertFalse(timer.isActive(), "round " + round + ": a timer outlived its actor");
      }
      assertEquals(0, clock.pending(), "round " + round);
      clock.advance(PERIOD.multipliedBy(10)); // nothing to run, nothing to tell
    }
  }
}
