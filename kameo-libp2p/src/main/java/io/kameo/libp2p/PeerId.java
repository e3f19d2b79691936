package io.kameo.libp2p;

import io.kameo.libp2p.internal.wire.Base32;
import io.kameo.libp2p.internal.wire.Base58;
import io.kameo.libp2p.internal.wire.ByteReader;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a libp2p peer: a multihash of its public key, as the peer-ids spec defines.
 *
 * <p>Keys whose protobuf encoding is at most 42 bytes (Ed25519: 36 bytes) are embedded with the
 * {@code identity} multihash, so the id of an Ed25519 peer starts with {@code 12D3KooW} in text;
 * larger keys (RSA) are hashed with {@code sha2-256} ({@code Qm...}). Both kinds parse. The
 * canonical text is the bare base58btc multihash; {@link #toCidString()} gives the CIDv1 form
 * ({@code libp2p-key} codec, base32, e.g. {@code bafz...}).
 *
 * <p>Instances are immutable; methods throw {@link NullPointerException} for null arguments.
 */
public final class PeerId {
  static final int IDENTITY = 0x00;
  static final int SHA2_256 = 0x12;
  static final int LIBP2P_KEY = 0x72;
  static final int MAX_INLINE_KEY_LENGTH = 42;

  /** Longer than any valid id in any supported text form; bounds the quadratic base58 decoding. */
  private static final int MAX_TEXT_LENGTH = 128;

  private final byte[] multihash;

  private PeerId(byte[] multihash) {
    this.multihash = multihash;
  }

  /** Returns the peer id of {@code key}: the identity multihash of its protobuf encoding. */
  public static PeerId fromPublicKey(PublicKey key) {
    byte[] protobuf = key.toProtobuf();
    byte[] mh = new byte[2 + protobuf.length];
    mh[0] = IDENTITY;
    mh[1] = (byte) protobuf.length;
    System.arraycopy(protobuf, 0, mh, 2, protobuf.length);
    return new PeerId(mh);
  }

  /**
   * Returns the peer id whose binary form (a multihash) is {@code bytes}.
   *
   * @throws IllegalArgumentException unless the bytes are an {@code identity} multihash of at most
   *     42 bytes or a {@code sha2-256} multihash of 32 bytes
   */
  public static PeerId fromBytes(byte[] bytes) {
    ByteReader reader = new ByteReader(bytes);
    long code = reader.readVarint("peer id multihash code");
    long length = reader.readVarint("peer id multihash length");
    if (code == IDENTITY) {
      if (length > MAX_INLINE_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "identity multihash peer id longer than 42 bytes: " + length);
      }
    } else if (code == SHA2_256) {
      if (length != 32) {
        throw new IllegalArgumentException("sha2-256 peer id digest must be 32 bytes: " + length);
      }
    } else {
      throw new IllegalArgumentException(
          "unsupported peer id multihash code 0x"
              + Long.toHexString(code)
              + ": expected identity (0x00) or sha2-256 (0x12)");
    }
    reader.readBytes(length, "peer id multihash digest");
    if (reader.remaining() != 0) {
      throw new IllegalArgumentException(
          "peer id multihash has " + reader.remaining() + " trailing bytes");
    }
    return new PeerId(bytes.clone());
  }

  /**
   * Parses a peer id in either text form: a base58btc multihash ({@code 12D3KooW...}, {@code
   * Qm...}) or a multibase CIDv1 with the {@code libp2p-key} codec (base32 {@code b...}, base58btc
   * {@code z...}).
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static PeerId parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "invalid peer id: " + text.length() + " characters, more than " + MAX_TEXT_LENGTH);
    }
    try {
      if (text.startsWith("1") || text.startsWith("Qm")) {
        return fromBytes(Base58.decode(text));
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      byte[] cid =
          switch (text.charAt(0)) {
            case 'b', 'B' -> Base32.decode(text.substring(1));
            case 'z' -> Base58.decode(text.substring(1));
            default ->
                throw new IllegalArgumentException(
                    "neither a base58btc multihash nor a base32/base58btc CID");
          };
      ByteReader reader = new ByteReader(cid);
      long version = reader.readVarint("CID version");
      if (version != 1) {
        throw new IllegalArgumentException("CID version must be 1, got " + version);
      }
      long codec = reader.readVarint("CID codec");
      if (codec != LIBP2P_KEY) {
        throw new IllegalArgumentException(
            "CID codec must be libp2p-key (0x72), got 0x" + Long.toHexString(codec));
      }
      return fromBytes(reader.readBytes(reader.remaining(), "CID multihash"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid peer id \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /** Returns the binary form, the multihash (a new array). */
  public byte[] toBytes() {
    return multihash.clone();
  }

  /**
   * Returns the public key embedded in this id, if it is an identity multihash of an Ed25519 key;
   * empty for hashed ids and for other key types.
   */
  public Optional<PublicKey> publicKey() {
    if (multihash[0] != IDENTITY) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          PublicKey.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Returns whether {@code key} is the key this id was derived from. */
  public boolean matches(PublicKey key) {
    return fromPublicKey(key).equals(this);
  }

  /**
   * Returns whether {@code signature} is a valid signature of {@code data} by {@code key} and
   * {@code key} is this peer's key.
   */
  public boolean verify(PublicKey key, byte[] data, byte[] signature) {
    return matches(key) && key.verify(data, signature);
  }

  /** Returns the CIDv1 text form: multibase base32 of {@code 0x01 0x72 ‖ multihash}. */
  public String toCidString() {
    byte[] cid = new byte[2 + multihash.length];
    cid[0] = 1;
    cid[1] = LIBP2P_KEY;
    System.arraycopy(multihash, 0, cid, 2, multihash.length);
    return "b" + Base32.encode(cid);
  }

  /** Returns the canonical text form: the base58btc multihash, e.g. {@code 12D3KooW...}. */
  @Override
  public String toString() {
    return Base58.encode(multihash);
  }

  /** Two ids are equal when their multihashes are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }
}
