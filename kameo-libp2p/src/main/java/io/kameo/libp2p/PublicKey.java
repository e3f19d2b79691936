package io.kameo.libp2p;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.kameo.libp2p.internal.crypto.Ed25519;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A libp2p public identity key. Only Ed25519 keys are supported: they are the ones this library
 * creates, and the only ones it can verify signatures with.
 *
 * <p>The wire form is the libp2p {@code PublicKey} protobuf of the peer-ids spec, {@code Type = 1}
 * (Ed25519) and {@code Data} = the 32-byte key, which is always the 36 bytes {@code 08 01 12 20 ‖
 * key}. Instances are immutable; methods throw {@link NullPointerException} for null arguments.
 */
public final class PublicKey {
  static final int TYPE_RSA = 0;
  static final int TYPE_ED25519 = 1;
  static final int TYPE_SECP256K1 = 2;
  static final int TYPE_ECDSA = 3;

  private final byte[] key;

  private PublicKey(byte[] key) {
    this.key = key;
  }

  /**
   * Returns the Ed25519 public key with the given raw 32 bytes.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  public static PublicKey ed25519(byte[] key) {
    if (key.length != Ed25519.KEY_LENGTH) {
      throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + key.length);
    }
    return new PublicKey(key.clone());
  }

  /**
   * Decodes the libp2p {@code PublicKey} protobuf. The encoding must be the deterministic one the
   * spec requires: {@code Type}, then {@code Data}, both present, nothing else.
   *
   * @throws IllegalArgumentException if the bytes are not such a protobuf, or the key type is not
   *     Ed25519 (the message names the type)
   */
  public static PublicKey fromProtobuf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      if (in.readTag() != (1 << 3)) {
        throw new IllegalArgumentException("PublicKey protobuf must start with field 1 (Type)");
      }
      int type = in.readEnum();
      if (in.readTag() != ((2 << 3) | 2)) {
        throw new IllegalArgumentException(
            "PublicKey protobuf must have field 2 (Data) after Type");
      }
      byte[] data = in.readByteArray();
      if (!in.isAtEnd()) {
        throw new IllegalArgumentException("PublicKey protobuf has extra fields after Data");
      }
      if (type != TYPE_ED25519) {
        throw new IllegalArgumentException(
            "unsupported public key type " + typeName(type) + ": only Ed25519 is supported");
      }
      PublicKey key = ed25519(data);
      if (!Arrays.equals(key.toProtobuf(), bytes)) {
        throw new IllegalArgumentException("PublicKey protobuf is not canonically encoded");
      }
      return key;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PublicKey protobuf: " + e.getMessage(), e);
    }
  }

  /** Returns the libp2p {@code PublicKey} protobuf encoding of this key (a new array). */
  public byte[] toProtobuf() {
    byte[] out = new byte[4 + key.length];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeEnum(1, TYPE_ED25519);
      cos.writeByteArray(2, key);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Returns a copy of the raw 32-byte Ed25519 key. */
  public byte[] raw() {
    return key.clone();
  }

  /** Returns the peer id of this key: the identity multihash of its protobuf encoding. */
  public PeerId peerId() {
    return PeerId.fromPublicKey(this);
  }

  /**
   * Returns whether {@code signature} is a valid Ed25519 signature of {@code data} by this key. A
   * malformed signature is simply invalid.
   */
  public boolean verify(byte[] data, byte[] signature) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(signature, "signature");
    return Ed25519.verify(key, data, signature);
  }

  static String typeName(int type) {
    return switch (type) {
      case TYPE_RSA -> "RSA (0)";
      case TYPE_ED25519 -> "Ed25519 (1)";
      case TYPE_SECP256K1 -> "Secp256k1 (2)";
      case TYPE_ECDSA -> "ECDSA (3)";
      default -> "unknown (" + type + ")";
    };
  }

  /** Two keys are equal when they are the same Ed25519 key. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** Returns {@code "Ed25519(<hex>)"}. */
  @Override
  public String toString() {
    return "Ed25519(" + HexFormat.of().formatHex(key) + ")";
  }
}
