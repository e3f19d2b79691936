package io.kameo.libp2p.discovery;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.runtime.Libp2p;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * A host with mDNS discovery and a DHT, and no bootstrap address, in a child JVM for {@link
 * MdnsDiscoveryTest}. Stores {@code /app/mdns-<its peer id>} = its peer id in its DHT, prints
 * {@code ready <peer id>}, then answers {@code table} (its routing table), {@code mdns} (the peers
 * mDNS announced) and {@code get <key>} (a DHT lookup), one line each.
 */
public final class MdnsNode {
  private MdnsNode() {}

  public static void main(String[] args) throws Exception {
    HostImpl host =
        (HostImpl) Libp2p.newHost(Keypair.generate(), HostConfig.defaults().withMdns(true));
    Dht dht = Libp2p.startDht(host);
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    byte[] id = host.peerId().toString().getBytes(StandardCharsets.UTF_8);
    dht.putValue(("/app/mdns-" + host.peerId()).getBytes(StandardCharsets.UTF_8), id);
    System.out.println("ready " + host.peerId());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] w = line.split(" ");
      switch (w[0]) {
        case "table" -> System.out.println("table " + join(dht.routingTable()));
        case "mdns" -> System.out.println("mdns " + join(host.mdnsPeers()));
        case "get" ->
            System.out.println(
                "get "
                    + dht.getValue(w[1].getBytes(StandardCharsets.UTF_8))
                        .map(v -> new String(v, StandardCharsets.UTF_8))
                        .orElse("-"));
        default -> System.out.println("unknown " + line);
      }
    }
    host.close();
  }

  private static String join(java.util.Set<PeerId> peers) {
    return peers.stream().map(PeerId::toString).sorted().collect(Collectors.joining(","));
  }
}
