package io.kameo.benchmarks;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;

/**
 * A diagnostic, not a report row: variants of the many-pairs ping-pong, interleaved in one JVM (one
 * run of each variant per round), to find what makes one harness's ping-pong figure differ from
 * another's. Findings in {@code docs/benchmarks.md}.
 *
 * <p>Variants: {@code unprobed} (the adapter's pairs, the clock started right after spawning them),
 * {@code probed} (the adapter's pairs, every actor asked once first: what the harness measures),
 * {@code prebuilt} (pre-built ping and pong objects and a count-only check, probed), and on Pekko
 * classic {@code sender} (a {@code Ping(seq)} answered to {@code getSender()}, probed).
 *
 * <p>Usage: {@code java -cp ... io.kameo.benchmarks.PingPongVariants <adapter> <variant,...>
 * <pairs> <round trips> <warm-up rounds> <rounds>}; prints per variant the median (min-max) msgs/s
 * and the median CPU ns per message (the whole process, spawning and stopping the pairs included).
 */
public final class PingPongVariants {
  private PingPongVariants() {}

  /** See the class comment. */
  public static void main(String[] args) {
    String adapter = args[0];
    String[] variants = args[1].split(",");
    int pairs = Integer.parseInt(args[2]);
    long roundTrips = Long.parseLong(args[3]);
    int warmups = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    double[][] rates = new double[variants.length][rounds];
    double[][] cpu = new double[variants.length][rounds];
    try (ActorLibrary library = ActorLibrary.create(adapter)) {
      ActorSystem system = library instanceof PekkoClassicLibrary classic ? classic.system() : null;
      for (int i = 0; i < warmups + rounds; i++) {
        for (int v = 0; v < variants.length; v++) {
          Workload.usedHeapAfterGc();
          long cpu0 = Workload.cpuNanos();
          long trips = i < warmups ? Math.max(1, roundTrips / 3) : roundTrips;
          double rate = once(library, system, variants[v], pairs, trips);
          if (i >= warmups) {
            rates[v][i - warmups] = rate;
            cpu[v][i - warmups] = (Workload.cpuNanos() - cpu0) / (2.0 * pairs * trips);
          }
        }
      }
    }
    for (int v = 0; v < variants.length; v++) {
      double[] r = rates[v];
      System.out.printf(
          Locale.ROOT,
          "%s %s: %.2fM (%.2fM-%.2fM) msgs/s, %.0f cpu-ns/msg%n",
          adapter,
          variants[v],
          Row.median(r) / 1e6,
          Arrays.stream(r).min().orElseThrow() / 1e6,
          Arrays.stream(r).max().orElseThrow() / 1e6,
          Row.median(cpu[v]));
    }
    System.exit(0);
  }

  /**
   * One run of {@code variant}; returns msgs/s from the start signal until every pinger is done.
   */
  private static double once(
      ActorLibrary library, ActorSystem system, String variant, int pairs, long roundTrips) {
    CountDownLatch done = new CountDownLatch(pairs);
    Runnable start;
    Runnable stop;
    switch (variant) {
      case "unprobed", "probed" -> {
        ActorLibrary.PingPong group = library.spawnPingPong(pairs, roundTrips, done);
        if (variant.equals("probed")) {
          group.probe();
        }
        start = group::start;
        stop =
            () -> {
              Workload.check(group.mismatches() == 0, "pongs did not answer the last ping");
              group.stop();
            };
      }
      case "prebuilt", "sender" -> {
        boolean kameo = library.name().equals(ActorLibrary.KAMEO);
        if (kameo && variant.equals("prebuilt")) {
          List<ActorRef<KPinger>> pingers = new ArrayList<>();
          List<ActorRef<KPonger>> pongers = new ArrayList<>();
          for (int i = 0; i < pairs; i++) {
            ActorRef<KPonger> ponger = Actor.spawn(new KPonger());
            pongers.add(ponger);
            pingers.add(Actor.spawn(new KPinger(ponger, roundTrips, done)));
          }
          for (int i = 0; i < pairs; i++) {
            pingers.get(i).ask(new KProbePinger());
            pongers.get(i).ask(new KProbePonger());
          }
          start = () -> pingers.forEach(p -> p.tell(new KStart()));
          stop =
              () -> {
                pingers.forEach(ActorRef::stopGracefully);
                pongers.forEach(ActorRef::stopGracefully);
                pingers.forEach(ActorRef::waitForShutdown);
                pongers.forEach(ActorRef::waitForShutdown);
              };
        } else if (system != null) {
          boolean prebuilt = variant.equals("prebuilt");
          List<org.apache.pekko.actor.ActorRef> actors = new ArrayList<>();
          List<org.apache.pekko.actor.ActorRef> pingers = new ArrayList<>();
          for (int i = 0; i < pairs; i++) {
            var ponger = system.actorOf(Props.create(CPonger.class, CPonger::new));
            var pinger =
                system.actorOf(
                    Props.create(
                        CPinger.class, () -> new CPinger(ponger, roundTrips, done, prebuilt)));
            actors.add(ponger);
            actors.add(pinger);
            pingers.add(pinger);
          }
          for (var actor : actors) {
            PekkoSupport.join(Patterns.ask(actor, CProbe.INSTANCE, PekkoSupport.TIMEOUT));
          }
          start =
              () ->
                  pingers.forEach(
                      p -> p.tell(CStart.INSTANCE, org.apache.pekko.actor.ActorRef.noSender()));
          stop =
              () ->
                  actors.forEach(
                      a ->
                          a.tell(
                              PoisonPill.getInstance(),
                              org.apache.pekko.actor.ActorRef.noSender()));
        } else {
          throw new IllegalArgumentException(variant + " is not a variant on " + library.name());
        }
      }
      default -> throw new IllegalArgumentException("unknown variant: " + variant);
    }
    long t0 = System.nanoTime();
    start.run();
    Workload.await(done, pairs + " pingers");
    long elapsed = System.nanoTime() - t0;
    stop.run();
    return 2.0 * pairs * roundTrips * 1e9 / elapsed;
  }

  // Kameo, pre-built: one Ping per pinger (carrying its ref), one shared Pong, a count-only check

  record KStart() implements Message<KPinger, Void> {}

  record KProbePinger() implements Message<KPinger, Boolean> {}

  record KProbePonger() implements Message<KPonger, Boolean> {}

  record KPing(ActorRef<KPinger> replyTo) implements Message<KPonger, Void> {}

  enum KPong implements Message<KPinger, Void> {
    INSTANCE
  }

  static final class KPonger implements Actor<KPonger> {
    @Handler
    void ping(KPing ping) {
      ping.replyTo().tell(KPong.INSTANCE);
    }

    @Handler
    boolean probe(KProbePonger probe) {
      return true;
    }
  }

  static final class KPinger implements Actor<KPinger> {
    private final ActorRef<KPonger> ponger;
    private final long roundTrips;
    private final CountDownLatch done;
    private KPing ping;
    private long pongs;

    KPinger(ActorRef<KPonger> ponger, long roundTrips, CountDownLatch done) {
      this.ponger = ponger;
      this.roundTrips = roundTrips;
      this.done = done;
    }

    @Override
    public void onStart(ActorRef<KPinger> self) {
      ping = new KPing(self);
    }

    @Handler
    void start(KStart start) {
      ponger.tell(ping);
    }

    @Handler
    boolean probe(KProbePinger probe) {
      return true;
    }

    @Handler
    void pong(KPong pong) {
      if (++pongs == roundTrips) {
        done.countDown();
      } else {
        ponger.tell(ping);
      }
    }
  }

  // Pekko classic: pre-built (one shared ping and pong, count-only) or Ping(seq) to getSender()

  enum CStart {
    INSTANCE
  }

  enum CProbe {
    INSTANCE
  }

  enum CPrebuilt {
    PING,
    PONG
  }

  record CPing(long seq) {}

  record CPong(long seq) {}

  static final class CPonger extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .matchEquals(CPrebuilt.PING, p -> getSender().tell(CPrebuilt.PONG, getSelf()))
          .match(CPing.class, p -> getSender().tell(new CPong(p.seq()), getSelf()))
          .match(CProbe.class, p -> getSender().tell(p, getSelf()))
          .build();
    }
  }

  static final class CPinger extends AbstractActor {
    private final org.apache.pekko.actor.ActorRef ponger;
    private final long roundTrips;
    private final CountDownLatch done;
    private final boolean prebuilt;
    private long sent;

    CPinger(
        org.apache.pekko.actor.ActorRef ponger,
        long roundTrips,
        CountDownLatch done,
        boolean prebuilt) {
      this.ponger = ponger;
      this.roundTrips = roundTrips;
      this.done = done;
      this.prebuilt = prebuilt;
    }

    private void send() {
      sent++;
      ponger.tell(prebuilt ? CPrebuilt.PING : new CPing(sent), getSelf());
    }

    private void answered() {
      if (sent == roundTrips) {
        done.countDown();
      } else {
        send();
      }
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(CStart.class, s -> send())
          .match(CProbe.class, p -> getSender().tell(p, getSelf()))
          .matchEquals(CPrebuilt.PONG, p -> answered())
          .match(
              CPong.class,
              p -> {
                Workload.check(p.seq() == sent, "a pong did not answer the last ping");
                answered();
              })
          .build();
    }
  }
}
