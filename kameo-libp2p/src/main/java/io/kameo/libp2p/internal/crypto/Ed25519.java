package io.kameo.libp2p.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * INTERNAL API. Ed25519 (RFC 8032) on the JDK's {@code SunEC} provider, with keys as raw bytes: a
 * 32-byte private seed and a 32-byte public key.
 *
 * <p>The JDK takes and gives keys only in their X.509/PKCS#8 DER wrappers, which for Ed25519 are a
 * fixed prefix (RFC 8410) followed by the raw 32 bytes, so converting is prefixing or stripping.
 * The JDK cannot derive a public key from a seed directly; {@link #publicKeyFromSeed} lets its key
 * pair generator draw the seed from a random source that returns exactly the seed, which is how
 * that generator forms keys, and then proves the result by a signature round trip.
 */
public final class Ed25519 {
  /** Length of a seed, a public key, in bytes. */
  public static final int KEY_LENGTH = 32;

  /** Length of a signature, in bytes. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private Ed25519() {}

  /** Generates a new random seed. */
  public static byte[] generateSeed() {
    byte[] seed = new byte[KEY_LENGTH];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /**
   * Returns the public key of a 32-byte seed.
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes long
   */
  public static byte[] publicKeyFromSeed(byte[] seed) {
    checkLength(seed, KEY_LENGTH, "Ed25519 seed");
    byte[] copy = seed.clone();
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(copy));
      KeyPair pair = generator.generateKeyPair();
      byte[] publicKey = stripPrefix(pair.getPublic().getEncoded(), X509_PREFIX);
      byte[] probe = "kameo ed25519 self-test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (!verify(publicKey, probe, sign(seed, probe))) {
        throw new IllegalStateException("JDK Ed25519 key pair generator did not use the seed");
      }
      return publicKey;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  /**
   * Signs {@code message} with the private key given by its seed.
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes long
   */
  public static byte[] sign(byte[] seed, byte[] message) {
    return sign(privateKey(seed), message);
  }

  /** Signs {@code message} with a JDK private key made by {@link #privateKey}. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Returns the JDK private key for a 32-byte seed.
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes long
   */
  public static PrivateKey privateKey(byte[] seed) {
    checkLength(seed, KEY_LENGTH, "Ed25519 seed");
    try {
      byte[] der = concat(PKCS8_PREFIX, seed);
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /**
   * Returns whether {@code signature} is a valid signature of {@code message} by {@code publicKey};
   * a malformed key or signature counts as invalid.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey)));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // an invalid point or a signature the provider cannot parse is simply not valid
      return false;
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] stripPrefix(byte[] der, byte[] prefix) {
    if (der.length != prefix.length + KEY_LENGTH
        || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new IllegalStateException("unexpected key encoding from the JDK");
    }
    return Arrays.copyOfRange(der, prefix.length, der.length);
  }

  static void checkLength(byte[] bytes, int length, String what) {
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + bytes.length);
    }
  }

  /** Returns the fixed bytes given to it, then fails: used only to seed a key pair generator. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] bytes;
    private transient boolean used;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void nextBytes(byte[] out) {
      if (used || out.length != bytes.length) {
        throw new IllegalStateException("unexpected use of the seed source");
      }
      used = true;
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
