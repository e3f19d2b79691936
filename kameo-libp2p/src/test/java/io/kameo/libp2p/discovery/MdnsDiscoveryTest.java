package io.kameo.libp2p.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.internal.mdns.MdnsService;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.libp2p.testing.ChildJvm;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * mDNS discovery between two JVM processes on this machine (the test's and a child's), over the
 * real multicast group 224.0.0.251:5353, with no bootstrap address on either side.
 */
class MdnsDiscoveryTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void two_processes_find_each_other_by_mdns_and_read_each_others_dht_values() throws Exception {
    HostImpl host =
        (HostImpl) Libp2p.newHost(Keypair.generate(), HostConfig.defaults().withMdns(true));
    try (host;
        Dht dht = Libp2p.startDht(host)) {
      host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      sendMalformedPackets();
      try (ChildJvm child = ChildJvm.start("mdns-node", MdnsNode.class)) {
        PeerId other = PeerId.parse(child.awaitPrefixed("ready ", WAIT));
        await().atMost(WAIT).until(() -> dht.routingTable().contains(other));
        await().atMost(WAIT).until(() -> call(child, "table").contains(host.peerId().toString()));
        assertEquals(
            Optional.of(other.toString()),
            dht.getValue(("/app/mdns-" + other).getBytes(StandardCharsets.UTF_8))
                .map(v -> new String(v, StandardCharsets.UTF_8)));
        await().atMost(WAIT).until(() -> host.mdnsPeers().contains(other));
      }
    }
  }

  /** Sends junk and a truncated response to the group, as a confused or hostile peer might. */
  private static void sendMalformedPackets() throws Exception {
    try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(new InetSocketAddress(MdnsService.GROUP.getPort()));
      ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      byte[] junk = "not a dns packet at all".getBytes(StandardCharsets.US_ASCII);
      byte[] response =
          io.kameo.libp2p.internal.mdns.MdnsCodec.encodeResponse(
              "junk",
              java.util.List.of(
                  Multiaddr.parse("/ip4/127.0.0.1/tcp/9").withPeerId(Keypair.generate().peerId())),
              Duration.ofSeconds(5));
      byte[] truncated = java.util.Arrays.copyOf(response, response.length - 7);
      ch.send(ByteBuffer.wrap(junk), MdnsService.GROUP);
      ch.send(ByteBuffer.wrap(truncated), MdnsService.GROUP);
    }
  }

  private static String call(ChildJvm child, String command) {
    child.send(command);
    return child.awaitPrefixed(command + " ", WAIT);
  }
}
