package io.kameo.benchmarks;

import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.Tally;
import io.kameo.benchmarks.FanOutRefs.PoolRef;
import io.kameo.benchmarks.FanOutRefs.TopicGroup;
import io.kameo.benchmarks.PekkoClassicLibrary.Counter;
import io.kameo.benchmarks.PekkoClassicLibrary.Echo;
import io.kameo.benchmarks.PekkoClassicLibrary.GetTally;
import io.kameo.benchmarks.PekkoClassicLibrary.Question;
import io.kameo.benchmarks.PekkoClassicLibrary.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.routing.RoundRobinPool;

/**
 * Pekko classic's side of the issue-14 rows: classic has no {@code Topic}; its local pub/sub is the
 * {@code EventStream}, to which the counters subscribe by message class. The pool is a {@link
 * RoundRobinPool} router, which routes on the sender's thread.
 */
final class PekkoClassicActorsRows {
  private PekkoClassicActorsRows() {}

  static TopicGroup topic(ActorSystem system, CounterSpec spec, int n) {
    List<ActorRef> counters = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ActorRef counter = system.actorOf(Props.create(Counter.class, () -> new Counter(spec)));
      counters.add(counter);
      system.getEventStream().subscribe(counter, Tick.class); // synchronous
    }
    return new TopicGroup() {
      @Override
      public void probe() {}

      @Override
      public void publish(long seq) {
        system.getEventStream().publish(new Tick(0, seq));
      }

      @Override
      public List<Tally> tallies() {
        List<Tally> tallies = new ArrayList<>(n);
        for (ActorRef counter : counters) {
          tallies.add(
              (Tally)
                  PekkoSupport.join(
                      Patterns.ask(counter, GetTally.INSTANCE, PekkoSupport.TIMEOUT)));
        }
        return tallies;
      }

      @Override
      public void stop() {
        for (ActorRef counter : counters) {
          system.getEventStream().unsubscribe(counter);
          counter.tell(PoisonPill.getInstance(), ActorRef.noSender());
        }
      }
    };
  }

  static PoolRef pool(ActorSystem system, int workers) {
    CountDownLatch stopped = new CountDownLatch(workers);
    ActorRef router =
        system.actorOf(
            new RoundRobinPool(workers).props(Props.create(Echo.class, () -> new Echo(stopped))));
    return new PoolRef() {
      @Override
      public long ask(long value) {
        return (Long)
            PekkoSupport.join(Patterns.ask(router, new Question(value), PekkoSupport.TIMEOUT));
      }

      @Override
      public void stop() {
        router.tell(PoisonPill.getInstance(), ActorRef.noSender());
        PekkoSupport.await(stopped, "the pool's workers to stop");
      }
    };
  }
}
