package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.util.Random;

/** Random peer ids for tests: sha2-256 multihashes of random digests, cheap to make. */
final class TestPeers {
  private TestPeers() {}

  /** Returns a random peer id drawn from {@code random}. */
  static PeerId random(Random random) {
    byte[] mh = new byte[34];
    random.nextBytes(mh);
    mh[0] = 0x12;
    mh[1] = 0x20;
    return PeerId.fromBytes(mh);
  }

  /** Returns a random 256-bit key drawn from {@code random}. */
  static KadKey randomKey(Random random) {
    byte[] digest = new byte[KadKey.BYTES];
    random.nextBytes(digest);
    return KadKey.fromDigest(digest);
  }
}
