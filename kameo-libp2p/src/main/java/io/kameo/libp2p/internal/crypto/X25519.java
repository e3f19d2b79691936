package io.kameo.libp2p.internal.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * INTERNAL API. X25519 (RFC 7748) key pairs and Diffie-Hellman on the JDK, with public keys as raw
 * 32-byte little-endian u-coordinates.
 *
 * <p>A key pair holds the JDK private key and the raw public key; the raw private scalar is never
 * kept. Instances are immutable and thread-safe.
 */
public final class X25519 {
  /** Length of a public key or private scalar, and of a shared secret, in bytes. */
  public static final int KEY_LENGTH = 32;

  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b656e04220420");

  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private X25519(PrivateKey privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Generates a new random key pair. */
  public static X25519 generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
      return new X25519(
          pair.getPrivate(), Ed25519.stripPrefix(pair.getPublic().getEncoded(), X509_PREFIX));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /**
   * Returns the key pair of a 32-byte private scalar (clamped as RFC 7748 says); for known-answer
   * tests.
   *
   * @throws IllegalArgumentException if the scalar is not 32 bytes long
   */
  public static X25519 fromPrivateKey(byte[] scalar) {
    Ed25519.checkLength(scalar, KEY_LENGTH, "X25519 private key");
    try {
      PrivateKey key =
          KeyFactory.getInstance("X25519")
              .generatePrivate(new PKCS8EncodedKeySpec(Ed25519.concat(PKCS8_PREFIX, scalar)));
      // the public key is the shared secret with the base point u = 9
      PublicKey base =
          KeyFactory.getInstance("X25519")
              .generatePublic(
                  new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
      return new X25519(key, agree(key, base));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /** Returns a copy of the raw 32-byte public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Returns the 32-byte shared secret with {@code remotePublicKey}.
   *
   * @throws IllegalArgumentException if the remote key is not 32 bytes or the result is all zero (a
   *     small-order remote point)
   */
  public byte[] agree(byte[] remotePublicKey) {
    Ed25519.checkLength(remotePublicKey, KEY_LENGTH, "X25519 public key");
    try {
      PublicKey remote =
          KeyFactory.getInstance("X25519")
              .generatePublic(new X509EncodedKeySpec(Ed25519.concat(X509_PREFIX, remotePublicKey)));
      return agree(privateKey, remote);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("X25519 agreement failed: " + e.getMessage(), e);
    }
  }

  private static byte[] agree(PrivateKey key, PublicKey remote) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(key);
    agreement.doPhase(remote, true);
    return agreement.generateSecret();
  }
}
