package io.kameo.benchmarks.remote.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local process of a remote measurement: starts the remote node ({@link RemoteProcess}),
 * connects to its sinks, runs each workload's warm-ups and measured runs, and returns (or, as a
 * main class, prints) every measured value; stops the node before it returns.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.pair.Driver <library> <scale> <workload>...}
 * prints one {@code RESULT <workload> <metric> <value,value,...>} line (tab-separated) per metric.
 */
public final class Driver {
  private Driver() {}

  /** The measured values of one metric of one workload, in run order. */
  record Result(Workload workload, Workload.Metric metric, double[] values) {
    String line() {
      return "RESULT\t"
          + workload.name()
          + "\t"
          + metric.name()
          + "\t"
          + Arrays.stream(values)
              .mapToObj(v -> String.format(Locale.ROOT, "%.6g", v))
              .collect(Collectors.joining(","));
    }
  }

  /** Runs the workloads named in the arguments; see the class comment. */
  public static void main(String[] args) throws Exception {
    Library library = Library.named(args[0]);
    Workload.Scale scale = Workload.Scale.named(args[1]);
    List<Workload> batch = Arrays.stream(args, 2, args.length).map(Workload::named).toList();
    for (Result result : run(library, scale, batch)) {
      System.out.println(result.line());
    }
    System.exit(0); // whatever threads a library left behind
  }

  /** Runs {@code batch} on {@code library} against one fresh remote node. */
  static List<Result> run(Library library, Workload.Scale scale, List<Workload> batch)
      throws IOException, InterruptedException {
    int sinks = batch.stream().mapToInt(Workload::sinks).max().orElse(1);
    Path directory = library.needsKeystore() ? Files.createTempDirectory("kameo-artery") : null;
    try {
      Path keystore = directory == null ? null : SelfSignedKeystore.create(directory);
      List<Result> results = new ArrayList<>();
      try (RemoteProcess remote = RemoteProcess.start(library, sinks, keystore, scale.heap);
          Library.Sinks remoteSinks = library.connect(remote.address(), sinks, keystore)) {
        Runner runner = new Runner(remoteSinks, sinks);
        for (Workload workload : batch) {
          long messages = workload.messages(scale);
          for (int i = 0; i < scale.warmups; i++) {
            runner.run(workload, Math.max(workload.senders(), messages / 3));
          }
          List<Workload.Metric> metrics = workload.metrics();
          double[][] values = new double[metrics.size()][scale.runs];
          for (int r = 0; r < scale.runs; r++) {
            long localCpu = Cpu.processNanos();
            long remoteCpu = remote.cpuNanos();
            Run run = runner.run(workload, messages);
            localCpu = Cpu.processNanos() - localCpu;
            remoteCpu = remote.cpuNanos() - remoteCpu;
            double[] measured = run.metrics(workload, localCpu, remoteCpu);
            for (int m = 0; m < metrics.size(); m++) {
              values[m][r] = measured[m];
            }
          }
          for (int m = 0; m < metrics.size(); m++) {
            results.add(new Result(workload, metrics.get(m), values[m]));
          }
        }
      }
      return results;
    } finally {
      if (directory != null) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** One run: its messages, wall time and, for asks, each ask's round trip. */
  record Run(long messages, long nanos, long[] latencies) {
    /** The values of {@link Workload#metrics} for this run. */
    double[] metrics(Workload workload, long localCpu, long remoteCpu) {
      List<Double> values = new ArrayList<>();
      values.add(messages / (nanos / 1e9));
      if (workload.ask()) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        values.add(percentile(sorted, 0.50));
        values.add(percentile(sorted, 0.99));
        if (workload.senders() == 1) {
          values.add(percentile(sorted, 0.999));
        }
      }
      values.add(localCpu / 1e3 / messages);
      values.add(remoteCpu / 1e3 / messages);
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The {@code q} quantile of {@code sorted} nanoseconds, in microseconds (nearest rank). */
    static double percentile(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1e3;
    }
  }

  /** Sends the workloads' messages; knows how many ticks each sink has been told. */
  static final class Runner {
    private final Library.Sinks sinks;
    private final long[] told;
    private long pings;

    Runner(Library.Sinks sinks, int count) {
      this.sinks = sinks;
      this.told = new long[count];
    }

    Run run(Workload workload, long messages) throws InterruptedException {
      long each = messages / workload.senders();
      byte[] payload = new byte[workload.payload()];
      new Random(workload.payload()).nextBytes(payload);
      long[] latencies = workload.ask() ? new long[(int) (each * workload.senders())] : null;
      long firstPing = pings;
      pings += each * workload.senders();
      List<Runnable> senders = new ArrayList<>();
      for (int s = 0; s < workload.senders(); s++) {
        int sender = s;
        senders.add(
            workload.ask()
                ? () -> ask(payload, firstPing + sender * each, each, latencies, sender * each)
                : () -> tell(sender, payload, each, workload.window()));
      }
      long start = System.nanoTime();
      runAll(senders);
      long nanos = System.nanoTime() - start;
      return new Run(each * workload.senders(), nanos, latencies);
    }

    private void tell(int sink, byte[] payload, long count, int window) {
      for (long i = 0; i < count; i++) {
        sinks.tell(sink, new Tick(told[sink]++, payload));
        if ((i + 1) % window == 0 || i == count - 1) {
          long handled = sinks.ask(sink, new Count(told[sink]));
          if (handled != told[sink]) {
            throw new IllegalStateException(
                "sink-" + sink + " handled " + handled + " of " + told[sink] + " ticks in order");
          }
        }
      }
    }

    private void ask(byte[] payload, long firstSeq, long count, long[] latencies, long offset) {
      for (long i = 0; i < count; i++) {
        Ping ping = new Ping(firstSeq + i, payload);
        long start = System.nanoTime();
        long reply = sinks.ask(0, ping);
        latencies[(int) (offset + i)] = System.nanoTime() - start;
        if (reply != Ping.expectedReply(ping)) {
          throw new IllegalStateException(
              "ping " + ping.seq() + " answered " + reply + ", not " + Ping.expectedReply(ping));
        }
      }
    }

    /** Runs one sender inline, several on virtual threads; rethrows the first failure. */
    private static void runAll(List<Runnable> senders) throws InterruptedException {
      if (senders.size() == 1) {
        senders.get(0).run();
        return;
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (Runnable sender : senders) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        sender.run();
                      } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                      }
                    }));
      }
      for (Thread t : threads) {
        if (!t.join(Library.TIMEOUT.multipliedBy(4))) {
          throw new IllegalStateException(
              "a sender did not finish within " + Library.TIMEOUT.multipliedBy(4));
        }
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a sender failed: " + failure.get(), failure.get());
      }
    }
  }
}
