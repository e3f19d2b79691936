package io.kameo.benchmarks.remote;

import io.kameo.Actor;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import java.util.List;
import java.util.Locale;

/**
 * Remote tell throughput between two nodes on loopback (libp2p: TCP, Noise, Yamux; one stream per
 * node pair; JSON payloads): one sender tells {@code tells} messages to a remote counter, then asks
 * it for its count; the clock stops when the count is {@code tells}, so every tell was handled.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.RemoteTellThroughput [tells] [rounds]}
 * (defaults 200 000 and 5; the first round is a warm-up).
 */
public final class RemoteTellThroughput {
  /** Counted by the counter. */
  public record Tick(long n) implements Message<Counter, Void> {}

  /** Replies with the number of ticks so far. */
  public record Total() implements Message<Counter, Long> {}

  /** The remote actor told by the benchmark. */
  @RemoteActor("kameo.benchmarks.TickCounter")
  public static final class Counter implements Actor<Counter> {
    private long ticks;

    @Handler
    @RemoteMessage("5d0f1f3e-2b8a-4c53-9a6e-7f4b1c2d3e60")
    void tick(Tick t) {
      ticks++;
    }

    @Handler
    @RemoteMessage("0b7e9c41-6a2d-4f8e-b1c3-9d5a4e6f7a82")
    long total(Total t) {
      return ticks;
    }
  }

  private RemoteTellThroughput() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int tells = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of());
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), loopback, server.addresses())) {
      server.register(
          Actor.builder(new Counter()).mailbox(Mailbox.bounded(1_000)).spawn(), "tick-counter");
      RemoteActorRef<Counter> counter = client.lookup("tick-counter", Counter.class).orElseThrow();
      long expected = 0;
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < tells; i++) {
          counter.tell(new Tick(i));
        }
        long total = counter.ask(new Total());
        double seconds = (System.nanoTime() - start) / 1e9;
        expected += tells;
        if (total != expected) {
          throw new IllegalStateException("count " + total + ", expected " + expected);
        }
        System.out.printf(
            Locale.ROOT,
            "%s %d tells, all handled: %.3f s, %.0f tells/s%n",
            round == 0 ? "warm-up" : "measured",
            tells,
            seconds,
            tells / seconds);
      }
    }
  }
}
