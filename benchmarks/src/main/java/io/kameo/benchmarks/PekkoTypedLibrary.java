package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The Pekko typed adapter: {@code AbstractBehavior}s (Java DSL) on the default dispatcher, asks
 * with {@link AskPattern#ask}.
 *
 * <p>Typed actors are spawned from the benchmark thread with {@link Adapter#spawnAnonymous}, a
 * synchronous spawn under the user guardian, the same place {@code system.actorOf} puts classic
 * actors; spawning through a typed guardian would cost an ask per actor ({@code SpawnProtocol}).
 */
final class PekkoTypedLibrary implements ActorLibrary {
  private final org.apache.pekko.actor.ActorSystem system = PekkoSupport.newSystem("typed");
  private final Scheduler scheduler = Adapter.toTyped(system).scheduler();

  @Override
  public String name() {
    return PEKKO_TYPED;
  }

  @Override
  public CounterRef spawnCounter(CounterSpec spec) {
    Props props =
        spec.mailbox() instanceof MailboxKind.Bounded b
            ? MailboxSelector.fromConfig(PekkoSupport.boundedMailbox(b.capacity()))
            : Props.empty();
    ActorRef<CounterMessage> ref =
        Adapter.spawnAnonymous(
            system, Behaviors.<CounterMessage>setup(ctx -> new Counter(ctx, spec)), props);
    return new CounterRef() {
      @Override
      public void tell(int sender, long seq) {
        ref.tell(new Tick(sender, seq));
      }

      @Override
      public Tally tally() {
        return PekkoSupport.join(
            AskPattern.<CounterMessage, Tally>ask(
                ref, GetTally::new, PekkoSupport.TIMEOUT, scheduler));
      }

      @Override
      public void stop() {
        ref.tell(StopCounter.INSTANCE);
      }
    };
  }

  @Override
  public EchoRef spawnEcho() {
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef<EchoMessage> ref =
        Adapter.spawnAnonymous(
            system, Behaviors.<EchoMessage>setup(ctx -> new Echo(ctx, stopped)), Props.empty());
    return new EchoRef() {
      @Override
      public long ask(long value) {
        return PekkoSupport.join(
            AskPattern.<EchoMessage, Long>ask(
                ref, replyTo -> new Question(value, replyTo), PekkoSupport.TIMEOUT, scheduler));
      }

      @Override
      public void stop() {
        ref.tell(StopEcho.INSTANCE);
        PekkoSupport.await(stopped, "the echo actor to stop");
      }
    };
  }

  @Override
  public FlakyRef spawnFlaky(Flaky flaky) {
    CountDownLatch stopped = new CountDownLatch(1);
    Behavior<FlakyMessage> restarted =
        Behaviors.supervise(
                Behaviors.<FlakyMessage>setup(
                    ctx -> {
                      flaky.started();
                      return Behaviors.receive(FlakyMessage.class)
                          .onMessage(
                              Fragile.class,
                              m -> {
                                flaky.handle(m.seq());
                                return Behaviors.same();
                              })
                          .onMessage(
                              ProbeFlaky.class,
                              m -> {
                                m.replyTo().tell(true);
                                return Behaviors.same();
                              })
                          .onMessage(StopFlaky.class, m -> Behaviors.stopped())
                          .onSignal(
                              PostStop.class,
                              s -> {
                                stopped.countDown();
                                return Behaviors.same();
                              })
                          .build();
                    }))
            .onFailure(
                RuntimeException.class, SupervisorStrategy.restart().withLoggingEnabled(false));
    ActorRef<FlakyMessage> ref = Adapter.spawnAnonymous(system, restarted, Props.empty());
    return new FlakyRef() {
      @Override
      public void probe() {
        PekkoSupport.join(
            AskPattern.<FlakyMessage, Boolean>ask(
                ref, ProbeFlaky::new, PekkoSupport.TIMEOUT, scheduler));
      }

      @Override
      public void tell(long seq) {
        ref.tell(new Fragile(seq));
      }

      @Override
      public void stop() {
        ref.tell(StopFlaky.INSTANCE);
        PekkoSupport.await(stopped, "the flaky actor to stop");
      }
    };
  }

  @Override
  public PingPong spawnPingPong(int pairs, long roundTrips, CountDownLatch done) {
    CountDownLatch stopped = new CountDownLatch(2 * pairs);
    List<ActorRef<PingerMessage>> pingers = new ArrayList<>(pairs);
    List<ActorRef<PongerMessage>> pongers = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      ActorRef<PongerMessage> ponger =
          Adapter.spawnAnonymous(system, ponger(stopped), Props.empty());
      pongers.add(ponger);
      pingers.add(
          Adapter.spawnAnonymous(
              system,
              Behaviors.<PingerMessage>setup(
                  ctx -> new Pinger(ctx, ponger, roundTrips, done, stopped)),
              Props.empty()));
    }
    return new PingPong() {
      @Override
      public void probe() {
        for (int i = 0; i < pairs; i++) {
          PekkoSupport.join(
              AskPattern.<PingerMessage, Long>ask(
                  pingers.get(i), GetMismatches::new, PekkoSupport.TIMEOUT, scheduler));
          PekkoSupport.join(
              AskPattern.<PongerMessage, Boolean>ask(
                  pongers.get(i), ProbePonger::new, PekkoSupport.TIMEOUT, scheduler));
        }
      }

      @Override
      public void start() {
        for (ActorRef<PingerMessage> pinger : pingers) {
          pinger.tell(Start.INSTANCE);
        }
      }

      @Override
      public long mismatches() {
        long sum = 0;
        for (ActorRef<PingerMessage> pinger : pingers) {
          sum +=
              PekkoSupport.join(
                  AskPattern.<PingerMessage, Long>ask(
                      pinger, GetMismatches::new, PekkoSupport.TIMEOUT, scheduler));
        }
        return sum;
      }

      @Override
      public void stop() {
        pingers.forEach(p -> p.tell(StopPinger.INSTANCE));
        pongers.forEach(p -> p.tell(StopPonger.INSTANCE));
        PekkoSupport.await(stopped, "the ping-pong actors to stop");
      }
    };
  }

  @Override
  public FanOutRefs.TopicGroup spawnTopic(CounterSpec spec, int subscribers) {
    return PekkoTypedActorsRows.topic(system, scheduler, spec, subscribers);
  }

  @Override
  public FanOutRefs.PoolRef spawnPool(int workers) {
    return PekkoTypedActorsRows.pool(system, scheduler, workers);
  }

  @Override
  public void close() {
    PekkoSupport.terminate(system);
  }

  // ---------------------------------------------------------------------------------------------
  // Counter

  sealed interface CounterMessage {}

  record Tick(int sender, long seq) implements CounterMessage {}

  record GetTally(ActorRef<Tally> replyTo) implements CounterMessage {}

  enum StopCounter implements CounterMessage {
    INSTANCE
  }

  static final class Counter extends AbstractBehavior<CounterMessage> {
    private final OrderCheck check;
    private final long expected;
    private final CountDownLatch done;
    private final CountDownLatch stopped;

    Counter(ActorContext<CounterMessage> context, CounterSpec spec) {
      super(context);
      this.check = new OrderCheck(spec.senders());
      this.expected = spec.expected();
      this.done = spec.done();
      this.stopped = spec.stopped();
    }

    @Override
    public Receive<CounterMessage> createReceive() {
      return newReceiveBuilder()
          .onMessage(Tick.class, this::onTick)
          .onMessage(
              GetTally.class,
              get -> {
                get.replyTo().tell(check.tally());
                return this;
              })
          .onMessage(StopCounter.class, stop -> Behaviors.stopped())
          .onSignal(
              PostStop.class,
              signal -> {
                if (stopped != null) {
                  stopped.countDown();
                }
                return this;
              })
          .build();
    }

    private Behavior<CounterMessage> onTick(Tick tick) {
      if (check.record(tick.sender(), tick.seq()) == expected) {
        done.countDown();
      }
      return this;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Echo

  sealed interface EchoMessage {}

  record Question(long value, ActorRef<Long> replyTo) implements EchoMessage {}

  enum StopEcho implements EchoMessage {
    INSTANCE
  }

  static final class Echo extends AbstractBehavior<EchoMessage> {
    private final CountDownLatch stopped;

    Echo(ActorContext<EchoMessage> context, CountDownLatch stopped) {
      super(context);
      this.stopped = stopped;
    }

    @Override
    public Receive<EchoMessage> createReceive() {
      return newReceiveBuilder()
          .onMessage(
              Question.class,
              q -> {
                q.replyTo().tell(q.value() + 1);
                return this;
              })
          .onMessage(StopEcho.class, stop -> Behaviors.stopped())
          .onSignal(
              PostStop.class,
              signal -> {
                stopped.countDown();
                return this;
              })
          .build();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ping-pong: the ping carries the pinger's ref

  sealed interface PingerMessage {}

  enum Start implements PingerMessage {
    INSTANCE
  }

  enum StopPinger implements PingerMessage {
    INSTANCE
  }

  record Pong(long seq) implements PingerMessage {}

  record GetMismatches(ActorRef<Long> replyTo) implements PingerMessage {}

  sealed interface PongerMessage {}

  record Ping(long seq, ActorRef<Pong> replyTo) implements PongerMessage {}

  record ProbePonger(ActorRef<Boolean> replyTo) implements PongerMessage {}

  enum StopPonger implements PongerMessage {
    INSTANCE
  }

  static Behavior<PongerMessage> ponger(CountDownLatch stopped) {
    return Behaviors.setup(ctx -> new Ponger(ctx, stopped));
  }

  static final class Ponger extends AbstractBehavior<PongerMessage> {
    private final CountDownLatch stopped;

    Ponger(ActorContext<PongerMessage> context, CountDownLatch stopped) {
      super(context);
      this.stopped = stopped;
    }

    @Override
    public Receive<PongerMessage> createReceive() {
      return newReceiveBuilder()
          .onMessage(
              Ping.class,
              ping -> {
                ping.replyTo().tell(new Pong(ping.seq()));
                return this;
              })
          .onMessage(
              ProbePonger.class,
              probe -> {
                probe.replyTo().tell(true);
                return this;
              })
          .onMessage(StopPonger.class, stop -> Behaviors.stopped())
          .onSignal(
              PostStop.class,
              signal -> {
                stopped.countDown();
                return this;
              })
          .build();
    }
  }

  static final class Pinger extends AbstractBehavior<PingerMessage> {
    private final ActorRef<PongerMessage> ponger;
    private final ActorRef<Pong> self;
    private final long roundTrips;
    private final CountDownLatch done;
    private final CountDownLatch stopped;
    private long sent;
    private long mismatches;

    Pinger(
        ActorContext<PingerMessage> context,
        ActorRef<PongerMessage> ponger,
        long roundTrips,
        CountDownLatch done,
        CountDownLatch stopped) {
      super(context);
      this.ponger = ponger;
      this.self = context.getSelf().narrow();
      this.roundTrips = roundTrips;
      this.done = done;
      this.stopped = stopped;
    }

    @Override
    public Receive<PingerMessage> createReceive() {
      return newReceiveBuilder()
          .onMessage(
              Start.class,
              start -> {
                ponger.tell(new Ping(++sent, self));
                return this;
              })
          .onMessage(Pong.class, this::onPong)
          .onMessage(
              GetMismatches.class,
              get -> {
                get.replyTo().tell(mismatches);
                return this;
              })
          .onMessage(StopPinger.class, stop -> Behaviors.stopped())
          .onSignal(
              PostStop.class,
              signal -> {
                stopped.countDown();
                return this;
              })
          .build();
    }

    private Behavior<PingerMessage> onPong(Pong pong) {
      if (pong.seq() != sent) {
        mismatches++;
      }
      if (sent == roundTrips) {
        done.countDown();
      } else {
        ponger.tell(new Ping(++sent, self));
      }
      return this;
    }
  }

  sealed interface FlakyMessage {}

  record Fragile(long seq) implements FlakyMessage {}

  record ProbeFlaky(ActorRef<Boolean> replyTo) implements FlakyMessage {}

  enum StopFlaky implements FlakyMessage {
    INSTANCE
  }
}
