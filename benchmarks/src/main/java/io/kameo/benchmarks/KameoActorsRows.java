package io.kameo.benchmarks;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.actors.DeliveryStrategy;
import io.kameo.actors.Pool;
import io.kameo.actors.PubSub;
import io.kameo.actors.Subscriber;
import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.Tally;
import io.kameo.benchmarks.FanOutRefs.PoolRef;
import io.kameo.benchmarks.FanOutRefs.TopicGroup;
import io.kameo.benchmarks.KameoLibrary.Counter;
import io.kameo.benchmarks.KameoLibrary.GetTally;
import io.kameo.benchmarks.KameoLibrary.Tick;
import java.util.ArrayList;
import java.util.List;

/**
 * Kameo's side of the issue-14 rows: a {@link PubSub} with guaranteed delivery to counters with
 * unbounded mailboxes, and a {@link Pool} of echo workers with its default (least-busy) routing.
 */
final class KameoActorsRows {
  private KameoActorsRows() {}

  static TopicGroup topic(CounterSpec spec, int subscribers) {
    PubSub<Tick> topic = PubSub.create(DeliveryStrategy.guaranteed());
    List<ActorRef<Counter>> counters = new ArrayList<>(subscribers);
    for (int i = 0; i < subscribers; i++) {
      ActorRef<Counter> counter =
          Actor.builder(new Counter(spec)).mailbox(Mailbox.unbounded()).spawn();
      counters.add(counter);
      topic.subscribe(Subscriber.of(counter));
    }
    return new TopicGroup() {
      @Override
      public void probe() {
        Workload.check(
            topic.subscribers() == subscribers, topic.subscribers() + " subscribers subscribed");
      }

      @Override
      public void publish(long seq) {
        topic.publish(new Tick(0, seq));
      }

      @Override
      public List<Tally> tallies() {
        List<Tally> tallies = new ArrayList<>(subscribers);
        for (ActorRef<Counter> counter : counters) {
          tallies.add(counter.ask(new GetTally()));
        }
        return tallies;
      }

      @Override
      public void stop() {
        counters.forEach(ActorRef::stopGracefully);
      }
    };
  }

  static PoolRef pool(int workers) {
    Pool<KameoLibrary.Echo> pool = Pool.builder(KameoLibrary.Echo::new).size(workers).spawn();
    return new PoolRef() {
      @Override
      public long ask(long value) {
        return pool.ask(new KameoLibrary.Question(value));
      }

      @Override
      public void stop() {
        pool.stop();
      }
    };
  }
}
