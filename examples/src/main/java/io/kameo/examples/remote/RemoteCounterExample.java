package io.kameo.examples.remote;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import java.io.PrintStream;
import java.util.List;

/**
 * The README's main example: two nodes on loopback (libp2p over TCP, Noise, Yamux, with a Kademlia
 * DHT); node 1 registers a counter under a name, node 2 looks the name up and asks the counter.
 */
public final class RemoteCounterExample {

  /** Adds {@code amount} to the count and replies with the new count. */
  public record Inc(long amount) implements Message<Counter, Long> {}

  /** The counter, reachable from other nodes. */
  @RemoteActor
  public static final class Counter implements Actor<Counter> {
    private long count;

    @Handler
    @RemoteMessage("5f0d1c2e-8a47-4d3b-9a61-2f6c0e4b7d10")
    long inc(Inc msg) {
      count += msg.amount();
      return count;
    }
  }

  private RemoteCounterExample() {}

  /** Runs the example, printing to {@code out}; returns the count node 2 got back. */
  public static long run(PrintStream out) {
    Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of());
        ActorSwarm node2 = ActorSwarm.bootstrap(Keypair.generate(), loopback, node1.addresses())) {
      ActorRef<Counter> counter = Actor.spawn(new Counter());
      node1.register(counter, "counter"); // published in the DHT

      RemoteActorRef<Counter> remote = node2.lookup("counter", Counter.class).orElseThrow();
      remote.tell(new Inc(1)); // fire and forget, over the network
      long count = remote.ask(new Inc(41)); // request/reply, typed: no cast
      out.println("count = " + count + " (asked on node 1 from node 2)");

      counter.stopGracefully();
      counter.waitForShutdown();
      return count;
    }
  }

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out);
  }
}
