package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The code quoted in docs/guide/12-remote-limits.md. */
class RemoteLimitsSnippetsTest {

  @Test
  void limits_and_the_failure_detector_are_configured_and_a_lost_peer_says_why() throws Exception {
    BlockingQueue<String> lost = new LinkedBlockingQueue<>();
    HostConfig config =
        HostConfig.defaults()
            .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(3)) // silent peer: <= 3.5 s
            .withInboundStreamsPerSecond(200) // per peer; more are reset
            .withUnauthenticatedLimits(64, 8); // in their handshake: in total, per IP address
    try (Host host = Libp2p.newHost(Keypair.generate(), config);
        Host other = Libp2p.newHost(Keypair.generate())) {
      host.addConnectionListener(
          new ConnectionListener() {
            @Override
            public void disconnected(PeerId peer, ConnectionClosedException cause) {
              switch (cause.reason()) {
                case PEER_UNRESPONSIVE -> lost.add("silent: " + peer);
                case PEER_CLOSED, PROTOCOL_ERROR -> lost.add("gone: " + peer);
                case LOCAL_CLOSE, HOST_CLOSED, HOST_FAILED -> lost.add("closed here: " + peer);
              }
            }
          });
      Multiaddr address = other.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      PeerId peer = host.dial(address.withPeerId(other.peerId()));
      host.ping(peer); // answered only once the other side has the connection too
      other.disconnect(host.peerId()); // the other side closes the connection
      assertEquals("gone: " + peer, lost.poll(20, TimeUnit.SECONDS));
    }
  }
}
