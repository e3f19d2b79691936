package io.kameo.examples.timer;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.time.Timer;
import io.kameo.time.Timers;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A periodic job: an actor that compacts a log every period, started by a fixed-rate timer from its
 * own {@code onStart}, with a one-shot deadline. The actor stops itself after a few runs and its
 * timers end with it.
 */
public final class PeriodicJobExample {

  /** Run the job once; told by the periodic timer. */
  public record Compact() implements Message<Compactor, Void> {}

  /** The deadline: give up; told once by a one-shot timer. */
  public record Deadline() implements Message<Compactor, Void> {}

  /** Compacts every period until it has done {@code runs} runs or the deadline passed. */
  public static final class Compactor implements Actor<Compactor> {
    private final Timers timers;
    private final Duration period;
    private final int runs;
    private int done;
    private Timer job;
    private Timer deadline;

    /** Takes its timers from outside, so that a test can hand it a manual clock. */
    public Compactor(Timers timers, Duration period, int runs) {
      this.timers = timers;
      this.period = period;
      this.runs = runs;
    }

    @Override
    public void onStart(ActorRef<Compactor> self) {
      job = timers.tellAtFixedRate(Duration.ZERO, period, self, new Compact());
      deadline = timers.tellAfter(period.multipliedBy(12_000), self, new Deadline()); // a minute
    }

    @Handler
    void compact(Compact msg, Context<Compactor, ?> ctx) {
      done++;
      if (done == runs) {
        ctx.stop(); // the timers end with the actor: nothing to cancel by hand
      }
    }

    @Handler
    void deadline(Deadline msg, Context<Compactor, ?> ctx) {
      ctx.stop();
    }

    int done() {
      return done;
    }

    boolean timersActive() {
      return job.isActive() || deadline.isActive();
    }
  }

  private PeriodicJobExample() {}

  /** Runs the example on real time, printing to {@code out}; returns how often the job ran. */
  public static int run(PrintStream out) {
    Compactor compactor = new Compactor(Timers.system(), Duration.ofMillis(5), 3);
    ActorRef<Compactor> ref = Actor.spawn(compactor);
    StopReason reason = ref.waitForShutdown().reason();
    out.println("compacted " + compactor.done() + " times, then stopped: " + reason);
    out.println("timers still active: " + compactor.timersActive());
    return compactor.done();
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }
}
