package io.kameo.sim;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.kad.KadCore;
import java.util.List;

/**
 * One simulated node: its identity, its {@link KadCore} (the routing table, stores and validators a
 * real node has) and whether it is alive. A dead node keeps its object (a message to it is lost)
 * but is never revived: a node that joins again is a new one with a new key.
 */
final class SimNode {
  final int index;
  final Keypair keypair;
  final PeerId id;
  final List<Multiaddr> addrs;
  final boolean slow;
  KadCore core;
  boolean alive = true;

  /** When the node was killed (simulated ns), or -1 while it lives. */
  long diedAt = -1;

  /** The last registry entry version this node signed (versions grow, as in NodeRegistry). */
  long lastVersion;

  SimNode(int index, Keypair keypair, boolean slow) {
    this.index = index;
    this.keypair = keypair;
    this.id = keypair.peerId();
    this.addrs =
        List.of(
            Multiaddr.parse(
                "/ip4/10."
                    + (index >>> 16 & 0xff)
                    + "."
                    + (index >>> 8 & 0xff)
                    + "."
                    + (index & 0xff)
                    + "/tcp/4001"));
    this.slow = slow;
  }
}
