package io.kameo.remote.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.NameEvent;
import io.kameo.remote.NameWatch;
import io.kameo.remote.RegistryConfig;
import io.kameo.remote.registry.RegistryNode.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node that leaves by closing its swarm, in whichever order its actors stop, disappears from the
 * other nodes' watches and lookups within a watch interval plus slack, not after its records'
 * {@value #TTL_S} s TTL: the withdrawals reach the other nodes before the node's host goes down.
 */
class LeaveOnCloseTest {
  static final long TTL_S = 60;
  static final Duration WATCH = Duration.ofMillis(100);

  /** Within a watch interval plus a lookup, with slack for a busy 2-core machine; far below TTL. */
  static final Duration BOUND = Duration.ofSeconds(10);

  static final RegistryConfig CONFIG =
      new RegistryConfig(Duration.ofSeconds(TTL_S), Duration.ofSeconds(20), WATCH);

  /** How the leaving node ends. */
  enum Leave {
    CLOSE_WITH_ACTORS_RUNNING,
    STOP_ACTORS_THEN_CLOSE,
    CLOSE_THEN_STOP_ACTORS
  }

  private ActorSwarm watcher;

  @BeforeEach
  void startWatcher() {
    watcher =
        ActorSwarm.bootstrap(
            Keypair.generate(), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(), CONFIG);
  }

  @AfterEach
  void closeWatcher() {
    watcher.close();
  }

  @ParameterizedTest
  @EnumSource(Leave.class)
  void a_node_that_closes_its_swarm_leaves_watches_and_lookups_within_a_watch_interval(
      Leave order) {
    Set<String> members = ConcurrentHashMap.newKeySet();
    Set<String> exclusive = ConcurrentHashMap.newKeySet();
    NameWatch groupWatch = watcher.watch("room", Counter.class, e -> track(members, e));
    NameWatch nameWatch = watcher.watch("bank", Counter.class, e -> track(exclusive, e));
    try {
      ActorSwarm leaver =
          ActorSwarm.bootstrap(
              Keypair.generate(),
              Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
              watcher.addresses(),
              CONFIG);
      ActorRef<Counter> member = Actor.spawn(new Counter("member"));
      ActorRef<Counter> holder = Actor.spawn(new Counter("holder"));
      try {
        leaver.join(member, "room");
        leaver.register(holder, "bank");
        await().atMost(BOUND).until(() -> members.size() == 1 && exclusive.size() == 1);
        switch (order) {
          case CLOSE_WITH_ACTORS_RUNNING -> leaver.close();
          case STOP_ACTORS_THEN_CLOSE -> {
            stop(member, holder);
            leaver.close();
          }
          case CLOSE_THEN_STOP_ACTORS -> {
            leaver.close();
            stop(member, holder);
          }
        }
      } finally {
        leaver.close();
        stop(member, holder);
      }
      await().atMost(BOUND).until(() -> members.isEmpty() && exclusive.isEmpty());
      assertEquals(List.of(), watcher.lookupAll("room", Counter.class));
      assertEquals(Optional.empty(), watcher.lookup("bank", Counter.class));
    } finally {
      groupWatch.close();
      nameWatch.close();
    }
  }

  private static void stop(ActorRef<?>... actors) {
    for (ActorRef<?> a : actors) {
      a.stopGracefully();
      a.waitForShutdown();
    }
  }

  private static void track(Set<String> members, NameEvent<Counter> event) {
    String key = event.actor().peer() + "/" + event.actor().id().sequence();
    switch (event) {
      case NameEvent.Joined<Counter> j -> assertTrue(members.add(key), "joined twice: " + key);
      case NameEvent.Left<Counter> l -> assertTrue(members.remove(key), "left unseen: " + key);
    }
  }
}
