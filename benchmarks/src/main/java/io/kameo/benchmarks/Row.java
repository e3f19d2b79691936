package io.kameo.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One line of the report: a workload's metric on every adapter.
 *
 * <p>A value is {@code NaN} when that adapter's run failed.
 */
final class Row {
  static final String[] ADAPTERS = {
    ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED
  };

  final String workload;
  final String metric;
  final boolean higherIsBetter;
  final Map<String, Double> values = new LinkedHashMap<>();

  /** Each adapter's measured runs, where known. */
  final Map<String, double[]> runs = new LinkedHashMap<>();

  Row(String workload, String metric, boolean higherIsBetter) {
    this.workload = workload;
    this.metric = metric;
    this.higherIsBetter = higherIsBetter;
  }

  double value(String adapter) {
    return values.getOrDefault(adapter, Double.NaN);
  }

  /** The better of the two Pekko values, if either ran. */
  OptionalDouble bestPekko() {
    double classic = value(ActorLibrary.PEKKO_CLASSIC);
    double typed = value(ActorLibrary.PEKKO_TYPED);
    if (Double.isNaN(classic)) {
      return Double.isNaN(typed) ? OptionalDouble.empty() : OptionalDouble.of(typed);
    }
    if (Double.isNaN(typed)) {
      return OptionalDouble.of(classic);
    }
    return OptionalDouble.of(higherIsBetter ? Math.max(classic, typed) : Math.min(classic, typed));
  }

  /** Kameo's value divided by the better Pekko value; NaN if either is missing. */
  double ratio() {
    OptionalDouble best = bestPekko();
    double kameo = value(ActorLibrary.KAMEO);
    return best.isEmpty() || Double.isNaN(kameo) ? Double.NaN : kameo / best.getAsDouble();
  }

  /**
   * How noisy the row is: over the adapters, the largest spread of their measured runs, (max - min)
   * / median; NaN if no adapter had more than one run.
   */
  double spread() {
    double worst = Double.NaN;
    for (Map.Entry<String, double[]> e : runs.entrySet()) {
      double[] r = e.getValue();
      double median = value(e.getKey());
      if (r.length > 1 && median > 0) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : r) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        double spread = (max - min) / median;
        worst = Double.isNaN(worst) ? spread : Math.max(worst, spread);
      }
    }
    return worst;
  }

  boolean isThroughput() {
    return metric.endsWith("/s");
  }

  /** The line {@code benchmarks/run} prints. */
  String line() {
    StringBuilder b = new StringBuilder(workload).append(' ').append(metric);
    for (String adapter : ADAPTERS) {
      b.append(' ').append(adapter).append('=').append(format(value(adapter)));
    }
    b.append(" ratio=").append(formatRatio(ratio()));
    b.append(higherIsBetter ? " (higher is better)" : " (lower is better)");
    return b.toString();
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

  static String formatRatio(double ratio) {
    if (Double.isNaN(ratio)) {
      return "n/a";
    }
    // small ratios keep two significant digits: 0.0042, not 0.00
    return String.format(Locale.ROOT, ratio >= 0.1 ? "%.2f" : "%.2g", ratio);
  }
}
