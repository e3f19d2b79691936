package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterRef;
import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.MailboxKind;
import io.kameo.benchmarks.ActorLibrary.PingPong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JMH cross-check of the single-sender whole-run rows ({@code tell-1to1-unbounded}, {@code
 * -bounded64}, {@code ping-pong-1-pair}): the same actors through the same adapters, timed by JMH
 * instead of the harness, so that "the whole-run figure and JMH agree within noise" can be checked
 * for each library.
 *
 * <p>Each iteration is one single shot ({@link Mode#SingleShotTime}): the actors are spawned and
 * probed in an iteration-level setup (not timed), the shot sends every message and waits until the
 * last is handled (timed), and the teardown checks the actors' tallies, stops them and collects the
 * heap (not timed). {@link CrossCheck} turns each shot's time into messages per second.
 */
public final class CrossCheckBenchmarks {
  private CrossCheckBenchmarks() {}

  /** One sender tells one counter {@code messages} ticks; the shot ends when all are handled. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public static class Tell {
    /** The adapter. */
    @Param({ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC})
    public String adapter;

    /** {@code unbounded} or {@code bounded64}, as in the whole-run rows of the same name. */
    @Param({"unbounded", "bounded64"})
    public String mailbox;

    /** Ticks per shot. */
    @Param({"10000000"})
    public long messages;

    private ActorLibrary library;
    private CounterRef counter;
    private CountDownLatch done;
    private CountDownLatch stopped;

    /** Starts the library. */
    @Setup(Level.Trial)
    public void open() {
      library = ActorLibrary.create(adapter);
    }

    /** Spawns a fresh counter and probes it (so its start-up is not timed). */
    @Setup(Level.Iteration)
    public void spawn() {
      MailboxKind kind =
          switch (mailbox) {
            case "unbounded" -> MailboxKind.UNBOUNDED;
            case "bounded64" -> MailboxKind.bounded(64);
            default -> throw new IllegalArgumentException("unknown mailbox: " + mailbox);
          };
      done = new CountDownLatch(1);
      stopped = new CountDownLatch(1);
      counter = library.spawnCounter(new CounterSpec(kind, 1, messages, done, stopped));
      Workload.probe(counter);
    }

    /** Tells every tick and waits until the counter has handled the last. */
    @Benchmark
    public void tell() {
      for (long seq = 1; seq <= messages; seq++) {
        counter.tell(0, seq);
      }
      Workload.await(done, "the counter to handle " + messages + " ticks");
    }

    /** Checks the counter's tally, stops it and collects the heap. */
    @TearDown(Level.Iteration)
    public void check() {
      Workload.checkTally(counter, messages);
      counter.stop();
      Workload.await(stopped, "the counter to stop");
      Workload.usedHeapAfterGc();
    }

    /** Stops the library. */
    @TearDown(Level.Trial)
    public void close() {
      library.close();
    }
  }

  /** One pinger/ponger pair does {@code roundTrips} round trips per shot. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public static class PingPongPair {
    /** The adapter. */
    @Param({ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC})
    public String adapter;

    /** Round trips per shot (twice as many messages). */
    @Param({"1000000"})
    public long roundTrips;

    private ActorLibrary library;
    private PingPong pair;
    private CountDownLatch done;

    /** Starts the library. */
    @Setup(Level.Trial)
    public void open() {
      library = ActorLibrary.create(adapter);
    }

    /** Spawns a fresh pair and probes both actors. */
    @Setup(Level.Iteration)
    public void spawn() {
      done = new CountDownLatch(1);
      pair = library.spawnPingPong(1, roundTrips, done);
      pair.probe();
    }

    /** Starts the pinger and waits until it has done every round trip. */
    @Benchmark
    public void pingPong() {
      pair.start();
      Workload.await(done, "the pinger to finish " + roundTrips + " round trips");
    }

    /** Checks the pongs, stops the pair and collects the heap. */
    @TearDown(Level.Iteration)
    public void check() {
      long mismatches = pair.mismatches();
      pair.stop();
      Workload.check(mismatches == 0, mismatches + " pongs did not answer the last ping");
      Workload.usedHeapAfterGc();
    }

    /** Stops the library. */
    @TearDown(Level.Trial)
    public void close() {
      library.close();
    }
  }
}
