package io.kameo.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One line of the report: a workload's metric on every adapter.
 *
 * <p>Each adapter's value is the median of its measured runs, pooled over the JVMs that measured
 * the row; it is {@code NaN} when that adapter's run failed. The first adapter is Kameo, the others
 * are the Pekko ones it is compared with (public for the remote rows of {@code
 * io.kameo.benchmarks.remote.pair}, whose Pekko adapters are Artery's transports).
 */
public final class Row {
  static final String[] ADAPTERS = {
    ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED
  };

  final String workload;
  final String metric;
  final boolean higherIsBetter;

  /** Whether Kameo's value is compared with Pekko's (a ratio); false for descriptive metrics. */
  final boolean compared;

  /** The adapters of the row's columns: Kameo, then the Pekko ones. */
  private final List<String> adapters;

  /** Each adapter's measured runs, pooled over every JVM that measured the row. */
  private final Map<String, double[]> runs = new LinkedHashMap<>();

  /** The adapters whose run of this row failed: their value is NaN, printed {@code FAIL}. */
  private final Set<String> failed = new LinkedHashSet<>();

  /**
   * How far from settled each adapter's warm-ups were: over its JVMs, the largest difference
   * between the last two warm-up runs' values relative to the last; absent if not known (fewer than
   * two warm-ups, or not the workload's first metric).
   */
  private final Map<String, Double> warmupDrift = new LinkedHashMap<>();

  /** The load on the machine while the row was measured. */
  Load.Figures load = Load.Figures.NONE;

  Row(String workload, String metric, boolean higherIsBetter) {
    this(workload, metric, higherIsBetter, true);
  }

  Row(String workload, String metric, boolean higherIsBetter, boolean compared) {
    this(workload, metric, higherIsBetter, compared, List.of(ADAPTERS));
  }

  /**
   * A row whose columns are {@code adapters}: {@link ActorLibrary#KAMEO} first, then the Pekko
   * adapters whose better value is the ratio's denominator.
   */
  public Row(
      String workload,
      String metric,
      boolean higherIsBetter,
      boolean compared,
      List<String> adapters) {
    if (adapters.isEmpty() || !adapters.get(0).equals(ActorLibrary.KAMEO)) {
      throw new IllegalArgumentException("the first adapter must be kameo: " + adapters);
    }
    this.workload = workload;
    this.metric = metric;
    this.higherIsBetter = higherIsBetter;
    this.compared = compared;
    this.adapters = List.copyOf(adapters);
  }

  /** Adds measured runs of {@code adapter} (from one more JVM). */
  public Row add(String adapter, double... measured) {
    double[] old = runs.getOrDefault(adapter, new double[0]);
    double[] all = Arrays.copyOf(old, old.length + measured.length);
    System.arraycopy(measured, 0, all, old.length, measured.length);
    runs.put(adapter, all);
    return this;
  }

  /** Records the warm-up values (in order) of one more JVM of {@code adapter}. */
  void addWarmups(String adapter, double... warmups) {
    int n = warmups.length;
    if (n >= 2 && warmups[n - 1] != 0) {
      double drift = Math.abs(warmups[n - 1] - warmups[n - 2]) / Math.abs(warmups[n - 1]);
      warmupDrift.merge(adapter, drift, Math::max);
    }
  }

  /**
   * How far from settled {@code adapter}'s warm-ups were: over its JVMs, the largest difference
   * between the last two warm-ups relative to the last; NaN if not known.
   */
  double warmupDrift(String adapter) {
    return warmupDrift.getOrDefault(adapter, Double.NaN);
  }

  /** Marks {@code adapter}'s run of this row as failed. */
  public void fail(String adapter) {
    failed.add(adapter);
  }

  /** Whether {@code adapter} has a value or failed (an adapter not run has neither). */
  boolean ran(String adapter) {
    return runs.containsKey(adapter) || failed.contains(adapter);
  }

  /** The runs of {@code adapter}, empty if it did not run. */
  double[] runs(String adapter) {
    return runs.getOrDefault(adapter, new double[0]).clone();
  }

  /** The median of {@code adapter}'s runs; NaN if it failed or did not run. */
  public double value(String adapter) {
    double[] r = runs.get(adapter);
    return failed.contains(adapter) || r == null ? Double.NaN : median(r);
  }

  /** The smallest of {@code adapter}'s runs; NaN if none. */
  double min(String adapter) {
    return failed.contains(adapter) || !runs.containsKey(adapter)
        ? Double.NaN
        : Arrays.stream(runs.get(adapter)).min().orElse(Double.NaN);
  }

  /** The largest of {@code adapter}'s runs; NaN if none. */
  double max(String adapter) {
    return failed.contains(adapter) || !runs.containsKey(adapter)
        ? Double.NaN
        : Arrays.stream(runs.get(adapter)).max().orElse(Double.NaN);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The best of the Pekko values, if any ran. */
  OptionalDouble bestPekko() {
    OptionalDouble best = OptionalDouble.empty();
    for (String adapter : adapters.subList(1, adapters.size())) {
      double v = value(adapter);
      if (!Double.isNaN(v)) {
        boolean better =
            best.isEmpty() || (higherIsBetter ? v > best.getAsDouble() : v < best.getAsDouble());
        best = better ? OptionalDouble.of(v) : best;
      }
    }
    return best;
  }

  /**
   * Kameo's median divided by the better Pekko median; NaN if either is missing or zero (below the
   * resolution of its clock), or the row is not {@link #compared}.
   */
  public double ratio() {
    OptionalDouble best = bestPekko();
    double kameo = value(ActorLibrary.KAMEO);
    return !compared || best.isEmpty() || best.getAsDouble() == 0 || Double.isNaN(kameo)
        ? Double.NaN
        : kameo / best.getAsDouble();
  }

  /**
   * How noisy the row is: over the adapters, the largest spread of their measured runs, (max - min)
   * / median; NaN if no adapter had more than one run.
   */
  double spread() {
    double worst = Double.NaN;
    for (String adapter : runs.keySet()) {
      double median = value(adapter);
      if (runs.get(adapter).length > 1 && median > 0) {
        double spread = (max(adapter) - min(adapter)) / median;
        worst = Double.isNaN(worst) ? spread : Math.max(worst, spread);
      }
    }
    return worst;
  }

  boolean isThroughput() {
    return metric.endsWith("/s");
  }

  /** The line {@code benchmarks/run} prints. */
  public String line() {
    StringBuilder b = new StringBuilder(workload).append(' ').append(metric);
    for (String adapter : adapters) {
      b.append(' ').append(adapter).append('=').append(cell(adapter));
    }
    if (compared) {
      b.append(" ratio=").append(formatRatio(ratio()));
      b.append(higherIsBetter ? " (higher is better)" : " (lower is better)");
    }
    if (!warmupDrift.isEmpty()) {
      b.append(" warm-up drift");
      warmupDrift.forEach(
          (adapter, drift) ->
              b.append(String.format(Locale.ROOT, " %s %.0f%%", adapter, 100 * drift)));
    }
    if (load != Load.Figures.NONE) {
      b.append(" [").append(load.text()).append(']');
    }
    return b.toString();
  }

  /**
   * {@code adapter}'s value as the report shows it: {@code median (min-max)} when it has several
   * runs, the median alone for one, {@code FAIL} if it failed, {@code -} if it did not run.
   */
  public String cell(String adapter) {
    if (!ran(adapter)) {
      return "-";
    }
    double median = value(adapter);
    if (Double.isNaN(median) || runs.get(adapter).length < 2) {
      return format(median);
    }
    return format(median) + " (" + format(min(adapter)) + "–" + format(max(adapter)) + ")";
  }

  /** Formats a measured value: rates with a k/M suffix, other values to three digits. */
  String format(double v) {
    if (Double.isNaN(v)) {
      return "FAIL";
    }
    if (isThroughput()) {
      if (v >= 1e6) {
        return String.format(Locale.ROOT, "%.2fM", v / 1e6);
      }
      if (v >= 1e3) {
        return String.format(Locale.ROOT, "%.1fk", v / 1e3);
      }
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A ratio as the report prints it: two decimals, two significant digits below 0.1. */
  public static String formatRatio(double ratio) {
    if (Double.isNaN(ratio)) {
      return "n/a";
    }
    // small ratios keep two significant digits: 0.0042, not 0.00
    return String.format(Locale.ROOT, ratio >= 0.1 ? "%.2f" : "%.2g", ratio);
  }
}
