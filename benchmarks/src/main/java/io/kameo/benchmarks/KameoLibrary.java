package io.kameo.benchmarks;

import io.kameo.Actor;
import io.kameo.ActorBuilder;
import io.kameo.ActorRef;
import io.kameo.ChildSpec;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.Supervisor;
import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The Kameo adapter: each actor on its own virtual thread, as {@link Actor#spawn} gives it. */
final class KameoLibrary implements ActorLibrary {

  @Override
  public String name() {
    return KAMEO;
  }

  @Override
  public CounterRef spawnCounter(CounterSpec spec) {
    ActorBuilder<Counter> builder = Actor.builder(new Counter(spec));
    switch (spec.mailbox()) {
      case MailboxKind.Default d -> {}
      case MailboxKind.Unbounded u -> builder.mailbox(Mailbox.unbounded());
      case MailboxKind.Bounded b -> builder.mailbox(Mailbox.bounded(b.capacity()));
    }
    ActorRef<Counter> ref = builder.spawn();
    return new CounterRef() {
      @Override
      public void tell(int sender, long seq) {
        ref.tell(new Tick(sender, seq));
      }

      @Override
      public Tally tally() {
        return ref.ask(new GetTally());
      }

      @Override
      public void stop() {
        ref.stopGracefully();
      }
    };
  }

  @Override
  public EchoRef spawnEcho() {
    ActorRef<Echo> ref = Actor.spawn(new Echo());
    return new EchoRef() {
      @Override
      public long ask(long value) {
        return ref.ask(new Question(value));
      }

      @Override
      public void stop() {
        ref.stopGracefully();
        ref.waitForShutdown();
      }
    };
  }

  @Override
  public FlakyRef spawnFlaky(Flaky flaky) {
    // as good as no limit: more restarts within a second than any run makes
    ActorRef<Supervisor> supervisor =
        Supervisor.builder().maxRestarts(Integer.MAX_VALUE, Duration.ofSeconds(1)).spawn();
    ActorRef<FlakyActor> ref =
        Supervisor.spawnChild(
            supervisor,
            ChildSpec.of(() -> new FlakyActor(flaky)).options(b -> b.mailbox(Mailbox.unbounded())));
    return new FlakyRef() {
      @Override
      public void probe() {
        ref.ask(new ProbeFlaky());
      }

      @Override
      public void tell(long seq) {
        ref.tell(new Fragile(seq));
      }

      @Override
      public void stop() {
        supervisor.stopGracefully();
        supervisor.waitForShutdown();
      }
    };
  }

  @Override
  public PingPong spawnPingPong(int pairs, long roundTrips, CountDownLatch done) {
    List<ActorRef<Pinger>> pingers = new ArrayList<>(pairs);
    List<ActorRef<Ponger>> pongers = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      ActorRef<Ponger> ponger = Actor.spawn(new Ponger());
      Pinger pinger = new Pinger(ponger, roundTrips, done);
      pongers.add(ponger);
      pingers.add(Actor.spawn(pinger));
    }
    return new PingPong() {
      @Override
      public void probe() {
        for (int i = 0; i < pairs; i++) {
          pingers.get(i).ask(new GetMismatches());
          pongers.get(i).ask(new ProbePonger());
        }
      }

      @Override
      public void start() {
        for (ActorRef<Pinger> pinger : pingers) {
          pinger.tell(new Start());
        }
      }

      @Override
      public long mismatches() {
        long sum = 0;
        for (ActorRef<Pinger> pinger : pingers) {
          sum += pinger.ask(new GetMismatches());
        }
        return sum;
      }

      @Override
      public void stop() {
        pingers.forEach(ActorRef::stopGracefully);
        pongers.forEach(ActorRef::stopGracefully);
        pingers.forEach(ActorRef::waitForShutdown);
        pongers.forEach(ActorRef::waitForShutdown);
      }
    };
  }

  @Override
  public FanOutRefs.TopicGroup spawnTopic(CounterSpec spec, int subscribers) {
    return KameoActorsRows.topic(spec, subscribers);
  }

  @Override
  public FanOutRefs.PoolRef spawnPool(int workers) {
    return KameoActorsRows.pool(workers);
  }

  @Override
  public void close() {}

  // ---------------------------------------------------------------------------------------------
  // Counter

  record Tick(int sender, long seq) implements Message<Counter, Void> {}

  record GetTally() implements Message<Counter, Tally> {}

  static final class Counter implements Actor<Counter> {
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

    @Handler
    void tick(Tick tick) {
      if (check.record(tick.sender(), tick.seq()) == expected) {
        done.countDown();
      }
    }

    @Handler
    Tally tally(GetTally get) {
      return check.tally();
    }

    @Override
    public void onStop(ActorRef<Counter> self, StopReason reason) {
      if (stopped != null) {
        stopped.countDown();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Echo

  record Question(long value) implements Message<Echo, Long> {}

  static final class Echo implements Actor<Echo> {
    @Handler
    long answer(Question question) {
      return question.value() + 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ping-pong: tells that carry the pinger's ref, the same shape as Pekko's replyTo / sender()

  record Start() implements Message<Pinger, Void> {}

  record Ping(long seq, ActorRef<Pinger> replyTo) implements Message<Ponger, Void> {}

  record Pong(long seq) implements Message<Pinger, Void> {}

  record GetMismatches() implements Message<Pinger, Long> {}

  record ProbePonger() implements Message<Ponger, Boolean> {}

  static final class Ponger implements Actor<Ponger> {
    @Handler
    void ping(Ping ping) {
      ping.replyTo().tell(new Pong(ping.seq()));
    }

    @Handler
    boolean probe(ProbePonger probe) {
      return true;
    }
  }

  static final class Pinger implements Actor<Pinger> {
    private final ActorRef<Ponger> ponger;
    private final long roundTrips;
    private final CountDownLatch done;
    private ActorRef<Pinger> self;
    private long sent;
    private long mismatches;

    Pinger(ActorRef<Ponger> ponger, long roundTrips, CountDownLatch done) {
      this.ponger = ponger;
      this.roundTrips = roundTrips;
      this.done = done;
    }

    @Override
    public void onStart(ActorRef<Pinger> self) {
      this.self = self;
    }

    @Handler
    void start(Start start) {
      ponger.tell(new Ping(++sent, self));
    }

    @Handler
    void pong(Pong pong) {
      if (pong.seq() != sent) {
        mismatches++;
      }
      if (sent == roundTrips) {
        done.countDown();
      } else {
        ponger.tell(new Ping(++sent, self));
      }
    }

    @Handler
    long mismatches(GetMismatches get) {
      return mismatches;
    }
  }

  record Fragile(long seq) implements Message<FlakyActor, Void> {}

  record ProbeFlaky() implements Message<FlakyActor, Boolean> {}

  static final class FlakyActor implements Actor<FlakyActor> {
    private final Flaky flaky;

    FlakyActor(Flaky flaky) {
      this.flaky = flaky;
      flaky.started();
    }

    @Handler
    void fragile(Fragile m) {
      flaky.handle(m.seq());
    }

    @Handler
    boolean probe(ProbeFlaky probe) {
      return true;
    }
  }
}
