package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.Tally;
import io.kameo.benchmarks.FanOutRefs.PoolRef;
import io.kameo.benchmarks.FanOutRefs.TopicGroup;
import io.kameo.benchmarks.PekkoTypedLibrary.Counter;
import io.kameo.benchmarks.PekkoTypedLibrary.CounterMessage;
import io.kameo.benchmarks.PekkoTypedLibrary.EchoMessage;
import io.kameo.benchmarks.PekkoTypedLibrary.GetTally;
import io.kameo.benchmarks.PekkoTypedLibrary.Question;
import io.kameo.benchmarks.PekkoTypedLibrary.StopCounter;
import io.kameo.benchmarks.PekkoTypedLibrary.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Pekko typed's side of the issue-14 rows: a {@link Topic} actor with the counters subscribed to
 * it, and a {@link Routers#pool} of echo behaviours with its default round-robin routing, both as
 * the Pekko documentation shows them.
 */
final class PekkoTypedActorsRows {
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private PekkoTypedActorsRows() {}

  static TopicGroup topic(ActorSystem system, Scheduler scheduler, CounterSpec spec, int n) {
    ActorRef<Topic.Command<Tick>> topic =
        Adapter.spawnAnonymous(
            system, Topic.create(Tick.class, "ticks-" + TOPICS.incrementAndGet()), Props.empty());
    List<ActorRef<CounterMessage>> counters = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ActorRef<CounterMessage> counter =
          Adapter.spawnAnonymous(
              system,
              Behaviors.<CounterMessage>setup(ctx -> new Counter(ctx, spec)),
              Props.empty());
      counters.add(counter);
      topic.tell(Topic.subscribe(counter.<Tick>narrow()));
    }
    return new TopicGroup() {
      @Override
      public void probe() {
        // asked after the subscribes, from the same thread: answered after they were handled
        Topic.TopicStats stats =
            PekkoSupport.join(
                AskPattern.<Topic.Command<Tick>, Topic.TopicStats>ask(
                    topic, Topic::getTopicStats, PekkoSupport.TIMEOUT, scheduler));
        Workload.check(
            stats.localSubscriberCount() == n, stats.localSubscriberCount() + " subscribed");
      }

      @Override
      public void publish(long seq) {
        topic.tell(Topic.publish(new Tick(0, seq)));
      }

      @Override
      public List<Tally> tallies() {
        List<Tally> tallies = new ArrayList<>(n);
        for (ActorRef<CounterMessage> counter : counters) {
          tallies.add(
              PekkoSupport.join(
                  AskPattern.<CounterMessage, Tally>ask(
                      counter, GetTally::new, PekkoSupport.TIMEOUT, scheduler)));
        }
        return tallies;
      }

      @Override
      public void stop() {
        counters.forEach(c -> c.tell(StopCounter.INSTANCE));
        system.stop(Adapter.toClassic(topic));
      }
    };
  }

  static PoolRef pool(ActorSystem system, Scheduler scheduler, int workers) {
    CountDownLatch stopped = new CountDownLatch(workers);
    ActorRef<EchoMessage> router =
        Adapter.spawnAnonymous(
            system,
            Routers.pool(
                    workers,
                    Behaviors.<EchoMessage>setup(ctx -> new PekkoTypedLibrary.Echo(ctx, stopped)))
                .withRoundRobinRouting(),
            Props.empty());
    return new PoolRef() {
      @Override
      public long ask(long value) {
        return PekkoSupport.join(
            AskPattern.<EchoMessage, Long>ask(
                router, replyTo -> new Question(value, replyTo), PekkoSupport.TIMEOUT, scheduler));
      }

      @Override
      public void stop() {
        system.stop(Adapter.toClassic(router));
        PekkoSupport.await(stopped, "the pool's workers to stop");
      }
    };
  }
}
