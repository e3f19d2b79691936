package io.kameo.libp2p.host;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.StreamChurn;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.libp2p.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile peer against a node in its own JVM with a 256 MiB heap: streams opened and reset in a
 * loop, and a flood of idle unauthenticated TCP connections. The node must stay up, keep its heap
 * bounded, let a legitimate peer dial in and ping it during the attack, and return to its baseline
 * afterwards.
 */
class HostileFloodTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long MIB = 1 << 20;
  private final List<Host> hosts = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    hosts.forEach(Host::close);
    for (Socket s : sockets) {
      s.close();
    }
  }

  private Host host() {
    Host h = Libp2p.newHost(Keypair.generate(), HostConfig.defaults());
    hosts.add(h);
    return h;
  }

  private static long heap(ChildJvm node) {
    node.send("heap");
    return Long.parseLong(node.awaitPrefixed("heap ", WAIT));
  }

  private static String stats(ChildJvm node) {
    node.send("stats");
    return node.awaitPrefixed("stats ", WAIT);
  }

  @Test
  void a_peer_opening_and_resetting_streams_in_a_loop_leaves_the_node_up_with_a_flat_heap()
      throws Exception {
    try (ChildJvm victim = ChildJvm.start("churn-victim", HostNode.class, List.of("-Xmx256m"))) {
      Multiaddr addr = Multiaddr.parse(victim.awaitPrefixed("listening ", WAIT));
      PeerId victimPeer = addr.peerId().orElseThrow();
      Host attacker = host();
      attacker.dial(addr);
      long baseline = heap(victim);

      CompletableFuture<Long> churn =
          CompletableFuture.supplyAsync(
              () ->
                  StreamChurn.openAndReset(
                      attacker, victimPeer, "/ipfs/ping/1.0.0", 100_000, Duration.ofSeconds(10)));
      // during the churn: a legitimate peer dials in and pings, and the heap stays bounded
      Host legit = host();
      legit.dial(addr);
      assertTrue(legit.ping(victimPeer).toNanos() > 0);
      long during = heap(victim);
      long sent = churn.get(60, TimeUnit.SECONDS);
      assertTrue(sent >= 10_000, "only " + sent + " streams churned");
      assertTrue(legit.ping(victimPeer).toNanos() > 0);

      String stats = stats(victim);
      assertTrue(HostNode.stat(stats, "refusedStreams") > 0, stats);
      // every stream's negotiation timer is gone once its stream is
      await().atMost(WAIT).until(() -> HostNode.stat(stats(victim), "timers") == 0);
      attacker.close();
      await().atMost(WAIT).until(() -> HostNode.stat(stats(victim), "conns") == 1);
      long after = heap(victim);
      assertTrue(
          during < baseline + 64 * MIB,
          "heap during the churn " + during / MIB + " MiB, baseline " + baseline / MIB + " MiB");
      assertTrue(
          after < baseline + 16 * MIB,
          "heap after the churn " + after / MIB + " MiB, baseline " + baseline / MIB + " MiB");
      assertTrue(victim.process().isAlive());
    }
  }

  @Test
  void a_flood_of_idle_unauthenticated_connections_leaves_room_for_a_peer_that_authenticates()
      throws Exception {
    try (ChildJvm victim =
        ChildJvm.start("flood-victim", HostNode.class, List.of("-Xmx256m"), "handshake=4000")) {
      Multiaddr addr = Multiaddr.parse(victim.awaitPrefixed("listening ", WAIT));
      InetSocketAddress target = addr.tcpAddress().orElseThrow();
      long baseline = heap(victim);
      int limit = HostConfig.defaults().maxUnauthenticatedConnections();
      // 600 idle connections from 20 loopback addresses, each within the per-address limit,
      // and 40 more from one address, beyond it
      for (int a = 0; a < 20; a++) {
        for (int i = 0; i < 30; i++) {
          sockets.add(idle("127.0.0." + (2 + a), target));
        }
      }
      for (int i = 0; i < 40; i++) {
        sockets.add(idle("127.0.0.30", target));
      }
      int flood = sockets.size();
      // each connection beyond the held ones was refused or evicted
      await()
          .atMost(WAIT)
          .until(
              () -> {
                String s = stats(victim);
                return HostNode.stat(s, "refusedConns") + HostNode.stat(s, "unauth") >= flood;
              });
      String held = stats(victim);
      assertTrue(HostNode.stat(held, "unauth") <= limit, held);
      long during = heap(victim);
      assertTrue(HostNode.stat(held, "refusedConns") >= flood - limit, held);

      // while the flood is held, a peer that authenticates gets in
      Host legit = host();
      PeerId victimPeer = legit.dial(addr);
      assertTrue(legit.ping(victimPeer).toNanos() > 0);

      // the handshake timeout ends the rest; the node is back to its one real connection
      await()
          .atMost(WAIT)
          .until(
              () -> {
                String s = stats(victim);
                return HostNode.stat(s, "unauth") == 0 && HostNode.stat(s, "conns") == 1;
              });
      int closedByVictim = 0;
      for (Socket s : sockets) {
        closedByVictim += closedByPeer(s) ? 1 : 0;
      }
      assertEquals(flood, closedByVictim, "idle connections the node closed");
      assertTrue(legit.ping(victimPeer).toNanos() > 0);
      long after = heap(victim);
      assertTrue(
          during < baseline + 32 * MIB,
          "heap during the flood " + during / MIB + " MiB, baseline " + baseline / MIB + " MiB");
      assertTrue(
          after < baseline + 16 * MIB,
          "heap after the flood " + after / MIB + " MiB, baseline " + baseline / MIB + " MiB");
    }
  }

  private static Socket idle(String from, InetSocketAddress target) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(target, 10_000);
    return s;
  }

  private static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false; // still open
    } catch (IOException e) {
      return true; // reset by the peer
    }
  }
}
