package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs workloads on one adapter in this JVM and prints their measured runs; {@link Harness} starts
 * {@link Scale#jvms} such JVMs per workload and adapter (per family of workloads below full scale),
 * so that no library's code shapes the JIT profile of another.
 *
 * <p>Before every run (warm-up or measured) the heap is collected until it settles, so that no run
 * pays for the garbage of the one before.
 *
 * <p>Output: a line {@code WARMUP<TAB>workload<TAB>the first metric of each warm-up,
 * comma-separated} per workload, then one line per metric, {@code
 * RESULT<TAB>workload<TAB>metric<TAB>higher|lower<TAB>median <TAB>all measured runs,
 * comma-separated}.
 */
final class Child {
  private Child() {}

  /** Arguments: adapter, scale name, workload names. */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: Child <adapter> <scale> <workload>...");
      System.exit(2);
    }
    Scale scale = Scale.named(args[1]);
    for (int i = 2; i < args.length; i++) {
      Workload workload = Workload.named(args[i], scale);
      Workload warmup = Workload.warmupOf(args[i], scale);
      report(workload, measure(args[0], warmup, workload, scale));
    }
    System.exit(0);
  }

  private static void report(Workload workload, List<double[]> runs) {
    for (int m = 0; m < workload.metrics().size(); m++) {
      Workload.Metric metric = workload.metrics().get(m);
      double[] values = new double[runs.size()];
      for (int r = 0; r < runs.size(); r++) {
        values[r] = runs.get(r)[m];
      }
      StringBuilder all = new StringBuilder();
      for (double v : values) {
        all.append(all.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.6g", v));
      }
      System.out.printf(
          "RESULT\t%s\t%s\t%s\t%s\t%s%n",
          workload.name(),
          metric.name(),
          metric.higherIsBetter() ? "higher" : "lower",
          Row.median(values),
          all);
    }
    System.out.flush();
  }

  /**
   * Runs the warm-ups ({@code warmup}, the workload at warm-up size) and the measured runs of
   * {@code workload}; returns the measured ones.
   */
  static List<double[]> measure(String adapter, Workload warmup, Workload workload, Scale scale) {
    boolean spawn = workload instanceof Workload.Spawn;
    int warmups = spawn ? Math.min(1, scale.warmups()) : scale.warmups();
    int runs = spawn ? scale.spawnRuns() : scale.runs();
    List<double[]> measured = new ArrayList<>(runs);
    try (ActorLibrary library = ActorLibrary.create(adapter)) {
      StringBuilder first = new StringBuilder();
      for (int i = 0; i < warmups; i++) {
        Workload.usedHeapAfterGc();
        double value = warmup.run(library)[0];
        first.append(first.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.6g", value));
      }
      // the first metric of every warm-up, so that the harness can tell whether they settled
      System.out.printf("WARMUP\t%s\t%s%n", workload.name(), first);
      for (int i = 0; i < runs; i++) {
        Workload.usedHeapAfterGc();
        measured.add(workload.run(library));
      }
    }
    return measured;
  }
}
