package io.kameo.libp2p.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.DiscoveredPeers.Outcome;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.kameo.libp2p.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveredPeersTest {
  static final PeerId SELF = Keypair.generate().peerId();
  static final PeerId ALICE = Keypair.generate().peerId();
  static final PeerId BOB = Keypair.generate().peerId();

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  final DiscoveredPeers table = new DiscoveredPeers(SELF, 2, Duration.ofMinutes(10), clock);

  static Announcement announce(String name, PeerId peer, Duration ttl) {
    return new Announcement(
        name, peer, List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1").withPeerId(peer)), ttl);
  }

  @Test
  void a_new_name_is_new_and_again_refreshed_until_it_expires() {
    assertEquals(Outcome.NEW, table.offer(announce("a", ALICE, Duration.ofSeconds(60))));
    assertEquals(Outcome.REFRESHED, table.offer(announce("a", ALICE, Duration.ofSeconds(60))));
    assertEquals(Set.of(ALICE), table.peers());
    clock.advance(Duration.ofSeconds(61));
    assertEquals(Set.of(), table.peers());
    assertEquals(Outcome.NEW, table.offer(announce("a", ALICE, Duration.ofSeconds(60))));
  }

  @Test
  void a_live_name_cannot_move_to_another_peer_and_this_peer_is_never_taken() {
    table.offer(announce("a", ALICE, Duration.ofSeconds(60)));
    assertEquals(Outcome.REFUSED, table.offer(announce("a", BOB, Duration.ofSeconds(60))));
    assertEquals(Outcome.REFUSED, table.offer(announce("a", BOB, Duration.ZERO)), "no goodbye");
    assertEquals(Outcome.REFUSED, table.offer(announce("me", SELF, Duration.ofSeconds(60))));
    assertEquals(Set.of(ALICE), table.peers());
  }

  @Test
  void the_table_stays_within_its_capacity_and_frees_expired_and_departed_names() {
    table.offer(announce("a", ALICE, Duration.ofSeconds(10)));
    table.offer(announce("b", BOB, Duration.ofSeconds(100)));
    PeerId carol = Keypair.generate().peerId();
    assertEquals(Outcome.REFUSED, table.offer(announce("c", carol, Duration.ofSeconds(60))));
    assertEquals(2, table.size());
    clock.advance(Duration.ofSeconds(11));
    assertEquals(Outcome.NEW, table.offer(announce("c", carol, Duration.ofSeconds(60))));
    assertEquals(Outcome.REMOVED, table.offer(announce("b", BOB, Duration.ZERO)));
    assertEquals(Set.of(carol), table.peers());
  }

  @Test
  void a_ttl_above_the_cap_is_cut_to_the_cap() {
    table.offer(announce("a", ALICE, Duration.ofDays(30)));
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertEquals(Set.of(), table.peers());
  }
}
