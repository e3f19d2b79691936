package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.ReplyRecipient;
import io.kameo.examples.remote.RemoteCounterExample.Counter;
import io.kameo.examples.remote.RemoteCounterExample.Inc;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.PayloadFormat;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/09-remote.md about the one API, formats and the global swarm. */
class RemoteApiSnippetsTest {
  static final Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  /** Adds each amount through any counter, local or remote; returns the last count. */
  static long addAll(ReplyRecipient<Inc, Long> counter, long... amounts) {
    long count = 0;
    for (long amount : amounts) {
      count = counter.ask(new Inc(amount));
    }
    return count;
  }

  final List<Inc> retried = new ArrayList<>();

  void retryLater(Inc message) {
    retried.add(message);
  }

  @Test
  void one_api_for_local_and_remote_counters() throws Exception {
    try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of());
        ActorSwarm node2 = ActorSwarm.bootstrap(Keypair.generate(), loopback, node1.addresses())) {
      ActorRef<Counter> counter = Actor.spawn(new Counter());
      node1.register(counter, "counter");

      RemoteActorRef<Counter> remote = node2.lookup("counter", Counter.class).orElseThrow();
      CompletableFuture<Long> later = remote.askAsync(new Inc(1)); // never hangs
      long now = remote.request(new Inc(1)).replyTimeout(Duration.ofSeconds(5)).send();
      long local = addAll(counter.replyRecipient(), 1, 2); // the same code for both
      long far = addAll(remote.replyRecipient(), 3, 4);
      assertEquals(1L, later.get());
      assertEquals(2L, now);
      assertEquals(5L, local);
      assertEquals(12L, far);
      assertNotEquals(counter.id(), remote.id()); // a remote id names its node: remote.id().node()
      assertEquals(node1.peerId().toString(), remote.id().node().orElseThrow());

      counter.stopGracefully();
      counter.waitForShutdown();
      try {
        remote.ask(new Inc(1));
      } catch (RemoteSendException e) {
        e.message().ifPresent(undelivered -> retryLater((Inc) undelivered)); // not handled
      }
      assertEquals(List.of(new Inc(1)), retried);
      assertFalse(remote.isAlive());
    }
  }

  @Test
  void formats_are_cbor_by_default_json_or_your_own_mapper() {
    ActorSwarmConfig json = ActorSwarmConfig.defaults().withFormat(PayloadFormat.JSON);
    ActorSwarmConfig own =
        ActorSwarmConfig.defaults()
            .withObjectMapper(
                new CBORMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    assertEquals(PayloadFormat.CBOR, ActorSwarmConfig.defaults().format());
    assertEquals(PayloadFormat.JSON, json.format());
    assertEquals(PayloadFormat.CBOR, own.format());
    try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of(), json);
        ActorSwarm node2 =
            ActorSwarm.bootstrap(Keypair.generate(), loopback, node1.addresses(), json)) {
      node1.register(Actor.spawn(new Counter()), "json-counter");
      RemoteActorRef<Counter> remote = node2.lookup("json-counter", Counter.class).orElseThrow();
      assertEquals(7L, remote.ask(new Inc(7)));
    }
  }

  @Test
  void the_global_swarm_for_small_apps() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    ActorSwarm swarm = ActorSwarm.bootstrapGlobal(Keypair.generate(), loopback, List.of());
    ActorSwarm.global().register(counter, "global-counter");
    RemoteActorRef<Counter> found =
        RemoteActorRef.lookup("global-counter", Counter.class).orElseThrow();
    long count = found.ask(new Inc(2));
    swarm.close(); // ActorSwarm.global() throws from now on
    assertEquals(2L, count);
    assertTrue(!swarm.isOpen());
  }
}
