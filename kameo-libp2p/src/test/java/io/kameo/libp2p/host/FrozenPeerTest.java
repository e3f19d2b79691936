package io.kameo.libp2p.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionClosedException.Reason;
import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.libp2p.testing.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The failure detector against a peer in another JVM frozen with SIGSTOP. */
class FrozenPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_frozen_peer_is_disconnected_as_unresponsive_within_the_heartbeat_pause_and_can_come_back()
      throws Exception {
    HostConfig config = HostConfig.defaults();
    try (ChildJvm child = ChildJvm.start("frozen", HostNode.class);
        Host host = Libp2p.newHost(Keypair.generate(), config)) {
      Multiaddr childAddr = Multiaddr.parse(child.awaitPrefixed("listening ", WAIT));
      Multiaddr hostAddr =
          host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(host.peerId());
      CompletableFuture<ConnectionClosedException> lost = new CompletableFuture<>();
      host.addConnectionListener(
          new ConnectionListener() {
            @Override
            public void disconnected(PeerId peer, ConnectionClosedException cause) {
              lost.complete(cause);
            }
          });
      PeerId childPeer = host.dial(childAddr);
      assertTrue(host.ping(childPeer).toNanos() > 0);
      Stream pending = host.newStream(childPeer, "/ipfs/ping/1.0.0");
      CompletableFuture<byte[]> read = pending.readAsync(); // the ping server never writes first

      child.freeze();
      long frozenAt = System.nanoTime();
      Duration bound = config.acceptableHeartbeatPause().plus(config.heartbeatInterval());
      ConnectionClosedException cause =
          lost.get(bound.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS);
      Duration noticedAfter = Duration.ofNanos(System.nanoTime() - frozenAt);
      assertEquals(Reason.PEER_UNRESPONSIVE, cause.reason(), cause.getMessage());
      assertTrue(
          noticedAfter.compareTo(bound.plusSeconds(2)) <= 0,
          "noticed after " + noticedAfter + ", documented bound " + bound);
      assertTrue(
          noticedAfter.compareTo(
                  config.acceptableHeartbeatPause().minus(config.heartbeatInterval()))
              >= 0,
          "noticed after only " + noticedAfter);
      // the stream that waited on the frozen peer fails with the same reason
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> read.get(5, TimeUnit.SECONDS));
      StreamResetException reset = assertInstanceOf(StreamResetException.class, failed.getCause());
      ConnectionClosedException why =
          assertInstanceOf(ConnectionClosedException.class, reset.getCause());
      assertEquals(Reason.PEER_UNRESPONSIVE, why.reason());

      // thawed, the peer notices the closed connection, dials back in and is answered
      child.thaw();
      child.awaitPrefixed("disconnected " + host.peerId(), WAIT);
      child.send("dial " + hostAddr);
      String dialed = child.awaitLine(l -> l.startsWith("dial"), WAIT);
      assertTrue(dialed.startsWith("dialed "), dialed);
      assertTrue(host.isConnected(childPeer));
    }
  }
}
