package io.kameo.libp2p.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mDNS discovery between the Java host and go-libp2p's (p2p/discovery/mdns, on zeroconf), each in
 * its own process, over the real multicast group: each finds the other with no address given and
 * connects to it.
 */
class GoMdnsInteropTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void java_and_go_find_each_other_by_mdns_and_connect() {
    HostImpl java =
        (HostImpl) Libp2p.newHost(Keypair.generate(), HostConfig.defaults().withMdns(true));
    try (java;
        GoPeer go = GoPeer.start(null, null, List.of("--mdns"))) {
      java.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      PeerId goPeer = PeerId.parse(go.peerId());
      await().atMost(WAIT).until(() -> java.mdnsPeers().contains(goPeer));
      await().atMost(WAIT).until(() -> java.isConnected(goPeer));
      await().atMost(WAIT).until(() -> found(go, "found").contains(java.peerId().toString()));
      await().atMost(WAIT).until(() -> found(go, "connected").contains(java.peerId().toString()));
      assertTrue(java.connectedPeers().contains(goPeer));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> found(GoPeer go, String field) {
    Map<String, Object> answer = go.commandOk(Map.of("cmd", "mdnsPeers"));
    return (List<String>) answer.get(field);
  }
}
