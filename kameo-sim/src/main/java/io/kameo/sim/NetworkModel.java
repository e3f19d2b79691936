package io.kameo.sim;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How the simulated network behaves, all drawn from the run's seed: each link (an unordered pair of
 * nodes) has a one-way base latency drawn once from a log-normal distribution ({@code
 * medianLatency}, {@code latencySigma}), and each message adds a uniform jitter of up to {@code
 * jitter} of it. A fraction {@code lossyLinks} of the links drops each message with probability
 * {@code lossRate}; a fraction {@code slowNodes} of the nodes answers every request {@code
 * slowDelay} late.
 *
 * <p>A link's latency and lossiness are a pure function of the seed and the two node numbers, so
 * they cost no memory per link and never depend on the order of events.
 *
 * @param medianLatency the median one-way base latency of a link
 * @param latencySigma the log-normal sigma of link latencies (0: every link has the median)
 * @param jitter the most extra latency of one message, as a fraction of its link's base latency
 * @param lossyLinks the fraction of links that drop messages
 * @param lossRate the probability that a lossy link drops one message
 * @param slowNodes the fraction of nodes that answer late
 * @param slowDelay how late a slow node answers
 */
record NetworkModel(
    Duration medianLatency,
    double latencySigma,
    double jitter,
    double lossyLinks,
    double lossRate,
    double slowNodes,
    Duration slowDelay) {

  /** A healthy network: 40 ms median one-way latency, sigma 0.5, 20 % jitter, no loss. */
  static NetworkModel healthy() {
    return new NetworkModel(Duration.ofMillis(40), 0.5, 0.2, 0, 0, 0, Duration.ZERO);
  }

  /** Returns this model with {@code lossyLinks} of the links dropping {@code lossRate}. */
  NetworkModel withLoss(double lossyLinks, double lossRate) {
    return new NetworkModel(
        medianLatency, latencySigma, jitter, lossyLinks, lossRate, slowNodes, slowDelay);
  }

  /** Returns this model with {@code slowNodes} of the nodes answering {@code slowDelay} late. */
  NetworkModel withSlowNodes(double slowNodes, Duration slowDelay) {
    return new NetworkModel(
        medianLatency, latencySigma, jitter, lossyLinks, lossRate, slowNodes, slowDelay);
  }

  /** Returns the base one-way latency of the link between nodes {@code a} and {@code b}, in ns. */
  long baseLatency(long seed, int a, int b) {
    SplittableRandom link = linkRandom(seed, a, b);
    // Box-Muller on StrictMath, so the numbers are the same on every JVM and every compilation
    double u1 = 1.0 - link.nextDouble();
    double u2 = link.nextDouble();
    double normal =
        StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    return (long) (medianLatency.toNanos() * StrictMath.exp(latencySigma * normal));
  }

  /** Returns whether the link between nodes {@code a} and {@code b} is a lossy one. */
  boolean lossy(long seed, int a, int b) {
    if (lossyLinks <= 0) {
      return false;
    }
    SplittableRandom link = linkRandom(seed, a, b);
    link.nextDouble();
    link.nextDouble();
    return link.nextDouble() < lossyLinks;
  }

  /** Returns whether node {@code n} is a slow one. */
  boolean slow(long seed, int n) {
    return slowNodes > 0 && new SplittableRandom(seed * 31 + n).nextDouble() < slowNodes;
  }

  private static SplittableRandom linkRandom(long seed, int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return new SplittableRandom(seed ^ (((long) lo << 32) | hi) * 0x9E3779B97F4A7C15L);
  }
}
