package io.kameo.benchmarks;

/**
 * How big each workload is and how often it is repeated.
 *
 * @param tellMessages messages of the 1-to-1 tell workloads
 * @param manyMessages messages of the many-to-1 workloads, over all senders
 * @param asks sequential asks per run
 * @param pingPongOnePair round trips of the single ping-pong pair
 * @param pingPongPairs pairs of the many-pairs ping-pong
 * @param pingPongPerPair round trips of each of the many pairs
 * @param spawnSmall actors of the smaller spawn workload
 * @param spawnLarge actors of the larger spawn workload
 * @param fanOutActors actors of the fan-out workload
 * @param fanOutTells tells each fan-out actor gets
 * @param warmups unmeasured runs before the measured ones
 * @param runs measured runs; each metric is their median
 * @param spawnRuns measured runs of the spawn workloads (warm-up: one run)
 */
record Scale(
    String name,
    long tellMessages,
    long manyMessages,
    int asks,
    long pingPongOnePair,
    int pingPongPairs,
    long pingPongPerPair,
    int spawnSmall,
    int spawnLarge,
    int fanOutActors,
    int fanOutTells,
    int warmups,
    int runs,
    int spawnRuns) {

  /** The documented run: the sizes the issue asks for, median of 5 after warm-up. */
  static final Scale FULL =
      new Scale(
          "full",
          10_000_000,
          8_000_000,
          200_000,
          1_000_000,
          1000,
          1000,
          100_000,
          1_000_000,
          10_000,
          100,
          2,
          5,
          5);

  /** {@code run --quick}: every workload, smaller, fewer runs; under five minutes in all. */
  static final Scale QUICK =
      new Scale(
          "quick", 1_000_000, 1_024_000, 20_000, 100_000, 1000, 100, 10_000, 100_000, 10_000, 20, 1,
          3, 2);

  /** The smoke test: every code path once, in well under a second per workload. */
  static final Scale TINY =
      new Scale("tiny", 2_000, 6_400, 200, 200, 1000, 2, 100, 1_000, 100, 3, 0, 1, 1);

  static Scale named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "quick" -> QUICK;
      case "tiny" -> TINY;
      default -> throw new IllegalArgumentException("unknown scale: " + name);
    };
  }
}
