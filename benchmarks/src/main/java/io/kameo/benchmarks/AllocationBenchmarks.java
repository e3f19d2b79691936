package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterRef;
import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.EchoRef;
import io.kameo.benchmarks.ActorLibrary.MailboxKind;
import io.kameo.benchmarks.ActorLibrary.Tally;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * (g) Allocation per message, for JMH's {@code -prof gc} ({@code gc.alloc.rate.norm}: bytes
 * allocated by all threads of the JVM per operation, so the actor's side is counted too).
 *
 * <p>{@link Tell}: one operation is one tell; each invocation tells {@value #BATCH} messages and
 * then asks the counter for its tally, which must equal everything told so far (so the actor has
 * really handled each message, in order, before the next invocation; the ask costs 1/{@value
 * #BATCH} of an ask per message). {@link Ask}: one operation is one sequential ask whose answer is
 * checked.
 */
public final class AllocationBenchmarks {
  /** Tells per invocation of {@link Tell#tell}. */
  public static final int BATCH = 1000;

  private AllocationBenchmarks() {}

  /** Tells to a counter actor. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class Tell {
    /** The adapter. */
    @Param({ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED})
    public String adapter;

    /** {@code unbounded}, or {@code default} for the library's default mailbox. */
    @Param({"unbounded", "default"})
    public String mailbox;

    private ActorLibrary library;
    private CounterRef counter;
    private long seq;

    /** Spawns the counter. */
    @Setup(Level.Trial)
    public void setUp() {
      library = ActorLibrary.create(adapter);
      MailboxKind kind =
          switch (mailbox) {
            case "unbounded" -> MailboxKind.UNBOUNDED;
            case "default" -> MailboxKind.DEFAULT;
            default -> throw new IllegalArgumentException("unknown mailbox: " + mailbox);
          };
      counter =
          library.spawnCounter(
              new CounterSpec(kind, 1, Long.MAX_VALUE, new CountDownLatch(1), null));
    }

    /** Stops the counter and the library. */
    @TearDown(Level.Trial)
    public void tearDown() {
      counter.stop();
      library.close();
    }

    /** Tells {@value #BATCH} ticks and checks that the counter handled all of them, in order. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long tell() {
      for (int i = 0; i < BATCH; i++) {
        counter.tell(0, ++seq);
      }
      Tally tally = counter.tally();
      if (tally.handled() != seq || tally.outOfOrder() != 0) {
        throw new IllegalStateException("counter saw " + tally + ", expected " + seq);
      }
      return tally.handled();
    }
  }

  /** Sequential asks to an echo actor. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class Ask {
    /** The adapter. */
    @Param({ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED})
    public String adapter;

    private ActorLibrary library;
    private EchoRef echo;
    private long value;

    /** Spawns the echo actor. */
    @Setup(Level.Trial)
    public void setUp() {
      library = ActorLibrary.create(adapter);
      echo = library.spawnEcho();
    }

    /** Stops the echo actor and the library. */
    @TearDown(Level.Trial)
    public void tearDown() {
      echo.stop();
      library.close();
    }

    /** Asks once and checks the answer. */
    @Benchmark
    public long ask() {
      long answer = echo.ask(++value);
      if (answer != value + 1) {
        throw new IllegalStateException("asked " + value + ", answered " + answer);
      }
      return answer;
    }
  }
}
