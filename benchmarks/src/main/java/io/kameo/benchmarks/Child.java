package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs workloads on one adapter in this JVM and prints their medians; {@link Harness} starts one
 * such JVM per workload and adapter (per family of workloads in a quick run), so that no library's
 * code shapes the JIT profile of another.
 *
 * <p>Output: one line per metric, {@code RESULT<TAB>workload<TAB>metric<TAB>higher|lower<TAB>median
 * <TAB>all runs, comma-separated}.
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
      report(workload, measure(args[0], workload, scale));
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
        all.append(all.isEmpty() ? "" : ",").append(String.format("%.4g", v));
      }
      System.out.printf(
          "RESULT\t%s\t%s\t%s\t%s\t%s%n",
          workload.name(),
          metric.name(),
          metric.higherIsBetter() ? "higher" : "lower",
          median(values),
          all);
    }
    System.out.flush();
  }

  /** Runs the warm-ups and the measured runs of {@code workload}; returns the measured ones. */
  static List<double[]> measure(String adapter, Workload workload, Scale scale) {
    boolean spawn = workload instanceof Workload.Spawn;
    int warmups = spawn ? Math.min(1, scale.warmups()) : scale.warmups();
    int runs = spawn ? scale.spawnRuns() : scale.runs();
    List<double[]> measured = new ArrayList<>(runs);
    try (ActorLibrary library = ActorLibrary.create(adapter)) {
      for (int i = 0; i < warmups + runs; i++) {
        double[] values = workload.run(library);
        if (i >= warmups) {
          measured.add(values);
        }
      }
    }
    return measured;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
