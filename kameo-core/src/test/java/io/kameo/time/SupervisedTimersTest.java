package io.kameo.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.ChildSpec;
import io.kameo.Message;
import io.kameo.Supervisor;
import io.kameo.annotations.Handler;
import io.kameo.registry.ActorRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A supervised child's restart is not a stop: its name and its timers stay; its final stop ends
 * both (the stop hooks run only at the cell's final stop).
 */
class SupervisedTimersTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  record Beat() implements Message<Worker, Void> {}

  record Fail() implements Message<Worker, Void> {}

  record Beats() implements Message<Worker, Integer> {}

  static final class Worker implements Actor<Worker> {
    private int beats;

    @Handler
    void beat(Beat msg) {
      beats++;
    }

    @Handler
    void fail(Fail msg) {
      throw new IllegalStateException("asked to fail");
    }

    @Handler
    int beats(Beats msg) {
      return beats;
    }
  }

  @Test
  void a_restarted_child_keeps_its_name_and_timers_and_its_final_stop_ends_them() {
    ManualClock clock = new ManualClock();
    Timers timers = Timers.create(clock);
    ActorRegistry registry = ActorRegistry.create();
    ActorRef<Supervisor> supervisor = Supervisor.builder().spawn();
    ActorRef<Worker> child = Supervisor.spawnChild(supervisor, ChildSpec.of(Worker::new));
    registry.register(child, "worker");
    Timer timer = timers.tellAtFixedRate(SECOND, SECOND, child, new Beat());
    clock.advance(SECOND);
    assertEquals(1, child.ask(new Beats()));

    child.tell(new Fail()); // restarted with fresh state
    assertEquals(0, child.ask(new Beats()), "the ask reached the new instance");
    assertSame(child, registry.lookup("worker", Worker.class).orElseThrow());
    assertTrue(timer.isActive(), "a restart is not a stop");
    clock.advance(SECOND);
    assertEquals(1, child.ask(new Beats()), "the timer ticks into the new instance");

    child.stopGracefully();
    child.waitForShutdown();
    assertTrue(registry.lookup("worker", Worker.class).isEmpty());
    assertFalse(timer.isActive());
    assertEquals(0, clock.pending());
    supervisor.stopGracefully();
    supervisor.waitForShutdown();
  }
}
