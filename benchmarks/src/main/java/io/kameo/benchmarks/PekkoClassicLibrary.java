package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.OneForOneStrategy;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.japi.pf.DeciderBuilder;
import org.apache.pekko.pattern.Patterns;

/**
 * The Pekko classic adapter: {@code AbstractActor}s created with {@code system.actorOf}, the
 * default dispatcher, sends with {@code tell(message, sender)} and asks with {@link Patterns#ask}.
 */
final class PekkoClassicLibrary implements ActorLibrary {
  private final ActorSystem system = PekkoSupport.newSystem("classic");

  @Override
  public String name() {
    return PEKKO_CLASSIC;
  }

  /** The actor system, for diagnostics that spawn their own classic actors on it. */
  ActorSystem system() {
    return system;
  }

  @Override
  public CounterRef spawnCounter(CounterSpec spec) {
    Props props = Props.create(Counter.class, () -> new Counter(spec));
    if (spec.mailbox() instanceof MailboxKind.Bounded b) {
      props = props.withMailbox(PekkoSupport.boundedMailbox(b.capacity()));
    }
    ActorRef ref = system.actorOf(props);
    return new CounterRef() {
      @Override
      public void tell(int sender, long seq) {
        ref.tell(new Tick(sender, seq), ActorRef.noSender());
      }

      @Override
      public Tally tally() {
        return (Tally)
            PekkoSupport.join(Patterns.ask(ref, GetTally.INSTANCE, PekkoSupport.TIMEOUT));
      }

      @Override
      public void stop() {
        ref.tell(PoisonPill.getInstance(), ActorRef.noSender());
      }
    };
  }

  @Override
  public EchoRef spawnEcho() {
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef ref = system.actorOf(Props.create(Echo.class, () -> new Echo(stopped)));
    return new EchoRef() {
      @Override
      public long ask(long value) {
        return (Long)
            PekkoSupport.join(Patterns.ask(ref, new Question(value), PekkoSupport.TIMEOUT));
      }

      @Override
      public void stop() {
        ref.tell(PoisonPill.getInstance(), ActorRef.noSender());
        PekkoSupport.await(stopped, "the echo actor to stop");
      }
    };
  }

  @Override
  public FlakyRef spawnFlaky(Flaky flaky) {
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef parent =
        system.actorOf(Props.create(FlakyParent.class, () -> new FlakyParent(flaky, stopped)));
    ActorRef child =
        (ActorRef) PekkoSupport.join(Patterns.ask(parent, GetChild.INSTANCE, PekkoSupport.TIMEOUT));
    return new FlakyRef() {
      @Override
      public void probe() {
        PekkoSupport.join(Patterns.ask(child, Probe.INSTANCE, PekkoSupport.TIMEOUT));
      }

      @Override
      public void tell(long seq) {
        child.tell(new Fragile(seq), ActorRef.noSender());
      }

      @Override
      public void stop() {
        parent.tell(PoisonPill.getInstance(), ActorRef.noSender());
        PekkoSupport.await(stopped, "the flaky actor's parent to stop");
      }
    };
  }

  @Override
  public PingPong spawnPingPong(int pairs, long roundTrips, CountDownLatch done) {
    CountDownLatch stopped = new CountDownLatch(2 * pairs);
    List<ActorRef> pingers = new ArrayList<>(pairs);
    List<ActorRef> pongers = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      ActorRef ponger = system.actorOf(Props.create(Ponger.class, () -> new Ponger(stopped)));
      pongers.add(ponger);
      pingers.add(
          system.actorOf(
              Props.create(Pinger.class, () -> new Pinger(ponger, roundTrips, done, stopped))));
    }
    return new PingPong() {
      @Override
      public void probe() {
        for (int i = 0; i < pairs; i++) {
          PekkoSupport.join(Patterns.ask(pingers.get(i), Probe.INSTANCE, PekkoSupport.TIMEOUT));
          PekkoSupport.join(Patterns.ask(pongers.get(i), Probe.INSTANCE, PekkoSupport.TIMEOUT));
        }
      }

      @Override
      public void start() {
        for (ActorRef pinger : pingers) {
          pinger.tell(Start.INSTANCE, ActorRef.noSender());
        }
      }

      @Override
      public long mismatches() {
        long sum = 0;
        for (ActorRef pinger : pingers) {
          sum +=
              (Long)
                  PekkoSupport.join(
                      Patterns.ask(pinger, GetMismatches.INSTANCE, PekkoSupport.TIMEOUT));
        }
        return sum;
      }

      @Override
      public void stop() {
        pingers.forEach(p -> p.tell(PoisonPill.getInstance(), ActorRef.noSender()));
        pongers.forEach(p -> p.tell(PoisonPill.getInstance(), ActorRef.noSender()));
        PekkoSupport.await(stopped, "the ping-pong actors to stop");
      }
    };
  }

  @Override
  public FanOutRefs.TopicGroup spawnTopic(CounterSpec spec, int subscribers) {
    return PekkoClassicActorsRows.topic(system, spec, subscribers);
  }

  @Override
  public FanOutRefs.PoolRef spawnPool(int workers) {
    return PekkoClassicActorsRows.pool(system, workers);
  }

  @Override
  public void close() {
    PekkoSupport.terminate(system);
  }

  // ---------------------------------------------------------------------------------------------
  // Counter

  record Tick(int sender, long seq) {}

  enum GetTally {
    INSTANCE
  }

  static final class Counter extends AbstractActor {
    private final OrderCheck check;
    private final long expected;
    private final CountDownLatch done;
    private final CountDownLatch stopped;

    Counter(CounterSpec spec) {
      this.check = new OrderCheck(spec.senders());
      this.expected = spec.expected();
      this.done = spec.done();
      this.stopped = spec.stopped();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(
              Tick.class,
              tick -> {
                if (check.record(tick.sender(), tick.seq()) == expected) {
                  done.countDown();
                }
              })
          .match(GetTally.class, get -> getSender().tell(check.tally(), getSelf()))
          .build();
    }

    @Override
    public void postStop() {
      if (stopped != null) {
        stopped.countDown();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Echo

  record Question(long value) {}

  static final class Echo extends AbstractActor {
    private final CountDownLatch stopped;

    Echo(CountDownLatch stopped) {
      this.stopped = stopped;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Question.class, q -> getSender().tell(q.value() + 1, getSelf()))
          .build();
    }

    @Override
    public void postStop() {
      stopped.countDown();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ping-pong: the ping carries the pinger's ref, as on the Kameo and typed sides (the same
  // message shapes everywhere: a Ping of seq and reply address, a Pong of seq), sent without a
  // sender; replying to getSender() measured no different (docs/benchmarks.md)

  enum Start {
    INSTANCE
  }

  enum GetMismatches {
    INSTANCE
  }

  /** Asks an actor for a sign of life before the timed part; it answers with itself. */
  enum Probe {
    INSTANCE
  }

  record Ping(long seq, ActorRef replyTo) {}

  record Pong(long seq) {}

  static final class Ponger extends AbstractActor {
    private final CountDownLatch stopped;

    Ponger(CountDownLatch stopped) {
      this.stopped = stopped;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Ping.class, ping -> ping.replyTo().tell(new Pong(ping.seq()), ActorRef.noSender()))
          .match(Probe.class, probe -> getSender().tell(probe, getSelf()))
          .build();
    }

    @Override
    public void postStop() {
      stopped.countDown();
    }
  }

  static final class Pinger extends AbstractActor {
    private final ActorRef ponger;
    private final long roundTrips;
    private final CountDownLatch done;
    private final CountDownLatch stopped;
    private long sent;
    private long mismatches;

    Pinger(ActorRef ponger, long roundTrips, CountDownLatch done, CountDownLatch stopped) {
      this.ponger = ponger;
      this.roundTrips = roundTrips;
      this.done = done;
      this.stopped = stopped;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(
              Start.class, start -> ponger.tell(new Ping(++sent, getSelf()), ActorRef.noSender()))
          .match(
              Pong.class,
              pong -> {
                if (pong.seq() != sent) {
                  mismatches++;
                }
                if (sent == roundTrips) {
                  done.countDown();
                } else {
                  ponger.tell(new Ping(++sent, getSelf()), ActorRef.noSender());
                }
              })
          .match(GetMismatches.class, get -> getSender().tell(mismatches, getSelf()))
          .match(Probe.class, probe -> getSender().tell(probe, getSelf()))
          .build();
    }

    @Override
    public void postStop() {
      stopped.countDown();
    }
  }

  record Fragile(long seq) {}

  enum GetChild {
    INSTANCE
  }

  /** Supervises one flaky child with SupervisorStrategy.restart: no limit, no logging. */
  static final class FlakyParent extends AbstractActor {
    private static final SupervisorStrategy RESTART =
        new OneForOneStrategy(
            false, DeciderBuilder.matchAny(e -> SupervisorStrategy.restart()).build());

    private final ActorRef child;
    private final CountDownLatch stopped;

    FlakyParent(Flaky flaky, CountDownLatch stopped) {
      this.child =
          getContext().actorOf(Props.create(FlakyChild.class, () -> new FlakyChild(flaky)));
      this.stopped = stopped;
    }

    @Override
    public SupervisorStrategy supervisorStrategy() {
      return RESTART;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(GetChild.class, get -> getSender().tell(child, getSelf()))
          .build();
    }

    @Override
    public void postStop() {
      stopped.countDown(); // after its child stopped: a parent stops its children first
    }
  }

  static final class FlakyChild extends AbstractActor {
    private final Flaky flaky;

    FlakyChild(Flaky flaky) {
      this.flaky = flaky;
      flaky.started();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Fragile.class, m -> flaky.handle(m.seq()))
          .match(Probe.class, probe -> getSender().tell(probe, getSelf()))
          .build();
    }
  }
}
