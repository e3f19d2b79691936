package io.kameo.benchmarks.remote;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.PayloadFormat;
import io.kameo.remote.RemoteActorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remote ask between two nodes on loopback (libp2p: TCP, Noise, Yamux; one long-lived stream per
 * pair of nodes; CBOR or JSON payloads): the round-trip time of sequential asks (percentiles) and
 * the rate of asks from several concurrent askers, every reply checked.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.RemoteAskLatency [asks] [askers]
 * [cbor|json]} (defaults 20 000, 16 and cbor, the swarm's default payload format).
 */
public final class RemoteAskLatency {
  /** Adds {@code amount} and replies with the new total. */
  public record Add(long amount) implements Message<Adder, Long> {}

  /** The remote actor asked by the benchmark. */
  @RemoteActor("kameo.benchmarks.Adder")
  public static final class Adder implements Actor<Adder> {
    private long total;

    @Handler
    @RemoteMessage("a3c1f0de-6b2e-4f57-8e1d-0c9b7a4d2e55")
    long add(Add m) {
      return total += m.amount();
    }
  }

  private RemoteAskLatency() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int asks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int askers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    PayloadFormat format =
        args.length > 2
            ? PayloadFormat.valueOf(args[2].toUpperCase(Locale.ROOT))
            : PayloadFormat.CBOR;
    ActorSwarmConfig config = ActorSwarmConfig.defaults().withFormat(format);
    System.out.println("payload format " + format);
    Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of(), config);
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), loopback, server.addresses(), config)) {
      server.register(Actor.spawn(new Adder()), "adder");
      RemoteActorRef<Adder> adder = client.lookup("adder", Adder.class).orElseThrow();
      long expected = 0;
      for (int round = 0; round < 2; round++) {
        long[] nanos = new long[asks];
        for (int i = 0; i < asks; i++) {
          long start = System.nanoTime();
          long total = adder.ask(new Add(1));
          nanos[i] = System.nanoTime() - start;
          if (total != ++expected) {
            throw new IllegalStateException("reply " + total + ", expected " + expected);
          }
        }
        Arrays.sort(nanos);
        System.out.printf(
            Locale.ROOT,
            "%s sequential ask: p50 %.0f us, p90 %.0f us, p99 %.0f us, %.0f asks/s%n",
            round == 0 ? "warm-up" : "measured",
            nanos[asks / 2] / 1e3,
            nanos[asks * 9 / 10] / 1e3,
            nanos[asks * 99 / 100] / 1e3,
            asks / (Arrays.stream(nanos).sum() / 1e9));
      }
      for (int round = 0; round < 2; round++) {
        System.out.printf(
            Locale.ROOT,
            "%s %d concurrent askers: %.0f asks/s%n",
            round == 0 ? "warm-up" : "measured",
            askers,
            concurrent(adder, asks, askers));
      }
    }
  }

  /** Asks from {@code askers} virtual threads at once; returns asks per second. */
  static double concurrent(RemoteActorRef<Adder> adder, int asks, int askers)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < askers; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < asks / askers; i++) {
                      if (adder.ask(new Add(0)) < 0) {
                        throw new IllegalStateException("negative total");
                      }
                      done.increment();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (done.sum() != (long) (asks / askers) * askers) {
      throw new IllegalStateException("only " + done.sum() + " asks completed");
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
