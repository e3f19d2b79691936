package io.kameo.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two swarms in one JVM report the actor protocol's bytes and their connected peers. */
class RemoteMetricsTest {
  public record Echo(String text) implements Message<Echoer, String> {}

  @RemoteActor
  static final class Echoer implements Actor<Echoer> {
    @Handler
    @RemoteMessage("0c6b8d4e-2f1a-4e7b-9d35-8a1f6e2c4b70")
    String echo(Echo msg) {
      return msg.text();
    }
  }

  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @Test
  void swarms_count_protocol_bytes_both_ways_and_their_connected_peers() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KameoMetrics metrics = KameoMetrics.create()) {
      metrics.bindTo(registry);
      try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of());
          ActorSwarm node2 =
              ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, node1.addresses())) {
        node1.register(Actor.spawn(new Echoer()), "echo");
        RemoteActorRef<Echoer> echo = node2.lookup("echo", Echoer.class).orElseThrow();
        assertEquals("hello", echo.ask(new Echo("hello")));

        // each host counts the other: one connection seen from both ends
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry) == 2);
        // in one JVM every byte one node wrote the other read
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> bytes(registry, "sent") == bytes(registry, "received"));
        double sent = bytes(registry, "sent");
        assertTrue(sent > "hello".length() * 2, "bytes sent: " + sent);
      }
      assertEquals(0, gauge(registry)); // closed swarms count no peer
    }
  }

  static double gauge(SimpleMeterRegistry registry) {
    return registry.get("kameo.remote.connections").gauge().value();
  }

  static double bytes(SimpleMeterRegistry registry, String direction) {
    return registry.get("kameo.remote.bytes").tag("direction", direction).counter().count();
  }
}
