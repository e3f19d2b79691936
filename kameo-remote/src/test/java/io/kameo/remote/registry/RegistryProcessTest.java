package io.kameo.remote.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry across separate JVM processes on 127.0.0.1 ({@link RegistryNode}s): forged and
 * replayed records refused by every store, stale references after a restart with the same key
 * refused with {@code STALE_REF}, names gone after their actor stops and within the record TTL
 * after their node is killed, held names refused, {@code lookupAll} agreeing on every node and
 * {@code watch} seeing joins and leaves. Records live {@value #TTL_MS} ms and are renewed every
 * {@value #REPUBLISH_MS} ms.
 */
class RegistryProcessTest {
  static final long TTL_MS = 2_000;
  static final long REPUBLISH_MS = 400;
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofMillis(50);

  /** One node process: its peer id, incarnation and address, and numbered commands. */
  record Node(ChildJvm jvm, String peer, String incarnation, String addr, AtomicInteger ids) {
    static Node start(String name, String seedHex, String bootstrap, String... extra) {
      List<String> args =
          new ArrayList<>(
              List.of(seedHex, bootstrap, String.valueOf(TTL_MS), String.valueOf(REPUBLISH_MS)));
      args.addAll(List.of(extra));
      ChildJvm jvm =
          ChildJvm.start(
              name, RegistryNode.class, List.of("-Xmx128m"), args.toArray(String[]::new));
      String[] ready = jvm.awaitPrefixed("ready ", WAIT).split(" ");
      return new Node(jvm, ready[0], ready[1], ready[2], new AtomicInteger());
    }

    /** Sends {@code command} and returns its answer. */
    String call(String command) {
      String id = "c" + ids.incrementAndGet();
      jvm.send(id + " " + command);
      return jvm.awaitPrefixed(id + " ", WAIT);
    }

    /** Waits for the next watch event line and returns it without the {@code event } prefix. */
    String event(Duration timeout) {
      return jvm.awaitPrefixed("event ", timeout);
    }
  }

  static Node seed;
  final List<Node> nodes = new ArrayList<>();

  @BeforeAll
  static void startSeed() {
    seed = Node.start("seed", "-", "-");
  }

  @AfterAll
  static void stopSeed() {
    seed.jvm().close();
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(n -> n.jvm().close());
  }

  Node node(String name) {
    return node(name, "-");
  }

  Node node(String name, String seedHex) {
    Node n = Node.start(name, seedHex, seed.addr());
    nodes.add(n);
    return n;
  }

  static String id(String answer) {
    assertTrue(answer.startsWith("ok "), answer);
    return answer.substring(3);
  }

  @Test
  void forged_tampered_resigned_and_replayed_records_are_refused_by_every_store() {
    Node owner = node("owner");
    Node reader = node("reader");
    Node forger = Node.start("forger", "-", seed.addr(), "forger");
    nodes.add(forger);
    String actor = id(owner.call("register bank"));
    String expected = "ok " + owner.peer() + "/" + actor;
    await().atMost(WAIT).pollInterval(POLL).until(() -> reader.call("all bank").equals(expected));

    long captured = Long.parseLong(id(forger.call("capture bank")));
    // the owner renews its entry: the captured one is now an older version
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> Long.parseLong(id(forger.call("version bank"))) > captured);

    // a value in another namespace reaches and is stored by the other nodes: the puts below do too
    assertTrue(Integer.parseInt(id(forger.call("put-app bank"))) >= 3, "the stores are reachable");
    assertEquals("ok 0", forger.call("put-replay bank"), "a replayed older entry");
    assertEquals("ok 0", forger.call("put-tampered bank"), "another actor under the owner's name");
    assertEquals("ok 0", forger.call("put-resigned bank"), "the owner's entry signed by another");
    assertEquals("ok 0", forger.call("put-own bank"), "a second holder of an exclusive name");
    assertEquals("ok 0", forger.call("put-junk bank"), "an unsigned value");

    assertEquals(expected, reader.call("all bank"));
    assertEquals(expected, seed.call("all bank"));
    id(reader.call("lookup bank h"));
    assertTrue(id(reader.call("ask h")).startsWith(owner.peer() + "/"), "asks reach the owner");
  }

  @Test
  void a_ref_from_before_a_restart_with_the_same_key_is_refused_as_stale() {
    String key = "7f".repeat(32);
    Node before = node("before", key);
    String oldActor = id(before.call("register svc"));
    Node asker = node("asker");
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> !asker.call("lookup svc old").equals("ok empty"));
    assertTrue(id(asker.call("ask old")).startsWith(before.peer() + "/"));

    before.jvm().kill();
    Node after = node("after", key);
    assertEquals(before.peer(), after.peer(), "the same key: the same peer id");
    assertNotEquals(before.incarnation(), after.incarnation(), "a new incarnation");
    String newActor = id(after.call("register svc")); // its own older entry is no obstacle
    assertEquals(oldActor, newActor, "the same actor id names a different actor now");
    String incarnation = "/" + Long.parseUnsignedLong(after.incarnation(), 16) + "/";
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(
            () -> {
              asker.call("lookup svc fresh");
              return asker.call("ask fresh").contains(incarnation);
            });

    String stale = asker.call("ask old");
    assertTrue(stale.startsWith("error STALE_REF "), stale);
    assertTrue(stale.contains("restarted"), stale);
  }

  @Test
  void a_name_is_gone_at_once_after_its_actor_stops_and_within_the_ttl_after_its_node_is_killed() {
    Node holder = node("holder");
    Node reader = node("reader");
    String actor = id(holder.call("register brief"));
    String present = "ok " + holder.peer() + "/" + actor;
    await().atMost(WAIT).pollInterval(POLL).until(() -> reader.call("all brief").equals(present));
    assertEquals("ok", holder.call("stop brief"));
    long stopped = System.nanoTime();
    // the entry was renewed at most REPUBLISH_MS ago, so it would not expire within this bound:
    // only the withdrawal (one DHT put when the actor's shutdown completes) can empty the name
    await()
        .atMost(Duration.ofMillis(TTL_MS - REPUBLISH_MS - 100))
        .pollInterval(POLL)
        .until(() -> reader.call("all brief").equals("ok "));
    System.out.printf(
        "registry: name gone %d ms after its actor stopped%n",
        (System.nanoTime() - stopped) / 1_000_000);

    String other = id(holder.call("register doomed"));
    String alive = "ok " + holder.peer() + "/" + other;
    await().atMost(WAIT).pollInterval(POLL).until(() -> reader.call("all doomed").equals(alive));
    holder.jvm().kill();
    long killed = System.nanoTime();
    await()
        .atMost(Duration.ofMillis(TTL_MS + 3_000))
        .pollInterval(POLL)
        .until(() -> reader.call("all doomed").equals("ok "));
    long goneMs = (System.nanoTime() - killed) / 1_000_000;
    System.out.printf(
        "registry: name gone %d ms after its node was killed (record TTL %d ms, renewed every %d"
            + " ms)%n",
        goneMs, TTL_MS, REPUBLISH_MS);
    assertTrue(goneMs <= TTL_MS + 3_000, goneMs + " ms");
  }

  @Test
  void
      a_name_another_live_node_holds_cannot_be_taken_until_it_is_unregistered_or_its_swarm_closes() {
    Node first = node("first");
    Node second = node("second");
    id(first.call("register desk"));
    await().atMost(WAIT).pollInterval(POLL).until(() -> !second.call("all desk").equals("ok "));
    String taken = second.call("register desk");
    assertTrue(taken.startsWith("error NameTakenException "), taken);
    assertTrue(taken.contains(first.peer()), taken);
    assertTrue(second.call("join desk").startsWith("error NameTakenException "));
    assertTrue(first.call("register desk").startsWith("error NameTakenException "), "nor twice");

    assertEquals("ok true", first.call("unregister desk"));
    String mine = id(second.call("register desk"));
    assertEquals("ok " + second.peer() + "/" + mine, first.call("all desk"));

    // closing a swarm withdraws its names: gone well before they could expire
    assertEquals("ok", second.call("close"));
    await()
        .atMost(Duration.ofMillis(TTL_MS - REPUBLISH_MS - 100))
        .pollInterval(POLL)
        .until(() -> first.call("all desk").equals("ok "));
  }

  @Test
  void lookup_all_agrees_on_every_node_and_a_watch_sees_joins_and_leaves() {
    Node watcher = node("watcher");
    Node b = node("b");
    Node c = node("c");
    assertEquals("ok", watcher.call("watch workers"));
    String b1 = b.peer() + "/" + id(b.call("join workers"));
    String b2 = b.peer() + "/" + id(b.call("join workers"));
    String c1 = c.peer() + "/" + id(c.call("join workers"));
    List<String> all = new ArrayList<>(List.of(b1, b2, c1));
    all.sort(null);
    String expected = "ok " + String.join(",", all);
    for (Node n : List.of(seed, b, c)) {
      await().atMost(WAIT).pollInterval(POLL).until(() -> n.call("all workers").equals(expected));
    }

    Set<String> joined = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      joined.add(watcher.event(WAIT));
    }
    assertEquals(
        Set.of("workers joined " + b1, "workers joined " + b2, "workers joined " + c1), joined);

    assertEquals("ok", c.call("stop workers"));
    assertEquals("workers left " + c1, watcher.event(WAIT));

    b.jvm().kill();
    long killed = System.nanoTime();
    Set<String> left = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      left.add(watcher.event(Duration.ofMillis(TTL_MS + 5_000)));
    }
    assertEquals(Set.of("workers left " + b1, "workers left " + b2), left);
    System.out.printf(
        "registry: a watch saw a killed node's members leave %d ms after the kill%n",
        (System.nanoTime() - killed) / 1_000_000);
  }
}
