package io.kameo.benchmarks;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.time.Timer;
import io.kameo.time.Timers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Props;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What starting and cancelling a one-shot timer costs, as an actor that re-arms an idle timeout on
 * every message does: Kameo's {@code Timers.system().tellAfter} and {@code Timer.cancel} against
 * Pekko classic's {@code scheduler().scheduleOnce} and {@code Cancellable.cancel}. The timer is an
 * hour away, so it never fires; each operation leaves nothing scheduled.
 *
 * <p>Run alone: {@code java -cp <benchmarks class path> org.openjdk.jmh.Main TimerBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerBenchmarks {
  private static final Duration HOUR = Duration.ofHours(1);

  /** The message the Kameo timer would tell. */
  record Timeout() implements Message<Idle, Void> {}

  /** A Kameo actor that ignores its timeouts. */
  static final class Idle implements Actor<Idle> {
    @Handler
    void timeout(Timeout msg) {}
  }

  /** A Pekko actor that ignores its timeouts. */
  static final class PekkoIdle extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().matchAny(m -> {}).build();
    }
  }

  private static final Timeout TIMEOUT = new Timeout();

  private io.kameo.ActorRef<Idle> kameoActor;
  private ActorSystem system;
  private ActorRef pekkoActor;

  /** Spawns one actor on each side. */
  @Setup(Level.Trial)
  public void setUp() {
    kameoActor = Actor.spawn(new Idle());
    system = PekkoSupport.newSystem("timers");
    pekkoActor = system.actorOf(Props.create(PekkoIdle.class, PekkoIdle::new));
  }

  /** Stops both. */
  @TearDown(Level.Trial)
  public void tearDown() {
    kameoActor.kill();
    kameoActor.waitForShutdown();
    PekkoSupport.terminate(system);
  }

  /** Starts a Kameo one-shot timer and cancels it. */
  @Benchmark
  public boolean kameo() {
    Timer timer = Timers.system().tellAfter(HOUR, kameoActor, TIMEOUT);
    timer.cancel();
    return timer.isActive();
  }

  /** Starts a Pekko classic one-shot schedule and cancels it. */
  @Benchmark
  public boolean pekkoClassic() {
    Cancellable timer =
        system
            .scheduler()
            .scheduleOnce(HOUR, pekkoActor, TIMEOUT, system.dispatcher(), ActorRef.noSender());
    timer.cancel();
    return timer.isCancelled();
  }
}
