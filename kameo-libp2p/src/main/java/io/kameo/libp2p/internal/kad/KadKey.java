package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;

/**
 * INTERNAL API. A point in the 256-bit Kademlia key space: the SHA-256 digest of a key's bytes, for
 * peers of their peer id multihash ({@link PeerId#toBytes()}). The distance between two keys is
 * their bitwise XOR read as an unsigned big-endian number.
 *
 * <p>{@link #compareTo} orders keys as unsigned 256-bit numbers, so distances returned by {@link
 * #xor} compare as distances; {@link #compareDistance} compares two distances to this key without
 * allocating. Instances are immutable; methods throw {@link NullPointerException} for null
 * arguments.
 */
public final class KadKey implements Comparable<KadKey> {
  /** The number of bits of a key, and of buckets in a routing table. */
  public static final int BITS = 256;

  /** The number of bytes of a key. */
  public static final int BYTES = BITS / 8;

  /** Never used itself, only cloned (see sha256). */
  private static final MessageDigest SHA_256 = newSha256();

  /*
   * The 256 bits as four big-endian longs, w0 the highest: comparing a distance is then at most
   * four XORs and unsigned comparisons on fields of one object, where a byte array cost a second
   * object to reach and a loop of up to 32 steps. Routing tables and lookups compare keys more than
   * anything else.
   */
  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private KadKey(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  private static KadKey ofBytes(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b); // big-endian
    return new KadKey(in.getLong(), in.getLong(), in.getLong(), in.getLong());
  }

  /** Returns the key of an arbitrary DHT key (a record key, a CID multihash): its SHA-256. */
  public static KadKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    return ofBytes(sha256().digest(key));
  }

  /**
   * Returns a fresh SHA-256 digest: a clone of one prototype, which skips the provider lookup and
   * reflective construction of {@link MessageDigest#getInstance} on every key (a routing table and
   * a lookup hash every peer they meet).
   */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Returns the key of a peer: the SHA-256 of its peer id multihash. */
  public static KadKey of(PeerId peer) {
    return of(peer.toBytes());
  }

  /**
   * Returns the key whose 32 bytes are {@code digest} as is (not hashed again), e.g. a random
   * target for a bucket refresh.
   *
   * @throws IllegalArgumentException unless {@code digest} has 32 bytes
   */
  public static KadKey fromDigest(byte[] digest) {
    if (digest.length != BYTES) {
      throw new IllegalArgumentException("a kad key has 32 bytes, not " + digest.length);
    }
    return ofBytes(digest);
  }

  /** Returns the 32 bytes (a new array). */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
  }

  /** Returns the XOR distance to {@code other}, as a key so that distances compare. */
  public KadKey xor(KadKey other) {
    return new KadKey(w0 ^ other.w0, w1 ^ other.w1, w2 ^ other.w2, w3 ^ other.w3);
  }

  /**
   * Returns the number of leading bits this key shares with {@code other}: 256 for equal keys,
   * otherwise the index of the routing-table bucket {@code other} falls in when this is the local
   * key (0 for the farthest half of the key space).
   */
  public int commonPrefixLength(KadKey other) {
    long d = w0 ^ other.w0;
    if (d != 0) {
      return Long.numberOfLeadingZeros(d);
    }
    d = w1 ^ other.w1;
    if (d != 0) {
      return 64 + Long.numberOfLeadingZeros(d);
    }
    d = w2 ^ other.w2;
    if (d != 0) {
      return 128 + Long.numberOfLeadingZeros(d);
    }
    d = w3 ^ other.w3;
    return d != 0 ? 192 + Long.numberOfLeadingZeros(d) : BITS;
  }

  /** Returns whether this key and {@code other} differ at bit {@code index} (0: the highest). */
  boolean bitDiffers(KadKey other, int index) {
    long d =
        switch (index >>> 6) {
          case 0 -> w0 ^ other.w0;
          case 1 -> w1 ^ other.w1;
          case 2 -> w2 ^ other.w2;
          default -> w3 ^ other.w3;
        };
    return (d << (index & 63)) < 0;
  }

  /**
   * Compares the distances from this key to {@code a} and to {@code b}: negative if {@code a} is
   * closer, 0 if they are the same key, positive if {@code b} is closer.
   */
  public int compareDistance(KadKey a, KadKey b) {
    int c = Long.compareUnsigned(w0 ^ a.w0, w0 ^ b.w0);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w1 ^ a.w1, w1 ^ b.w1);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w2 ^ a.w2, w2 ^ b.w2);
    return c != 0 ? c : Long.compareUnsigned(w3 ^ a.w3, w3 ^ b.w3);
  }

  /** Returns a comparator that orders keys by their distance to this key, closest first. */
  public Comparator<KadKey> byDistance() {
    return this::compareDistance;
  }

  /** Orders keys as unsigned 256-bit big-endian numbers. */
  @Override
  public int compareTo(KadKey other) {
    int c = Long.compareUnsigned(w0, other.w0);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w1, other.w1);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w2, other.w2);
    return c != 0 ? c : Long.compareUnsigned(w3, other.w3);
  }

  /** Two keys are equal when their bits are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && w0 == k.w0 && w1 == k.w1 && w2 == k.w2 && w3 == k.w3;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toBytes());
  }

  /** Returns the 64 hex digits. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(toBytes());
  }
}
