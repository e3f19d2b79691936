package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadLookupTest {
  private final Random random = new Random(7);
  private final PeerId self = TestPeers.random(random);
  private final KadKey target = TestPeers.randomKey(random);

  private List<PeerId> peers(int n) {
    List<PeerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestPeers.random(random));
    }
    return out;
  }

  private List<PeerId> byDistance(List<PeerId> peers) {
    List<PeerId> sorted = new ArrayList<>(peers);
    sorted.sort(Comparator.comparing(KadKey::of, target.byDistance()));
    return sorted;
  }

  private static KadMessage naming(List<PeerId> peers) {
    List<KadPeer> closer = peers.stream().map(p -> KadPeer.of(p, List.of())).toList();
    return new KadMessage(KadMessage.Type.FIND_NODE, new byte[] {1}, null, closer, List.of());
  }

  @Test
  void asks_the_alpha_closest_seeds_first_and_never_more_than_alpha_at_once() {
    List<PeerId> seeds = peers(10);
    KadLookup lookup = new KadLookup(target, seeds, self, 20, 3, r -> false);
    List<PeerId> first = lookup.next();
    assertEquals(byDistance(seeds).subList(0, 3), first);
    assertTrue(lookup.next().isEmpty(), "three in flight: nothing more is due");
    lookup.failed(first.get(0));
    assertEquals(List.of(byDistance(seeds).get(3)), lookup.next());
  }

  @Test
  void finishes_when_every_peer_answered_with_the_answered_peers_closest_first() {
    List<PeerId> seeds = peers(5);
    List<PeerId> learned = peers(4);
    KadLookup lookup = new KadLookup(target, seeds, self, 20, 3, r -> false);
    boolean namedOnce = false;
    for (List<PeerId> due = lookup.next(); !due.isEmpty(); due = lookup.next()) {
      for (PeerId p : due) {
        lookup.answered(p, naming(namedOnce ? List.of(self) : learned));
        namedOnce = true;
      }
    }
    assertTrue(lookup.finished());
    List<PeerId> all = new ArrayList<>(seeds);
    all.addAll(learned);
    assertEquals(byDistance(all), lookup.result());
    assertEquals(9, lookup.requests());
    assertEquals(2, lookup.hops(learned.get(0)), "a peer named by a seed is two hops away");
  }

  @Test
  void a_satisfied_visitor_ends_the_lookup_and_later_outcomes_are_ignored() {
    List<PeerId> seeds = peers(3);
    KadLookup lookup = new KadLookup(target, seeds, self, 20, 3, r -> !r.closerPeers().isEmpty());
    List<PeerId> due = lookup.next();
    lookup.answered(due.get(0), naming(List.of()));
    assertFalse(lookup.finished());
    lookup.answered(due.get(1), naming(peers(1)));
    assertTrue(lookup.finished());
    assertEquals(due.get(1), lookup.satisfiedBy());
    lookup.answered(due.get(2), naming(peers(2)));
    assertTrue(lookup.next().isEmpty());
    assertEquals(2, lookup.result().size());
  }

  @Test
  void a_lookup_that_no_peer_answered_asks_each_failed_peer_once_more_before_it_ends() {
    List<PeerId> seeds = byDistance(peers(2));
    KadLookup lookup = new KadLookup(target, seeds, self, 20, 3, r -> false);
    assertEquals(seeds, lookup.next());
    lookup.failed(seeds.get(0));
    lookup.failed(seeds.get(1));
    assertEquals(seeds, lookup.next(), "nothing answered: one more try each");
    assertFalse(lookup.finished());
    lookup.failed(seeds.get(1));
    lookup.answered(seeds.get(0), naming(List.of()));
    assertTrue(lookup.next().isEmpty());
    assertTrue(lookup.finished(), "a second failure is final");
    assertEquals(List.of(seeds.get(0)), lookup.result());
    assertEquals(4, lookup.requests());
  }

  @Test
  void a_lookup_that_got_an_answer_does_not_retry_a_failed_peer() {
    List<PeerId> seeds = byDistance(peers(2));
    KadLookup lookup = new KadLookup(target, seeds, self, 20, 3, r -> false);
    lookup.next();
    lookup.answered(seeds.get(0), naming(List.of()));
    lookup.failed(seeds.get(1));
    assertTrue(lookup.next().isEmpty());
    assertTrue(lookup.finished());
    assertEquals(2, lookup.requests());
  }
}
