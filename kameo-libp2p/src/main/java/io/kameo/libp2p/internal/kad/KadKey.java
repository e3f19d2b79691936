package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
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

  private final byte[] bytes;

  private KadKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Returns the key of an arbitrary DHT key (a record key, a CID multihash): its SHA-256. */
  public static KadKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    return new KadKey(sha256().digest(key));
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
    return new KadKey(digest.clone());
  }

  /** Returns the 32 bytes (a new array). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns the XOR distance to {@code other}, as a key so that distances compare. */
  public KadKey xor(KadKey other) {
    byte[] d = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      d[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return new KadKey(d);
  }

  /**
   * Returns the number of leading bits this key shares with {@code other}: 256 for equal keys,
   * otherwise the index of the routing-table bucket {@code other} falls in when this is the local
   * key (0 for the farthest half of the key space).
   */
  public int commonPrefixLength(KadKey other) {
    for (int i = 0; i < BYTES; i++) {
      int d = (bytes[i] ^ other.bytes[i]) & 0xFF;
      if (d != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(d) - 24;
      }
    }
    return BITS;
  }

  /** Returns whether this key and {@code other} differ at bit {@code index} (0: the highest). */
  boolean bitDiffers(KadKey other, int index) {
    return ((bytes[index >>> 3] ^ other.bytes[index >>> 3]) & (0x80 >>> (index & 7))) != 0;
  }

  /**
   * Compares the distances from this key to {@code a} and to {@code b}: negative if {@code a} is
   * closer, 0 if they are the same key, positive if {@code b} is closer.
   */
  public int compareDistance(KadKey a, KadKey b) {
    for (int i = 0; i < BYTES; i++) {
      int da = (bytes[i] ^ a.bytes[i]) & 0xFF;
      int db = (bytes[i] ^ b.bytes[i]) & 0xFF;
      if (da != db) {
        return da < db ? -1 : 1;
      }
    }
    return 0;
  }

  /** Returns a comparator that orders keys by their distance to this key, closest first. */
  public Comparator<KadKey> byDistance() {
    return this::compareDistance;
  }

  /** Orders keys as unsigned 256-bit big-endian numbers. */
  @Override
  public int compareTo(KadKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /** Two keys are equal when their bytes are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Returns the 64 hex digits. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
