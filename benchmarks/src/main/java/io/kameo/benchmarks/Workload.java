package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterRef;
import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.EchoRef;
import io.kameo.benchmarks.ActorLibrary.MailboxKind;
import io.kameo.benchmarks.ActorLibrary.PingPong;
import io.kameo.benchmarks.ActorLibrary.Tally;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One whole-run workload, written once against {@link ActorLibrary}.
 *
 * <p>A run builds its actors, measures, then checks that every message was handled exactly once and
 * in per-sender order (any failed check throws {@link IllegalStateException}, which fails the run),
 * and stops its actors before returning, so runs do not leak into each other.
 */
abstract class Workload {
  /**
   * A metric: its name, whether a higher value is better, and whether the report compares Kameo's
   * value with Pekko's (false for metrics that describe a run rather than rank it).
   */
  record Metric(String name, boolean higherIsBetter, boolean compared) {
    Metric(String name, boolean higherIsBetter) {
      this(name, higherIsBetter, true);
    }
  }

  static final Metric MSGS_PER_S = new Metric("msgs/s", true);

  /**
   * The send phase: milliseconds from the first tell until the sender (the last of the senders)
   * returned from its last tell. Beside the total it shows the mode of a run: an actor that keeps
   * pace makes the senders take about the whole run; one that falls behind lets them finish early.
   */
  static final Metric SEND_MS = new Metric("send-ms", false, false);

  /** The send phase as a share of the whole run (send-ms / time until all handled), 0 to 1. */
  static final Metric SEND_SHARE = new Metric("send-share", true, false);

  /**
   * CPU time of the whole process (all threads: the library's, the senders', JIT and GC) over the
   * timed part, per message: shows what spinning or extra threads cost besides wall-clock time.
   */
  static final Metric CPU_NS_PER_MSG = new Metric("cpu-ns/msg", false);

  private final String name;
  private final List<Metric> metrics;

  Workload(String name, Metric... metrics) {
    this.name = name;
    this.metrics = List.of(metrics);
  }

  /** The workload's name as printed, e.g. {@code tell-1to1-unbounded}. */
  final String name() {
    return name;
  }

  /**
   * The letter for the kind of workload: a (1-to-1 tell) to h (restart); i and j are the
   * ready-made actors' rows (issue 14).
   */
  final String family() {
    return switch (this) {
      case TellOneToOne w -> "a";
      case TellManyToOne w -> "b";
      case AskSequential w -> "c";
      case PingPongPairs w -> "d";
      case Spawn w -> "e";
      case FanOut w -> "f";
      case Restart w -> "h";
      case ActorsWorkloads.PubSubFanOut w -> "i";
      case ActorsWorkloads.PoolAsks w -> "j";
      default -> throw new IllegalStateException("no family for " + name);
    };
  }

  /** The metrics one run yields, in the order of {@link #run}'s result. */
  final List<Metric> metrics() {
    return metrics;
  }

  /** Runs the workload once on {@code library}; returns one value per metric. */
  abstract double[] run(ActorLibrary library);

  /** All workloads at {@code scale}, in report order. */
  static List<Workload> all(Scale scale) {
    List<Workload> all = new ArrayList<>();
    all.add(new TellOneToOne("tell-1to1-unbounded", MailboxKind.UNBOUNDED, scale.tellMessages()));
    all.add(new TellOneToOne("tell-1to1-bounded64", MailboxKind.bounded(64), scale.tellMessages()));
    all.add(
        new TellOneToOne("tell-1to1-bounded1024", MailboxKind.bounded(1024), scale.tellMessages()));
    for (boolean virtual : new boolean[] {false, true}) {
      for (int senders : new int[] {2, 8, 64}) {
        all.add(new TellManyToOne(senders, virtual, MailboxKind.DEFAULT, scale.manyMessages()));
      }
    }
    // the same with unbounded mailboxes on every side: no backpressure, like for like
    for (boolean virtual : new boolean[] {false, true}) {
      for (int senders : new int[] {2, 8, 64}) {
        all.add(new TellManyToOne(senders, virtual, MailboxKind.UNBOUNDED, scale.manyMessages()));
      }
    }
    all.add(new AskSequential(scale.asks()));
    all.add(new PingPongPairs("ping-pong-1-pair", 1, scale.pingPongOnePair()));
    all.add(
        new PingPongPairs(
            "ping-pong-" + scale.pingPongPairs() + "-pairs",
            scale.pingPongPairs(),
            scale.pingPongPerPair()));
    all.add(new Spawn(scale.spawnSmall()));
    all.add(new Spawn(scale.spawnLarge()));
    all.add(new FanOut(scale.fanOutActors(), scale.fanOutTells()));
    all.add(new Restart(scale.tellMessages() / 10));
    all.add(new ActorsWorkloads.PubSubFanOut(scale.pubSubSubscribers(), scale.pubSubMessages()));
    all.add(new ActorsWorkloads.PoolAsks(8, 8, scale.poolAsks()));
    return all;
  }

  /** Returns the workload called {@code name} at {@code scale}. */
  static Workload named(String name, Scale scale) {
    return all(scale).stream()
        .filter(w -> w.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload: " + name));
  }

  /**
   * The warm-up of the workload called {@code name} at {@code scale}: the same workload at {@link
   * Scale#warmup()} size (whose name may differ, e.g. {@code spawn-333k} for {@code spawn-1M}).
   */
  static Workload warmupOf(String name, Scale scale) {
    List<Workload> all = all(scale);
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().equals(name)) {
        return all(scale.warmup()).get(i);
      }
    }
    throw new IllegalArgumentException("unknown workload: " + name);
  }

  /** Formats a count the short way: 10000 as 10k, 1000000 as 1M. */
  static String count(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }

  static double perSecond(long count, long nanos) {
    return count * 1e9 / nanos;
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("check failed: " + what);
    }
  }

  static void checkTally(CounterRef counter, long expected) {
    Tally tally = counter.tally();
    check(
        tally.handled() == expected && tally.outOfOrder() == 0,
        "counter handled " + tally + ", expected " + expected + " in order");
  }

  /**
   * Asks {@code counter} once before the timed part, so that its start-up (Kameo starts the actor's
   * virtual thread on its first message; Pekko creates the actor asynchronously) is not timed, and
   * checks that it has handled nothing yet.
   */
  static void probe(CounterRef counter) {
    Tally tally = counter.tally();
    check(tally.handled() == 0, "a fresh counter had handled " + tally);
  }

  static void await(CountDownLatch latch, String what) {
    PekkoSupport.await(latch, what);
  }

  // -----------------------------------------------------------------------------------------------

  /** (a) One plain thread tells one actor {@code n} messages; until the actor has handled all. */
  static final class TellOneToOne extends Workload {
    private final MailboxKind mailbox;
    private final long n;

    TellOneToOne(String name, MailboxKind mailbox, long n) {
      super(name, MSGS_PER_S, CPU_NS_PER_MSG, SEND_MS, SEND_SHARE);
      this.mailbox = mailbox;
      this.n = n;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      CounterRef counter = library.spawnCounter(new CounterSpec(mailbox, 1, n, done, stopped));
      probe(counter);
      long cpu = cpuNanos();
      long start = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        counter.tell(0, seq);
      }
      long sent = System.nanoTime() - start;
      await(done, "the counter to handle " + n + " ticks");
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      checkTally(counter, n);
      counter.stop();
      await(stopped, "the counter to stop");
      return new double[] {
        perSecond(n, elapsed), (double) cpu / n, sent / 1e6, (double) sent / elapsed
      };
    }
  }

  /**
   * (b) {@code senders} threads (platform or virtual) tell one actor {@code n / senders} messages
   * each; from the moment they are released until the actor has handled all. The actor has the
   * library's default mailbox, or an unbounded one on every side.
   */
  static final class TellManyToOne extends Workload {
    private final int senders;
    private final boolean virtual;
    private final MailboxKind mailbox;
    private final long perSender;

    TellManyToOne(int senders, boolean virtual, MailboxKind mailbox, long n) {
      super(
          "tell-"
              + senders
              + "to1-"
              + (virtual ? "virtual" : "platform")
              + (mailbox == MailboxKind.UNBOUNDED ? "-unbounded" : ""),
          MSGS_PER_S,
          CPU_NS_PER_MSG,
          SEND_MS,
          SEND_SHARE);
      this.senders = senders;
      this.virtual = virtual;
      this.mailbox = mailbox;
      this.perSender = n / senders;
    }

    @Override
    double[] run(ActorLibrary library) {
      long n = perSender * senders;
      CountDownLatch done = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      CounterRef counter =
          library.spawnCounter(new CounterSpec(mailbox, senders, n, done, stopped));
      probe(counter);
      CountDownLatch go = new CountDownLatch(1);
      // each sender writes its own slot; read after join(), which happens-after the write
      long[] finished = new long[senders];
      CountDownLatch ready = new CountDownLatch(senders);
      Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
      List<Thread> threads = new ArrayList<>(senders);
      for (int i = 0; i < senders; i++) {
        int sender = i;
        threads.add(
            builder.start(
                () -> {
                  ready.countDown();
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (long seq = 1; seq <= perSender; seq++) {
                    counter.tell(sender, seq);
                  }
                  finished[sender] = System.nanoTime();
                }));
      }
      await(ready, "the senders to start");
      long cpu = cpuNanos();
      long start = System.nanoTime();
      go.countDown();
      await(done, "the counter to handle " + n + " ticks");
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      for (Thread thread : threads) {
        join(thread);
      }
      long sent = Arrays.stream(finished).max().orElseThrow() - start;
      checkTally(counter, n);
      counter.stop();
      await(stopped, "the counter to stop");
      return new double[] {
        perSecond(n, elapsed), (double) cpu / n, sent / 1e6, (double) sent / elapsed
      };
    }

    private static void join(Thread thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** (c) A plain thread asks one actor {@code n} times, one after the other. */
  static final class AskSequential extends Workload {
    private final int n;

    AskSequential(int n) {
      super(
          "ask-sequential",
          new Metric("asks/s", true),
          new Metric("p50-us", false),
          new Metric("p99-us", false),
          new Metric("p99.9-us", false),
          new Metric("cpu-ns/ask", false));
      this.n = n;
    }

    @Override
    double[] run(ActorLibrary library) {
      EchoRef echo = library.spawnEcho();
      check(echo.ask(-1) == 0, "the probing ask was answered wrongly");
      long[] latencies = new long[n];
      long cpu = cpuNanos();
      long start = System.nanoTime();
      long wrong = 0;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        long answer = echo.ask(i);
        latencies[i] = System.nanoTime() - t0;
        if (answer != i + 1) {
          wrong++;
        }
      }
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      echo.stop();
      check(wrong == 0, wrong + " of " + n + " answers were wrong");
      Arrays.sort(latencies);
      return new double[] {
        perSecond(n, elapsed),
        percentile(latencies, 0.50) / 1e3,
        percentile(latencies, 0.99) / 1e3,
        percentile(latencies, 0.999) / 1e3,
        (double) cpu / n
      };
    }

    private static double percentile(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /**
   * (d) {@code pairs} pinger/ponger pairs do {@code roundTrips} sequential request/response round
   * trips each; messages (pings + pongs) per second from the start signal until every pinger is
   * done.
   */
  static final class PingPongPairs extends Workload {
    private final int pairs;
    private final long roundTrips;

    PingPongPairs(String name, int pairs, long roundTrips) {
      super(name, MSGS_PER_S, CPU_NS_PER_MSG);
      this.pairs = pairs;
      this.roundTrips = roundTrips;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(pairs);
      PingPong group = library.spawnPingPong(pairs, roundTrips, done);
      group.probe();
      long cpu = cpuNanos();
      long start = System.nanoTime();
      group.start();
      await(done, pairs + " pingers to finish " + roundTrips + " round trips");
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      long mismatches = group.mismatches();
      group.stop();
      check(mismatches == 0, mismatches + " pongs did not answer the last ping");
      long messages = 2 * pairs * roundTrips;
      return new double[] {perSecond(messages, elapsed), (double) cpu / messages};
    }
  }

  /**
   * (e) Spawn {@code n} actors with default mailboxes, tell each one message, measure the heap they
   * hold while idle, then stop them all and measure what their references still hold. The actors
   * are not probed before the timed part: their start-up is what this workload measures.
   */
  static final class Spawn extends Workload {
    private final int n;

    Spawn(int n) {
      super(
          "spawn-" + count(n),
          new Metric("spawn-ms", false),
          new Metric("all-handled-ms", false),
          new Metric("heap-bytes/actor", false),
          new Metric("stop-ms", false),
          new Metric("heap-bytes/stopped-ref", false));
      this.n = n;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(n);
      CountDownLatch stopped = new CountDownLatch(n);
      CounterSpec spec = new CounterSpec(MailboxKind.DEFAULT, 1, 1, done, stopped);
      CounterRef[] counters = new CounterRef[n];
      long heapBefore = usedHeapAfterGc();

      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        counters[i] = library.spawnCounter(spec);
      }
      long spawned = System.nanoTime();
      for (CounterRef counter : counters) {
        counter.tell(0, 1);
      }
      await(done, n + " actors to handle their message");
      long handled = System.nanoTime();

      long heapIdle = usedHeapAfterGc();
      // every counter counted down once on its first tick; spot-check that none got more
      for (int i = 0; i < n; i += Math.max(1, n / 100)) {
        checkTally(counters[i], 1);
      }

      long stopStart = System.nanoTime();
      for (CounterRef counter : counters) {
        counter.stop();
      }
      await(stopped, n + " actors to stop");
      long stopEnd = System.nanoTime();
      long heapStopped = usedHeapAfterGc(); // the references are still held
      java.lang.ref.Reference.reachabilityFence(counters);
      return new double[] {
        (spawned - start) / 1e6,
        (handled - start) / 1e6,
        (double) (heapIdle - heapBefore) / n,
        (stopEnd - stopStart) / 1e6,
        (double) (heapStopped - heapBefore) / n
      };
    }
  }

  /** CPU time used so far by all threads of this process. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The heap in use after collecting garbage until the figure settles. */
  static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 64 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  /**
   * (f) One plain thread tells each of {@code actors} actors {@code tells} messages, round-robin;
   * until every actor has handled all of its own.
   */
  static final class FanOut extends Workload {
    private final int actors;
    private final int tells;

    FanOut(int actors, int tells) {
      super("fan-out-" + count(actors) + "x" + tells, MSGS_PER_S, CPU_NS_PER_MSG);
      this.actors = actors;
      this.tells = tells;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(actors);
      CountDownLatch stopped = new CountDownLatch(actors);
      CounterSpec spec = new CounterSpec(MailboxKind.DEFAULT, 1, tells, done, stopped);
      CounterRef[] counters = new CounterRef[actors];
      for (int i = 0; i < actors; i++) {
        counters[i] = library.spawnCounter(spec);
      }
      for (CounterRef counter : counters) {
        probe(counter);
      }
      long cpu = cpuNanos();
      long start = System.nanoTime();
      for (long seq = 1; seq <= tells; seq++) {
        for (CounterRef counter : counters) {
          counter.tell(0, seq);
        }
      }
      await(done, actors + " actors to handle " + tells + " ticks each");
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      for (CounterRef counter : counters) {
        checkTally(counter, tells);
      }
      for (CounterRef counter : counters) {
        counter.stop();
      }
      await(stopped, actors + " actors to stop");
      long messages = (long) actors * tells;
      return new double[] {perSecond(messages, elapsed), (double) cpu / messages};
    }
  }

  /**
   * h: one sender tells a supervised actor {@code n + 1} messages; the actor fails on every 100th
   * and its supervisor restarts it each time (Kameo: a {@code Supervisor}; Pekko: {@code
   * SupervisorStrategy.restart}). Restarts per second, messages per second, and messages lost (told
   * but never handled; the run fails unless it is 0).
   */
  static final class Restart extends Workload {
    static final int FAIL_EVERY = 100;
    private final long n;

    Restart(long n) {
      super(
          "restart-every-" + FAIL_EVERY,
          new Metric("restarts/s", true),
          MSGS_PER_S,
          new Metric("lost", false));
      // one more than a multiple of FAIL_EVERY: the last message does not fail, so when it has
      // been handled every restart before it has happened
      this.n = Math.max(1, n / FAIL_EVERY) * FAIL_EVERY + 1;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(1);
      ActorLibrary.Flaky flaky = new ActorLibrary.Flaky(FAIL_EVERY, n, done);
      ActorLibrary.FlakyRef ref = library.spawnFlaky(flaky);
      ref.probe();
      long start = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        ref.tell(seq);
      }
      boolean finished = awaitQuietly(done);
      long elapsed = System.nanoTime() - start;
      long lost = n - flaky.handled();
      long restarts = flaky.restarts();
      ref.stop();
      check(finished && lost == 0, lost + " of " + n + " messages were lost");
      check(restarts == n / FAIL_EVERY, restarts + " restarts, expected " + n / FAIL_EVERY);
      return new double[] {perSecond(restarts, elapsed), perSecond(n, elapsed), lost};
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
      try {
        return latch.await(2, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
