package io.kameo.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A goal the project set for Kameo on one kind of row, shown as met or missed in the report.
 *
 * @param workload the workloads it applies to (a regular expression over the whole name)
 * @param metric the metric it applies to
 * @param kind what is compared with {@code bound}
 * @param bound the bound
 * @param text how the report states the goal
 */
record Target(Pattern workload, String metric, Kind kind, double bound, String text) {

  /** What a target bounds. */
  enum Kind {
    /** kameo / best Pekko must be at least the bound. */
    RATIO_AT_LEAST,
    /** kameo / best Pekko must be at most the bound. */
    RATIO_AT_MOST,
    /** Kameo's own value must be at most the bound. */
    VALUE_AT_MOST,
    /** Kameo's own value must be at most the bound and below Pekko classic's. */
    VALUE_AT_MOST_AND_BELOW_CLASSIC
  }

  /**
   * The targets of issue 10. The many-to-1 targets are judged on the {@code -unbounded} rows, an
   * unbounded mailbox on every side (like for like); the default-mailbox rows (Kameo's bounded 64
   * against Pekko's unbounded) are reported beside them without a target. The spawn targets were
   * set for a million actors and are judged on {@code spawn-1M}.
   */
  static final List<Target> ALL =
      List.of(
          target("tell-1to1-unbounded", "msgs/s", Kind.RATIO_AT_LEAST, 2, "ratio >= 2"),
          target("tell-1to1-bounded64", "msgs/s", Kind.RATIO_AT_LEAST, 3, "ratio >= 3"),
          target("tell-1to1-bounded1024", "msgs/s", Kind.RATIO_AT_LEAST, 2, "ratio >= 2"),
          target(
              "tell-(2|8|64)to1-(platform|virtual)-unbounded",
              "msgs/s",
              Kind.RATIO_AT_LEAST,
              1,
              "ratio >= 1"),
          target("ask-sequential", "asks/s", Kind.RATIO_AT_LEAST, 2, "ratio >= 2"),
          target("ask-sequential", "p50-us", Kind.RATIO_AT_MOST, 0.5, "ratio <= 0.5"),
          target("ping-pong-1-pair", "msgs/s", Kind.RATIO_AT_LEAST, 1, "ratio >= 1"),
          target("ping-pong-1000-pairs", "msgs/s", Kind.RATIO_AT_LEAST, 0.3, "ratio >= 0.3"),
          target("spawn-1M", "spawn-ms", Kind.RATIO_AT_MOST, 0.25, "4x faster (ratio <= 0.25)"),
          target("spawn-1M", "all-handled-ms", Kind.RATIO_AT_MOST, 0.5, "2x faster (ratio <= 0.5)"),
          target(
              "spawn-1M",
              "heap-bytes/actor",
              Kind.VALUE_AT_MOST_AND_BELOW_CLASSIC,
              1024,
              "kameo <= 1 KiB and < pekko-classic"),
          target("fan-out-.*", "msgs/s", Kind.RATIO_AT_LEAST, 1, "ratio >= 1"),
          // issue 14: the ready-made actors against Pekko's Topic and routers
          target("pubsub-.*", "msgs/s", Kind.RATIO_AT_LEAST, 1, "ratio >= 1"),
          target("pool-.*", "asks/s", Kind.RATIO_AT_LEAST, 1, "ratio >= 1"));

  private static Target target(String workload, String metric, Kind kind, double bound, String t) {
    return new Target(Pattern.compile(workload), metric, kind, bound, t);
  }

  /** The target of {@code row}, if it has one. */
  static Optional<Target> of(Row row) {
    return ALL.stream()
        .filter(t -> t.metric.equals(row.metric) && t.workload.matcher(row.workload).matches())
        .findFirst();
  }

  /** Whether {@code row} meets this target; empty if the row lacks a value to judge. */
  Optional<Boolean> met(Row row) {
    double kameo = row.value(ActorLibrary.KAMEO);
    return switch (kind) {
      case RATIO_AT_LEAST -> judge(row.ratio(), row.ratio() >= bound);
      case RATIO_AT_MOST -> judge(row.ratio(), row.ratio() <= bound);
      case VALUE_AT_MOST -> judge(kameo, kameo <= bound);
      case VALUE_AT_MOST_AND_BELOW_CLASSIC -> {
        double classic = row.value(ActorLibrary.PEKKO_CLASSIC);
        yield judge(kameo + classic, kameo <= bound && kameo < classic);
      }
    };
  }

  private static Optional<Boolean> judge(double value, boolean met) {
    return Double.isNaN(value) ? Optional.empty() : Optional.of(met);
  }
}
