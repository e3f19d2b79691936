package io.kameo.benchmarks;

/**
 * How big each workload is, how often it is repeated and in how many JVMs.
 *
 * <p>Each (workload, library) pair is measured in {@code jvms} fresh JVMs, started in rounds that
 * alternate the libraries (kameo, classic, typed, kameo, classic, typed, ...), so that a slow drift
 * of the machine hits every library alike. Each JVM does {@code warmups} warm-up runs at 1/{@code
 * warmupDivisor} of the size (the whole code path: spawn, send, check, stop; enough messages for
 * the JIT), then {@code runs} measured runs at full size; a row's value is the median of all
 * measured runs of all its JVMs.
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
 * @param pubSubSubscribers subscribers of the pub/sub workload
 * @param pubSubMessages messages published in the pub/sub workload
 * @param poolAsks asks of the pool workload, over all callers
 * @param jvms fresh JVMs per workload and library
 * @param warmups unmeasured runs per JVM before the measured ones, the same for every library
 * @param warmupDivisor how much smaller a warm-up run is than a measured one
 * @param runs measured runs per JVM
 * @param spawnRuns measured runs per JVM of the spawn workloads (warm-up: one run)
 * @param heap the fixed heap of every measuring JVM ({@code -Xms} = {@code -Xmx})
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
    int pubSubSubscribers,
    long pubSubMessages,
    int poolAsks,
    int jvms,
    int warmups,
    int warmupDivisor,
    int runs,
    int spawnRuns,
    String heap) {

  /**
   * The documented run: the sizes the issue asks for; 3 JVMs per workload and library, each with 6
   * warm-ups at a third of the size and 2 measured runs (6 measured runs per library and row).
   */
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
          1000,
          1000,
          10_000,
          3,
          6,
          3,
          2,
          2,
          "4g");

  /** {@code run --quick}: every workload, smaller, one JVM per family; not for publication. */
  static final Scale QUICK =
      new Scale(
          "quick", 1_000_000, 1_024_000, 20_000, 100_000, 1000, 100, 10_000, 100_000, 10_000, 20,
          1000, 300, 10_000, 1, 2, 2, 3, 2, "2g");

  /** The smoke test: every code path once (two JVM rounds), in well under a second per workload. */
  static final Scale TINY =
      new Scale(
          "tiny", 2_000, 6_400, 200, 200, 1000, 2, 100, 1_000, 100, 3, 10, 3, 80, 2, 1, 2, 1, 1,
          "512m");

  /** This scale with the sizes of a warm-up run. */
  Scale warmup() {
    int d = warmupDivisor;
    return new Scale(
        name,
        Math.max(1, tellMessages / d),
        Math.max(1, manyMessages / d),
        Math.max(1, asks / d),
        Math.max(1, pingPongOnePair / d),
        pingPongPairs,
        Math.max(1, pingPongPerPair / d),
        Math.max(1, spawnSmall / d),
        Math.max(1, spawnLarge / d),
        fanOutActors,
        Math.max(1, fanOutTells / d),
        pubSubSubscribers,
        Math.max(1, pubSubMessages / d),
        Math.max(8, poolAsks / d),
        jvms,
        warmups,
        1,
        runs,
        spawnRuns,
        heap);
  }

  static Scale named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "quick" -> QUICK;
      case "tiny" -> TINY;
      default -> throw new IllegalArgumentException("unknown scale: " + name);
    };
  }
}
