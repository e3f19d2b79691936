package io.kameo.libp2p.host;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostClosedException;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.runtime.Libp2p;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits, timeouts, shutdown and the asynchronous stream calls, on real sockets. */
class HostLimitsTest {
  static final Duration T = Duration.ofSeconds(20);
  final List<Host> hosts = new ArrayList<>();

  Host host(HostConfig config) {
    Host h = Libp2p.newHost(Keypair.generate(), config);
    hosts.add(h);
    return h;
  }

  static Multiaddr listen(Host h) {
    return h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(h.peerId());
  }

  @AfterEach
  void closeAll() {
    hosts.forEach(Host::close);
  }

  @Test
  void streams_beyond_the_per_connection_limit_are_reset_and_the_others_go_on() throws Exception {
    Host a = host(HostConfig.defaults());
    Host b = host(HostConfig.defaults().withMaxStreamsPerConnection(2));
    CountDownLatch release = new CountDownLatch(1);
    b.setStreamHandler(
        "/hold/1",
        s -> {
          release.await();
          s.write("done".getBytes(), T);
        });
    a.dial(listen(b));
    Stream first = a.newStream(b.peerId(), "/hold/1");
    Stream second = a.newStream(b.peerId(), "/hold/1");
    assertThrows(StreamResetException.class, () -> a.newStream(b.peerId(), "/hold/1"));
    release.countDown();
    assertArrayEquals("done".getBytes(), first.readAll(10, T));
    assertArrayEquals("done".getBytes(), second.readAll(10, T));
    first.close();
    second.close();
    // once both sides closed them, the two streams no longer count against the limit
    await().atMost(T).ignoreExceptions().until(() -> a.ping(b.peerId()).toNanos() > 0);
  }

  @Test
  void a_listener_that_never_answers_fails_the_dial_after_the_handshake_timeout() throws Exception {
    Host a = host(HostConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)));
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Socket> accepted =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return silent.accept();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      Multiaddr addr =
          Multiaddr.parse("/ip4/127.0.0.1/tcp/" + silent.getLocalPort())
              .withPeerId(Keypair.generate().peerId());
      long start = System.nanoTime();
      DialException e = assertThrows(DialException.class, () -> a.dial(addr));
      assertTrue(e.getMessage().contains("not complete within"), e.getMessage());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      accepted.get(5, TimeUnit.SECONDS).close();
    }
    await().atMost(T).until(() -> ((HostImpl) a).connectionCount() == 0);
  }

  @Test
  void both_sides_dialing_each_other_at_once_end_up_connected_and_usable() throws Exception {
    Host a = host(HostConfig.defaults());
    Host b = host(HostConfig.defaults());
    Multiaddr aAddr = listen(a);
    Multiaddr bAddr = listen(b);
    CompletableFuture<PeerId> ab = a.dialAsync(bAddr);
    CompletableFuture<PeerId> ba = b.dialAsync(aAddr);
    assertEquals(b.peerId(), ab.get(20, TimeUnit.SECONDS));
    assertEquals(a.peerId(), ba.get(20, TimeUnit.SECONDS));
    assertEquals(java.util.Set.of(b.peerId()), a.connectedPeers());
    assertEquals(java.util.Set.of(a.peerId()), b.connectedPeers());
    assertTrue(a.ping(b.peerId()).toNanos() > 0);
    assertTrue(b.ping(a.peerId()).toNanos() > 0);
  }

  @Test
  void closing_a_host_fails_later_calls_and_closes_its_connections() {
    Host a = host(HostConfig.defaults());
    Host b = host(HostConfig.defaults());
    Multiaddr addr = listen(b);
    a.dial(addr);
    a.close();
    assertThrows(HostClosedException.class, () -> a.dial(addr));
    RemoteException e = assertThrows(RemoteException.class, () -> a.ping(b.peerId()));
    assertTrue(e instanceof HostClosedException, e.toString());
    await().atMost(T).until(() -> !b.isConnected(a.peerId()));
    a.close(); // idempotent
  }

  @Test
  void async_reads_and_writes_carry_the_data_and_report_end_of_stream() throws Exception {
    Host a = host(HostConfig.defaults());
    Host b = host(HostConfig.defaults());
    b.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
    a.dial(listen(b));
    Stream s = a.newStreamAsync(b.peerId(), Host.ECHO_PROTOCOL).get(20, TimeUnit.SECONDS);
    assertEquals(Host.ECHO_PROTOCOL, s.protocol());
    assertEquals(b.peerId(), s.peer());
    s.writeAsync("async".getBytes()).get(20, TimeUnit.SECONDS);
    s.closeWrite();
    StringBuilder got = new StringBuilder();
    while (true) {
      byte[] chunk = s.readAsync().get(20, TimeUnit.SECONDS);
      if (chunk.length == 0) {
        break;
      }
      got.append(new String(chunk));
    }
    assertEquals("async", got.toString());
    assertTrue(s.isEndOfStream());
  }

  @Test
  void a_dial_to_a_closed_port_fails_with_a_dial_exception_naming_the_address() {
    Host a = host(HostConfig.defaults());
    Multiaddr addr =
        Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(Keypair.generate().peerId());
    DialException e = assertThrows(DialException.class, () -> a.dial(addr));
    assertTrue(e.getMessage().contains("/ip4/127.0.0.1/tcp/1"), e.getMessage());
    assertEquals(0, ((HostImpl) a).connectionCount());
  }

  @Test
  void a_non_tcp_address_is_rejected() {
    Host a = host(HostConfig.defaults());
    assertThrows(
        IllegalArgumentException.class,
        () -> a.dial(Multiaddr.parse("/ip4/127.0.0.1/udp/1/quic-v1")));
  }
}
