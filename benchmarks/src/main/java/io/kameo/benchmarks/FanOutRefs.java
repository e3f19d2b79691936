package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.Tally;
import java.util.List;

/**
 * The refs of the issue-14 workloads (pub/sub fan-out and pool asks), which each adapter implements
 * with its library's ready-made pub/sub and router.
 */
final class FanOutRefs {
  private FanOutRefs() {}

  /** A topic with counters subscribed to it. */
  interface TopicGroup {
    /** Waits until every counter is subscribed, so that no subscription falls in the timed part. */
    void probe();

    /** Publishes tick {@code seq} (from 1) of sender 0 to every subscriber. */
    void publish(long seq);

    /** Asks every counter what it saw. */
    List<Tally> tallies();

    /** Stops the counters (each counts the spec's {@code stopped} down) and the topic. */
    void stop();
  }

  /** A pool (router) of echo workers: an ask for {@code v} is answered with {@code v + 1}. */
  interface PoolRef {
    /** Asks one worker through the pool and waits for the answer. */
    long ask(long value);

    /** Stops the pool and its workers and waits until they have stopped. */
    void stop();
  }
}
