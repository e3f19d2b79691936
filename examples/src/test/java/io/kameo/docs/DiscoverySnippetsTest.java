package io.kameo.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.RemoteActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/18-discovery.md, run (two nodes in this JVM). */
class DiscoverySnippetsTest {
  record Greet(String who) implements Message<Greeter, String> {}

  @RemoteActor("docs.Greeter")
  static final class Greeter implements Actor<Greeter> {
    @Handler
    @RemoteMessage("greet")
    String greet(Greet m) {
      return "hello " + m.who();
    }
  }

  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  ActorSwarm node() {
    // -- snippet: mdns node
    Keypair keypair = Keypair.generate();
    Host host = Libp2p.newHost(keypair, HostConfig.defaults().withMdns(true));
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    Dht dht = ActorSwarm.startDht(host); // no bootstrap: mDNS dials the peers it finds
    ActorSwarm swarm = ActorSwarm.start(keypair, host, dht);
    // -- end
    open.addAll(List.of(host, dht, swarm));
    return swarm;
  }

  ActorSwarm bootstrappedNode() {
    // -- snippet: mdns bootstrap
    ActorSwarm swarm =
        ActorSwarm.bootstrap(
            Keypair.generate(),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
            List.of(), // no bootstrap address
            ActorSwarmConfig.defaults().withMdns(true));
    // -- end
    open.add(swarm);
    return swarm;
  }

  @Test
  void a_bootstrapped_node_with_mdns_on_finds_a_node_on_its_own_host() {
    ActorSwarm node1 = node();
    ActorSwarm node2 = bootstrappedNode();
    node2.register(Actor.spawn(new Greeter()), "greeter2");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node1.lookup("greeter2", Greeter.class).isPresent());
    assertEquals(
        "hello boot", node1.lookup("greeter2", Greeter.class).orElseThrow().ask(new Greet("boot")));
  }

  @Test
  void two_nodes_on_one_machine_find_each_other_by_mdns() {
    ActorSwarm node1 = node();
    ActorSwarm node2 = node();
    node1.register(Actor.spawn(new Greeter()), "greeter");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node2.lookup("greeter", Greeter.class).isPresent());
    RemoteActorRef<Greeter> greeter = node2.lookup("greeter", Greeter.class).orElseThrow();
    assertEquals("hello mdns", greeter.ask(new Greet("mdns")));
  }
}
