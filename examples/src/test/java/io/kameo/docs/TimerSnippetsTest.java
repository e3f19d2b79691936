package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.test.ManualClock;
import io.kameo.time.Timer;
import io.kameo.time.Timers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/15-timers.md, run. */
class TimerSnippetsTest {
  record Beat() implements Message<Heartbeat, Void> {}

  record Beats() implements Message<Heartbeat, Integer> {}

  record Expire() implements Message<Heartbeat, Void> {}

  static final class Heartbeat implements Actor<Heartbeat> {
    private final Timers timers;
    private int beats;

    Heartbeat(Timers timers) {
      this.timers = timers; // Timers.system() in production, a manual clock's in tests
    }

    @Override
    public void onStart(ActorRef<Heartbeat> self) {
      timers.tellAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), self, new Beat());
    }

    @Handler
    void beat(Beat msg) {
      beats++;
    }

    @Handler
    int beats(Beats msg) {
      return beats;
    }

    @Handler
    void expire(Expire msg) {}
  }

  @Test
  void a_test_drives_time_with_a_manual_clock() {
    ManualClock clock = ManualClock.create(); // from kameo-test
    ActorRef<Heartbeat> heart = Actor.spawn(new Heartbeat(Timers.create(clock)));
    heart.waitForStartup(); // onStart has started the timer

    clock.advance(Duration.ofSeconds(3)); // three beats, told before advance returns
    int beats = heart.ask(new Beats()); // 3
    assertEquals(3, beats);
    assertEquals(1, clock.scheduledTasks(), "one clock task per timer");
  }

  @Test
  void one_shot_and_cancel() {
    ActorRef<Heartbeat> session = Actor.spawn(new Heartbeat(Timers.system()));
    Timer expiry = Timers.system().tellAfter(Duration.ofMinutes(30), session, new Expire());
    // ... the user came back: the session stays
    expiry.cancel(); // no tick after this returns; the timer lets go of session and message
    assertFalse(expiry.isActive());
    session.kill();
  }
}
