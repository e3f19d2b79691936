package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.NameEvent;
import io.kameo.remote.NameWatch;
import io.kameo.remote.RegistryConfig;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.NameTakenException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/10-remote-registry.md, run. */
class RegistrySnippetsTest {
  record Work(String job) implements Message<Worker, String> {}

  @RemoteActor("docs.Worker")
  static final class Worker implements Actor<Worker> {
    private final String name;

    Worker(String name) {
      this.name = name;
    }

    @Handler
    @RemoteMessage("work")
    String work(Work m) {
      return name + " did " + m.job();
    }
  }

  @Test
  void remote_registry() throws InterruptedException {
    Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    RegistryConfig timing =
        new RegistryConfig(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofMillis(200));
    boolean changed;
    try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of(), timing);
        ActorSwarm node2 =
            ActorSwarm.bootstrap(Keypair.generate(), loopback, node1.addresses(), timing)) {
      ActorRef<Worker> w1 = Actor.spawn(new Worker("w1"));
      ActorRef<Worker> w2 = Actor.spawn(new Worker("w2"));
      node1.join(w1, "workers"); // a group: many actors on many nodes share one name
      node2.join(w2, "workers");
      List<RemoteActorRef<Worker>> all = node2.lookupAll("workers", Worker.class); // both of them

      assertEquals(2, all.size());
      assertEquals(
          List.of("w1 did a", "w2 did a"),
          all.stream().map(r -> r.ask(new Work("a"))).sorted().toList());

      List<NameEvent<Worker>> seen = new CopyOnWriteArrayList<>();
      CountDownLatch changes = new CountDownLatch(3);
      NameWatch watch =
          node2.watch(
              "workers",
              Worker.class,
              event -> {
                seen.add(event); // Joined(w1) and Joined(w2) first, then each change
                changes.countDown();
              });
      w1.stopGracefully(); // a stopped actor leaves its names: Left(w1)
      changed = changes.await(10, TimeUnit.SECONDS);
      watch.close(); // stops looking; the listener is not called again

      ActorRef<Worker> boss = Actor.spawn(new Worker("boss"));
      node1.register(boss, "boss"); // exclusive: one holder at a time
      boolean refused = false;
      try {
        node2.register(Actor.spawn(new Worker("usurper")), "boss");
      } catch (NameTakenException e) {
        refused = e.holder().equals(node1.peerId()); // held by a live node: node1
      }
      node1.unregister("boss"); // withdrawn at once; boss keeps running

      assertTrue(changed, "three changes seen: " + seen);
      assertInstanceOf(NameEvent.Joined.class, seen.get(0));
      assertInstanceOf(NameEvent.Joined.class, seen.get(1));
      assertInstanceOf(NameEvent.Left.class, seen.get(2));
      assertEquals(node1.peerId(), seen.get(2).actor().peer());
      assertEquals(w1.id().sequence(), seen.get(2).actor().id().sequence());
      assertTrue(refused, "the second register was refused, naming the holder");
      assertTrue(node2.lookup("boss", Worker.class).isEmpty());
      assertFalse(node1.unregister("boss"));
    }
  }
}
