package io.kameo.remote.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.testing.ChildJvm;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node that leaves by closing its swarm, in whichever order its actors stop, disappears from the
 * other nodes' watches and lookups within a watch interval plus slack, not after its records'
 * {@value #TTL_S} s TTL: the withdrawals reach the other nodes before the node's host goes down.
 * The watcher runs in this JVM; the leaver here too, and as a separate {@link RegistryNode} process
 * that ends as a program does (its actors stop, then its swarm, DHT and host close).
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
    leavesWatchesAndLookups(
        joined -> {
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
            joined.run();
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
        });
  }

  @Test
  void a_node_process_whose_actors_stop_before_it_closes_leaves_watches_within_a_watch_interval() {
    String bootstrap = watcher.addresses().get(0).toString();
    String ttl = String.valueOf(Duration.ofSeconds(TTL_S).toMillis());
    leavesWatchesAndLookups(
        joined -> {
          try (ChildJvm leaver =
              ChildJvm.start(
                  "leaver",
                  RegistryNode.class,
                  List.of("-Xmx128m"),
                  "-",
                  bootstrap,
                  ttl,
                  "20000")) {
            leaver.awaitPrefixed("ready ", BOUND);
            leaver.send("1 join room");
            leaver.awaitPrefixed("1 ok", BOUND);
            leaver.send("2 register bank");
            leaver.awaitPrefixed("2 ok", BOUND);
            joined.run();
            leaver.send("3 leave"); // its actors stop, then its swarm, DHT and host close
            leaver.awaitPrefixed("3 ok", BOUND);
          }
        });
  }

  /**
   * Watches the group {@code room} and the exclusive name {@code bank}, runs {@code leaving} (which
   * puts one actor under each, calls the given {@code joined} to wait until the watches see both,
   * and then leaves), and checks that both watches report them gone within {@link #BOUND} and that
   * lookups no longer return them.
   */
  private void leavesWatchesAndLookups(Consumer<Runnable> leaving) {
    Set<String> members = ConcurrentHashMap.newKeySet();
    Set<String> exclusive = ConcurrentHashMap.newKeySet();
    NameWatch groupWatch = watcher.watch("room", Counter.class, e -> track(members, e));
    NameWatch nameWatch = watcher.watch("bank", Counter.class, e -> track(exclusive, e));
    try {
      leaving.accept(
          () -> await().atMost(BOUND).until(() -> members.size() == 1 && exclusive.size() == 1));
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
