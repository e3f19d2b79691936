package io.kameo.benchmarks.remote.pair;

import io.kameo.Actor;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** Kameo's side: an {@link ActorSwarm} with its defaults in each process, actors found by name. */
final class KameoSide {
  private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  private KameoSide() {}

  static Library.Node serve(int sinks) {
    ActorSwarm swarm = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of());
    for (int i = 0; i < sinks; i++) {
      swarm.register(Actor.spawn(new KameoSink()), "sink-" + i);
    }
    String address =
        swarm.addresses().stream().map(Multiaddr::toString).collect(Collectors.joining(","));
    return new Library.Node(address, swarm::close);
  }

  static Library.Sinks connect(String address, int sinks) {
    List<Multiaddr> bootstrap = Arrays.stream(address.split(",")).map(Multiaddr::parse).toList();
    ActorSwarm swarm = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, bootstrap);
    try {
      List<RemoteActorRef<KameoSink>> refs = new ArrayList<>();
      for (int i = 0; i < sinks; i++) {
        refs.add(lookup(swarm, "sink-" + i));
      }
      return new Library.Sinks() {
        @Override
        public void tell(int sink, Tick tick) {
          refs.get(sink).tell(tick);
        }

        @Override
        public long ask(int sink, Count count) {
          return refs.get(sink).ask(count, Library.TIMEOUT);
        }

        @Override
        public long ask(int sink, Ping ping) {
          return refs.get(sink).ask(ping, Library.TIMEOUT);
        }

        @Override
        public void close() {
          swarm.close();
        }
      };
    } catch (RuntimeException e) {
      swarm.close();
      throw e;
    }
  }

  /** Looks {@code name} up until the registration is found, for at most {@link Library#TIMEOUT}. */
  private static RemoteActorRef<KameoSink> lookup(ActorSwarm swarm, String name) {
    long deadline = System.nanoTime() + Library.TIMEOUT.toNanos();
    while (true) {
      Optional<RemoteActorRef<KameoSink>> ref = swarm.lookup(name, KameoSink.class);
      if (ref.isPresent()) {
        return ref.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no registration of " + name + " after " + Library.TIMEOUT);
      }
      LockSupport.parkNanos(20_000_000L); // between two queries of the DHT
    }
  }
}
