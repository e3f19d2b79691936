package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.MailboxKind;
import io.kameo.benchmarks.ActorLibrary.Tally;
import io.kameo.benchmarks.FanOutRefs.PoolRef;
import io.kameo.benchmarks.FanOutRefs.TopicGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads of issue 14, the ready-made actors: a pub/sub fan-out (Kameo's {@code PubSub}
 * against Pekko typed's {@code Topic}; Pekko classic's {@code EventStream}) and asks through a pool
 * (Kameo's {@code Pool} against Pekko's {@code Routers.pool} and {@code RoundRobinPool}).
 */
final class ActorsWorkloads {
  private ActorsWorkloads() {}

  /**
   * (i) One plain thread publishes {@code messages} ticks to a topic with {@code subscribers}
   * counters (unbounded mailboxes on every side: nothing may be dropped); deliveries per second
   * from the first publish until every counter has handled all, each in order.
   */
  static final class PubSubFanOut extends Workload {
    private final int subscribers;
    private final long messages;

    PubSubFanOut(int subscribers, long messages) {
      super(
          "pubsub-" + count(subscribers) + "x" + messages,
          MSGS_PER_S,
          CPU_NS_PER_MSG,
          SEND_MS,
          SEND_SHARE);
      this.subscribers = subscribers;
      this.messages = messages;
    }

    @Override
    double[] run(ActorLibrary library) {
      CountDownLatch done = new CountDownLatch(subscribers);
      CountDownLatch stopped = new CountDownLatch(subscribers);
      TopicGroup topic =
          library.spawnTopic(
              new CounterSpec(MailboxKind.UNBOUNDED, 1, messages, done, stopped), subscribers);
      topic.probe();
      for (Tally tally : topic.tallies()) {
        check(tally.handled() == 0, "a fresh subscriber had handled " + tally);
      }
      long cpu = cpuNanos();
      long start = System.nanoTime();
      for (long seq = 1; seq <= messages; seq++) {
        topic.publish(seq);
      }
      long sent = System.nanoTime() - start;
      await(done, subscribers + " subscribers to handle " + messages + " ticks each");
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      for (Tally tally : topic.tallies()) {
        check(
            tally.handled() == messages && tally.outOfOrder() == 0,
            "a subscriber handled " + tally + ", expected " + messages + " in order");
      }
      topic.stop();
      await(stopped, subscribers + " subscribers to stop");
      long deliveries = subscribers * messages;
      return new double[] {
        perSecond(deliveries, elapsed),
        (double) cpu / deliveries,
        sent / 1e6,
        (double) sent / elapsed
      };
    }
  }

  /**
   * (j) {@code callers} virtual threads ask a pool of {@code workers} echo actors {@code asks}
   * times in all, each caller one ask after the other; asks per second until every answer came,
   * each checked.
   */
  static final class PoolAsks extends Workload {
    private final int workers;
    private final int callers;
    private final int perCaller;

    PoolAsks(int workers, int callers, int asks) {
      super(
          "pool-" + workers + "-asks-" + count(asks),
          new Metric("asks/s", true),
          new Metric("cpu-ns/ask", false));
      this.workers = workers;
      this.callers = callers;
      this.perCaller = Math.max(1, asks / callers);
    }

    @Override
    double[] run(ActorLibrary library) {
      PoolRef pool = library.spawnPool(workers);
      for (int i = 0; i < 2 * workers; i++) {
        check(pool.ask(i) == i + 1, "the probing ask was answered wrongly");
      }
      AtomicLong wrong = new AtomicLong();
      CountDownLatch ready = new CountDownLatch(callers);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>(callers);
      for (int c = 0; c < callers; c++) {
        long base = (long) c * perCaller;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      ready.countDown();
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      for (long v = base; v < base + perCaller; v++) {
                        if (pool.ask(v) != v + 1) {
                          wrong.incrementAndGet();
                        }
                      }
                    }));
      }
      await(ready, "the callers to start");
      long cpu = cpuNanos();
      long start = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      long elapsed = System.nanoTime() - start;
      cpu = cpuNanos() - cpu;
      pool.stop();
      long asks = (long) callers * perCaller;
      check(wrong.get() == 0, wrong.get() + " of " + asks + " answers were wrong");
      return new double[] {perSecond(asks, elapsed), (double) cpu / asks};
    }
  }
}
