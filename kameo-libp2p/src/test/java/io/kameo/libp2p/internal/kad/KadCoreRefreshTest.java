package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KadCoreRefreshTest {
  private final Random random = new Random(12);
  private final PeerId self = TestPeers.random(random);
  private final KadCore core =
      new KadCore(
          self,
          DhtConfig.defaults(),
          Map.of(),
          Clock.systemUTC(),
          new KadCore.PeerBook() {
            @Override
            public List<Multiaddr> addresses(PeerId peer) {
              return List.of();
            }

            @Override
            public boolean isConnected(PeerId peer) {
              return false;
            }

            @Override
            public void addAddress(PeerId peer, Multiaddr address) {}

            @Override
            public List<Multiaddr> listenAddresses() {
              return List.of();
            }
          });

  private PeerId peerInBucket(int index) {
    while (true) {
      PeerId p = TestPeers.random(random);
      if (core.table().bucketIndex(p) == index) {
        return p;
      }
    }
  }

  @Test
  void a_random_refresh_key_falls_into_the_bucket_asked_for() {
    SplittableRandom keys = new SplittableRandom(3);
    for (int bucket = 0; bucket <= KadCore.MAX_REFRESH_BUCKET; bucket++) {
      byte[] key = core.randomKeyInBucket(bucket, keys);
      assertEquals(bucket, core.table().localKey().commonPrefixLength(KadKey.of(key)));
      assertEquals(34, key.length);
    }
    assertThrows(IllegalArgumentException.class, () -> core.randomKeyInBucket(16, keys));
    assertThrows(IllegalArgumentException.class, () -> core.randomKeyInBucket(-1, keys));
  }

  @Test
  void the_buckets_farther_than_the_closest_peer_that_are_not_full_are_refreshed() {
    assertEquals(List.of(), core.bucketsToRefresh(), "an empty table has nothing to refresh");
    core.admit(peerInBucket(4));
    assertEquals(List.of(0, 1, 2, 3), core.bucketsToRefresh());
    for (int i = 0; i < DhtConfig.defaults().k(); i++) {
      core.admit(peerInBucket(1));
    }
    core.admit(peerInBucket(2));
    List<Integer> expected = new ArrayList<>(List.of(0, 2, 3));
    assertEquals(expected, core.bucketsToRefresh(), "a full bucket needs no refresh");
  }
}
