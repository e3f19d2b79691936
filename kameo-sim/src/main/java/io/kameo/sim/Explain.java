package io.kameo.sim;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.kad.KadKey;
import io.kameo.remote.internal.registry.NameRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Explains a missed lookup from the simulator's view of every node (which no real node has): where
 * the name's record is stored, which peers the reader's lookup converged on, and who knows the
 * peers closest to the key, each peer named by its rank among the live nodes by distance to the key
 * (1 is the closest). Printed on standard error by {@code --explain N} for the first N misses.
 */
final class Explain {
  private Explain() {}

  static String miss(SimNetwork net, SimNode reader, SimNode writer, SimRegistry.Found f) {
    String name = SimRegistry.nameOf(writer.index);
    byte[] key = NameRecord.key(name);
    KadKey target = KadKey.of(key);
    List<SimNode> byDistance = new ArrayList<>(net.live());
    Map<SimNode, KadKey> keys = new HashMap<>();
    for (SimNode n : byDistance) {
      keys.put(n, KadKey.of(n.id));
    }
    byDistance.sort((a, b) -> target.compareDistance(keys.get(a), keys.get(b)));
    Map<PeerId, Integer> rank = new HashMap<>();
    for (int i = 0; i < byDistance.size(); i++) {
      rank.put(byDistance.get(i).id, i + 1);
    }
    StringBuilder out = new StringBuilder();
    out.append("miss at ")
        .append(net.loop.now() / 1_000_000)
        .append(" ms: reader ")
        .append(reader.index)
        .append(" (rank ")
        .append(rank.get(reader.id))
        .append("), ")
        .append(name)
        .append(" (writer rank ")
        .append(rank.get(writer.id))
        .append("), requests ")
        .append(f.requests())
        .append('\n');
    StringJoiner stored = new StringJoiner(" ");
    for (SimNode n : byDistance) {
      if (n.core.records().get(key).isPresent()) {
        stored.add(rank.get(n.id) + "(#" + n.index + ")");
      }
    }
    out.append("  stored at ranks: ").append(stored).append('\n');
    StringJoiner converged = new StringJoiner(" ");
    for (PeerId p : f.converged()) {
      converged.add(String.valueOf(rank.get(p)));
    }
    out.append("  reader converged on ranks: ").append(converged).append('\n');
    appendTable(out, "reader", reader, target, rank);
    appendTable(out, "writer", writer, target, rank);
    // for each of the 30 closest: its node number (join order), its table size, and how many of
    // the 30 closest know it
    for (int i = 0; i < Math.min(30, byDistance.size()); i++) {
      SimNode n = byDistance.get(i);
      int knownBy = 0;
      for (int j = 0; j < Math.min(30, byDistance.size()); j++) {
        if (j != i && byDistance.get(j).core.table().contains(n.id)) {
          knownBy++;
        }
      }
      StringJoiner knows = new StringJoiner(" ");
      for (PeerId p : n.core.table().closest(target, 8)) {
        knows.add(String.valueOf(rank.get(p)));
      }
      out.append("  rank ")
          .append(i + 1)
          .append(": #")
          .append(n.index)
          .append(" cpl ")
          .append(target.commonPrefixLength(keys.get(n)))
          .append(", table ")
          .append(n.core.table().size())
          .append(", known by ")
          .append(knownBy)
          .append(" of the 30; its closest: ")
          .append(knows)
          .append('\n');
    }
    return out.toString();
  }

  /** Appends {@code node}'s table size and the ranks of its 20 peers closest to {@code target}. */
  private static void appendTable(
      StringBuilder out, String who, SimNode node, KadKey target, Map<PeerId, Integer> rank) {
    StringJoiner closest = new StringJoiner(" ");
    for (PeerId p : node.core.table().closest(target, 20)) {
      closest.add(String.valueOf(rank.get(p)));
    }
    out.append("  ")
        .append(who)
        .append("'s table (")
        .append(node.core.table().size())
        .append("), closest: ")
        .append(closest)
        .append('\n');
  }
}
