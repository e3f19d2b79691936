package io.kameo.libp2p.internal.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} for SHA-256 (section 5.2 of the Noise spec): the chaining key
 * {@code ck}, the handshake hash {@code h} and the current {@link CipherState}. Not thread-safe.
 */
final class SymmetricState {
  static final int HASH_LENGTH = 32;

  private final MessageDigest sha256;
  private final Mac hmac;
  private byte[] ck;
  private byte[] h;
  private CipherState cipher = CipherState.empty();

  /** {@code InitializeSymmetric(protocolName)}. */
  SymmetricState(String protocolName) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
      hmac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    h = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
    ck = h.clone();
  }

  /** {@code MixKey(input)}: {@code ck, k = HKDF(ck, input, 2)}, a new cipher with nonce 0. */
  void mixKey(byte[] input) {
    byte[][] out = hkdf(ck, input, 2);
    ck = out[0];
    cipher = CipherState.withKey(out[1]);
  }

  /** {@code MixHash(data)}: {@code h = SHA-256(h ‖ data)}. */
  void mixHash(byte[] data) {
    sha256.update(h);
    sha256.update(data);
    h = sha256.digest();
  }

  /** {@code EncryptAndHash(plaintext)}. */
  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = cipher.encryptWithAd(h, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  /** {@code DecryptAndHash(ciphertext)}; throws {@link NoiseException} on a bad tag. */
  byte[] decryptAndHash(byte[] ciphertext) {
    byte[] plaintext = cipher.decryptWithAd(h, ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  /** {@code Split()}: the initiator-to-responder and responder-to-initiator cipher states. */
  CipherState[] split() {
    byte[][] out = hkdf(ck, new byte[0], 2);
    return new CipherState[] {CipherState.withKey(out[0]), CipherState.withKey(out[1])};
  }

  /** Returns a copy of the handshake hash {@code h}. */
  byte[] handshakeHash() {
    return h.clone();
  }

  /**
   * The Noise {@code HKDF(chainingKey, inputKeyMaterial, numOutputs)} with HMAC-SHA256: {@code temp
   * = HMAC(ck, ikm)}, {@code out1 = HMAC(temp, 0x01)}, {@code out_i = HMAC(temp, out_{i-1} ‖ i)}.
   * This is RFC 5869 with the salt {@code ck}, empty info and 32-byte blocks.
   */
  byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
    try {
      hmac.init(new SecretKeySpec(chainingKey, "HmacSHA256"));
      byte[] temp = hmac.doFinal(inputKeyMaterial);
      hmac.init(new SecretKeySpec(temp, "HmacSHA256"));
      byte[][] out = new byte[outputs][];
      byte[] previous = new byte[0];
      for (int i = 0; i < outputs; i++) {
        hmac.update(previous);
        hmac.update((byte) (i + 1));
        out[i] = hmac.doFinal();
        previous = out[i];
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
