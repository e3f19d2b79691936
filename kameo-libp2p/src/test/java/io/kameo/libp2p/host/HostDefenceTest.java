package io.kameo.libp2p.host;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionClosedException.Reason;
import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostClosedException;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.internal.host.StreamChurn;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's defences within one JVM: stream rate limit, timers, fatal errors, close reasons. */
class HostDefenceTest {
  private static final Duration T = Duration.ofSeconds(20);
  private final List<Host> hosts = new ArrayList<>();

  private HostImpl host(HostConfig config) {
    HostImpl h = (HostImpl) Libp2p.newHost(Keypair.generate(), config);
    hosts.add(h);
    return h;
  }

  private static Multiaddr listen(Host h) {
    return h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(h.peerId());
  }

  @AfterEach
  void closeAll() {
    hosts.forEach(Host::close);
  }

  /** Records the reason of every lost peer. */
  private static final class Losses implements ConnectionListener {
    final CompletableFuture<ConnectionClosedException> first = new CompletableFuture<>();

    @Override
    public void disconnected(PeerId peer, ConnectionClosedException cause) {
      first.complete(cause);
    }
  }

  @Test
  void streams_opened_beyond_the_rate_limit_are_reset_and_the_connection_goes_on() {
    HostImpl victim = host(HostConfig.defaults().withInboundStreamsPerSecond(100));
    HostImpl attacker = host(HostConfig.defaults());
    attacker.dial(listen(victim));
    long start = System.nanoTime();
    long sent =
        StreamChurn.openAndReset(
            attacker, victim.peerId(), "/ipfs/ping/1.0.0", 5_000, Duration.ofSeconds(10));
    assertEquals(5_000, sent);
    // a ping stream is answered after every SYN before it; it too needs a token, so it is retried
    // until one has come back
    await().atMost(T).ignoreExceptions().until(() -> attacker.ping(victim.peerId()).toNanos() > 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    // at 100 a second, at most the burst (100) and what refilled meanwhile were admitted
    long admittedAtMost = 100 + (long) Math.ceil(100 * seconds);
    long refused = victim.refusedStreams();
    assertTrue(refused >= sent - admittedAtMost, refused + " refused in " + seconds + " s");
    assertTrue(victim.isConnected(attacker.peerId()));
  }

  @Test
  void streams_opened_and_reset_at_once_leave_no_negotiation_timer_behind() {
    HostImpl victim = host(HostConfig.defaults().withInboundStreamsPerSecond(1_000_000));
    HostImpl attacker = host(HostConfig.defaults());
    attacker.dial(listen(victim));
    StreamChurn.openAndReset(
        attacker, victim.peerId(), "/no/such/protocol", 5_000, Duration.ofSeconds(10));
    assertTrue(attacker.ping(victim.peerId()).toNanos() > 0); // the victim read everything
    // the stream timeout is 30 s: a timer that was not cancelled would still be pending
    await().atMost(T).until(() -> victim.negotiationTimers() == 0);
    await().atMost(T).until(() -> attacker.negotiationTimers() == 0);
    assertEquals(0, victim.refusedStreams());
  }

  @Test
  void data_sent_to_a_stream_whose_handler_returned_is_dropped_not_held() {
    HostImpl server = host(HostConfig.defaults());
    HostImpl client = host(HostConfig.defaults());
    server.setStreamHandler("/returns-at-once/1", s -> {});
    client.dial(listen(server));
    Stream s = client.newStream(server.peerId(), "/returns-at-once/1");
    // far more than the stream window (256 KiB) and the write buffer (1 MiB): only a server that
    // drops what it no longer reads gives the window back
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 64; i++) {
      s.write(chunk, T);
    }
    assertTrue(client.ping(server.peerId()).toNanos() > 0);
  }

  @Test
  void a_fatal_error_on_an_io_thread_stops_the_host_and_tells_its_listeners() throws Exception {
    HostImpl victim = host(HostConfig.defaults());
    Losses losses = new Losses();
    victim.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connected(PeerId peer, Multiaddr remoteAddress) {
            throw new OutOfMemoryError("simulated: no heap left on the I/O thread");
          }
        });
    victim.addConnectionListener(losses);
    HostImpl peer = host(HostConfig.defaults());
    Losses peerLosses = new Losses();
    peer.addConnectionListener(peerLosses);
    Multiaddr addr = listen(victim);
    peer.dialAsync(addr);

    ConnectionClosedException cause = losses.first.get(T.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(Reason.HOST_FAILED, cause.reason());
    assertInstanceOf(OutOfMemoryError.class, cause.getCause());
    assertInstanceOf(OutOfMemoryError.class, victim.fatalError().orElseThrow());
    HostClosedException closed = assertThrows(HostClosedException.class, () -> victim.dial(addr));
    assertTrue(closed.getMessage().contains("fatal error"), closed.getMessage());
    assertEquals(
        Reason.PEER_CLOSED, peerLosses.first.get(T.toMillis(), TimeUnit.MILLISECONDS).reason());
  }

  @Test
  void an_io_thread_that_dies_stops_the_host_instead_of_leaving_it_deaf() throws Exception {
    HostImpl victim = host(HostConfig.defaults());
    HostImpl peer = host(HostConfig.defaults());
    Losses peerLosses = new Losses();
    peer.addConnectionListener(peerLosses);
    peer.dial(listen(victim));
    victim.ioGroup().next().shutdownGracefully(0, 0, TimeUnit.SECONDS); // behind the host's back
    await().atMost(T).until(() -> victim.fatalError().isPresent());
    assertThrows(HostClosedException.class, () -> victim.ping(peer.peerId()));
    assertEquals(
        Reason.PEER_CLOSED, peerLosses.first.get(T.toMillis(), TimeUnit.MILLISECONDS).reason());
  }

  @Test
  void a_disconnect_and_a_host_close_are_reported_with_their_own_reasons() throws Exception {
    HostImpl a = host(HostConfig.defaults());
    HostImpl b = host(HostConfig.defaults());
    Losses aLosses = new Losses();
    Losses bLosses = new Losses();
    a.addConnectionListener(aLosses);
    b.addConnectionListener(bLosses);
    a.dial(listen(b));
    a.disconnect(b.peerId());
    assertEquals(Reason.LOCAL_CLOSE, aLosses.first.get(20, TimeUnit.SECONDS).reason());
    assertEquals(Reason.PEER_CLOSED, bLosses.first.get(20, TimeUnit.SECONDS).reason());

    Losses closing = new Losses();
    HostImpl c = host(HostConfig.defaults());
    c.addConnectionListener(closing);
    c.dial(listen(b));
    c.close();
    assertEquals(Reason.HOST_CLOSED, closing.first.get(20, TimeUnit.SECONDS).reason());
  }

  @Test
  void a_peer_id_beyond_its_connection_limit_gets_its_newest_connection_closed() throws Exception {
    HostImpl victim = host(HostConfig.defaults().withMaxConnectionsPerPeer(1));
    Keypair shared = Keypair.generate();
    HostImpl first = (HostImpl) Libp2p.newHost(shared, HostConfig.defaults());
    HostImpl second = (HostImpl) Libp2p.newHost(shared, HostConfig.defaults());
    hosts.add(first);
    hosts.add(second);
    Multiaddr addr = listen(victim);
    first.dial(addr);
    assertTrue(first.ping(victim.peerId()).toNanos() > 0);
    Losses secondLosses = new Losses();
    second.addConnectionListener(secondLosses);
    second.dialAsync(addr);
    assertEquals(
        Reason.PEER_CLOSED, secondLosses.first.get(T.toMillis(), TimeUnit.MILLISECONDS).reason());
    assertTrue(first.ping(victim.peerId()).toNanos() > 0);
    assertEquals(1, victim.refusedConnections());
  }

  @Test
  void the_configuration_rejects_limits_that_cannot_work() {
    HostConfig d = HostConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withUnauthenticatedLimits(0, 1));
    assertThrows(IllegalArgumentException.class, () -> d.withUnauthenticatedLimits(600, 1));
    assertThrows(IllegalArgumentException.class, () -> d.withInboundStreamsPerSecond(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> d.withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertEquals(10, d.withMaxConnections(10).maxUnauthenticatedConnections());
  }
}
