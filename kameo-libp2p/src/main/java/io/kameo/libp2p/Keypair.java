package io.kameo.libp2p;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.kameo.libp2p.internal.crypto.Ed25519;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 identity key pair: the private key of a peer and its {@link PublicKey} and {@link
 * PeerId}.
 *
 * <p>{@link #fromSeed} derives the same pair as js-libp2p's {@code
 * generateKeyPairFromSeed('Ed25519', seed)}: the 32-byte seed is the RFC 8032 private key. {@link
 * #save} and {@link #load} use the libp2p {@code PrivateKey} protobuf ({@code Type = 1}, {@code
 * Data} = seed ‖ public key, 64 bytes), the format other libp2p implementations keep on disk.
 *
 * <p>Instances are immutable and thread-safe; methods throw {@link NullPointerException} for null
 * arguments. {@link #toString()} does not reveal the private key.
 */
public final class Keypair {
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final PeerId peerId;

  private Keypair(byte[] seed, byte[] publicKey) {
    this.seed = seed;
    this.privateKey = Ed25519.privateKey(seed);
    this.publicKey = PublicKey.ed25519(publicKey);
    this.peerId = PeerId.fromPublicKey(this.publicKey);
  }

  /** Generates a new random key pair. */
  public static Keypair generate() {
    return fromSeed(Ed25519.generateSeed());
  }

  /**
   * Returns the key pair whose RFC 8032 private key is {@code seed}.
   *
   * @throws IllegalArgumentException if {@code seed} is not 32 bytes long
   */
  public static Keypair fromSeed(byte[] seed) {
    byte[] copy = seed.clone();
    return new Keypair(copy, Ed25519.publicKeyFromSeed(copy));
  }

  /**
   * Decodes a libp2p {@code PrivateKey} protobuf of type Ed25519. {@code Data} may be the 64-byte
   * {@code seed ‖ public key} or the older 96-byte {@code seed ‖ public key ‖ public key}; the
   * public key in it must be the one the seed gives.
   *
   * @throws IllegalArgumentException if the bytes are not such a protobuf, the type is not Ed25519
   *     or the embedded public key does not belong to the seed
   */
  public static Keypair fromProtobuf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    int type = -1;
    byte[] data = null;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case 1 << 3 -> type = in.readEnum();
          case (2 << 3) | 2 -> data = in.readByteArray();
          default ->
              throw new IllegalArgumentException(
                  "PrivateKey protobuf has an unexpected field with tag " + tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PrivateKey protobuf: " + e.getMessage(), e);
    }
    if (type == -1 || data == null) {
      throw new IllegalArgumentException("PrivateKey protobuf lacks the Type or the Data field");
    }
    if (type != PublicKey.TYPE_ED25519) {
      throw new IllegalArgumentException(
          "unsupported private key type " + PublicKey.typeName(type) + ": only Ed25519");
    }
    if (data.length != 64 && data.length != 96) {
      throw new IllegalArgumentException(
          "Ed25519 private key data must be 64 or 96 bytes, got " + data.length);
    }
    byte[] seed = Arrays.copyOfRange(data, 0, 32);
    byte[] stored = Arrays.copyOfRange(data, 32, 64);
    if (data.length == 96 && !Arrays.equals(stored, 0, 32, data, 64, 96)) {
      throw new IllegalArgumentException(
          "96-byte Ed25519 private key data holds two different public keys");
    }
    Keypair keypair = fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    if (!Arrays.equals(stored, keypair.publicKey.raw())) {
      throw new IllegalArgumentException(
          "Ed25519 private key data holds a public key that does not belong to its seed");
    }
    return keypair;
  }

  /**
   * Returns the libp2p {@code PrivateKey} protobuf of this key pair ({@code 08 01 12 40 ‖ seed ‖
   * public key}, a new array). It contains the private key: handle it as a secret.
   */
  public byte[] toProtobuf() {
    byte[] data = Arrays.copyOf(seed, 64);
    System.arraycopy(publicKey.raw(), 0, data, 32, 32);
    byte[] out = new byte[4 + data.length];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeEnum(1, PublicKey.TYPE_ED25519);
      cos.writeByteArray(2, data);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
    return out;
  }

  /**
   * Reads a key pair saved by {@link #save} (or by another libp2p implementation in the same
   * format).
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if its content is not an Ed25519 {@code PrivateKey} protobuf
   */
  public static Keypair load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
    try {
      return fromProtobuf(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file " + file + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Writes this key pair to {@code file} as a {@code PrivateKey} protobuf, replacing the file
   * atomically; on POSIX file systems the file is readable by its owner only.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    byte[] bytes = toProtobuf();
    Path tmp = null;
    try {
      try {
        tmp =
            Files.createTempFile(
                dir,
                ".key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        tmp = Files.createTempFile(dir, ".key", ".tmp");
      }
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (FileAlreadyExistsException | java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is already unusable
        }
      }
    }
  }

  /** Returns the public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** Returns the peer id of the public key. */
  public PeerId peerId() {
    return peerId;
  }

  /** Returns the Ed25519 signature (64 bytes) of {@code data}. */
  public byte[] sign(byte[] data) {
    Objects.requireNonNull(data, "data");
    return Ed25519.sign(privateKey, data);
  }

  /** Returns {@code "Keypair(<peer id>)"}; never the private key. */
  @Override
  public String toString() {
    return "Keypair(" + peerId + ")";
  }
}
