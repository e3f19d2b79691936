package io.kameo.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * INTERNAL API. A Noise {@code CipherState} for the ChaChaPoly cipher functions: a 32-byte key and
 * a 64-bit nonce counter. Each encryption or decryption uses the nonce {@code 0x00000000 ‖
 * little-endian(n)} and then increments it; nonce {@code 2^64 - 1} is reserved, so a state that
 * reaches it refuses to continue. Without a key (before the first {@code MixKey}) it passes
 * plaintext through, as the Noise spec says.
 *
 * <p>One {@link Cipher} instance and one nonce array are reused for every message. Not thread-safe:
 * a state belongs to one direction of one connection and is used by one thread at a time.
 */
public final class CipherState {
  /** Length of the Poly1305 tag, in bytes. */
  public static final int TAG_LENGTH = 16;

  private static final byte[] NO_AD = new byte[0];
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  private CipherState(byte[] key) {
    if (key == null) {
      this.key = null;
      this.cipher = null;
      return;
    }
    if (key.length != 32) {
      throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /** Returns a state without a key, which passes data through unencrypted. */
  static CipherState empty() {
    return new CipherState(null);
  }

  /**
   * Returns a state with {@code key} (copied) and nonce 0.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static CipherState withKey(byte[] key) {
    return new CipherState(key.clone());
  }

  /** Returns whether this state has a key. */
  public boolean hasKey() {
    return key != null;
  }

  /** Returns the nonce the next operation will use. */
  public long nonce() {
    return nonce;
  }

  /**
   * Encrypts {@code plaintext} with associated data {@code ad} into a new array (ciphertext ‖ tag);
   * without a key returns a copy of the plaintext.
   */
  public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
    if (!hasKey()) {
      return plaintext.clone();
    }
    try {
      init(Cipher.ENCRYPT_MODE, ad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts {@code ciphertext} (ciphertext ‖ tag) with associated data {@code ad} into a new
   * array; without a key returns a copy. The nonce advances only on success.
   *
   * @throws NoiseException if the tag does not verify
   */
  public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
    if (!hasKey()) {
      return ciphertext.clone();
    }
    if (ciphertext.length < TAG_LENGTH) {
      throw new NoiseException(
          "Noise ciphertext of " + ciphertext.length + " bytes is shorter than its tag");
    }
    try {
      initDecrypt(ad);
      byte[] plaintext = cipher.doFinal(ciphertext);
      nonce++;
      return plaintext;
    } catch (AEADBadTagException e) {
      throw new NoiseException(
          "Noise decryption failed: bad authentication tag at nonce " + nonce, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /**
   * Encrypts {@code length} readable bytes of {@code plaintext} (advancing its reader index) and
   * appends ciphertext ‖ tag to {@code out} ({@code length + 16} bytes); no associated data. The
   * plaintext may be a composite of several buffers: each part is encrypted in place of a copy. The
   * caller owns both buffers.
   */
  void encrypt(ByteBuf plaintext, int length, ByteBuf out) {
    out.ensureWritable(length + TAG_LENGTH);
    try {
      init(Cipher.ENCRYPT_MODE, NO_AD);
      int written;
      if (out.hasArray()) {
        // the byte[] forms: the JDK's fastest path for heap memory
        byte[] dst = out.array();
        int at = out.arrayOffset() + out.writerIndex();
        if (plaintext.hasArray()) {
          int from = plaintext.arrayOffset() + plaintext.readerIndex();
          written = cipher.doFinal(plaintext.array(), from, length, dst, at);
        } else {
          written = 0;
          for (ByteBuffer part : plaintext.nioBuffers(plaintext.readerIndex(), length)) {
            written += update(part, dst, at + written);
          }
          written += cipher.doFinal(dst, at + written);
        }
      } else if (out.nioBufferCount() == 1) {
        ByteBuffer dst = out.nioBuffer(out.writerIndex(), length + TAG_LENGTH);
        for (ByteBuffer part : plaintext.nioBuffers(plaintext.readerIndex(), length)) {
          cipher.update(part, dst);
        }
        cipher.doFinal(EMPTY, dst);
        written = dst.position();
      } else {
        byte[] src = new byte[length];
        plaintext.getBytes(plaintext.readerIndex(), src);
        byte[] dst = cipher.doFinal(src);
        out.setBytes(out.writerIndex(), dst);
        written = dst.length;
      }
      plaintext.skipBytes(length);
      out.writerIndex(out.writerIndex() + written);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts {@code length} readable bytes of {@code ciphertext} (ciphertext ‖ tag, advancing its
   * reader index) and appends the plaintext to {@code out}; no associated data. The caller owns
   * both buffers.
   *
   * @throws NoiseException if the tag does not verify or the input is shorter than a tag
   */
  void decrypt(ByteBuf ciphertext, int length, ByteBuf out) {
    if (length < TAG_LENGTH) {
      throw new NoiseException("Noise frame of " + length + " bytes is shorter than its tag");
    }
    out.ensureWritable(length - TAG_LENGTH);
    try {
      initDecrypt(NO_AD);
      int written;
      if (ciphertext.hasArray() && out.hasArray()) {
        written =
            cipher.doFinal(
                ciphertext.array(),
                ciphertext.arrayOffset() + ciphertext.readerIndex(),
                length,
                out.array(),
                out.arrayOffset() + out.writerIndex());
      } else if (ciphertext.nioBufferCount() == 1 && out.nioBufferCount() == 1) {
        ByteBuffer src = ciphertext.nioBuffer(ciphertext.readerIndex(), length);
        ByteBuffer dst = out.nioBuffer(out.writerIndex(), length - TAG_LENGTH);
        written = cipher.doFinal(src, dst);
      } else {
        byte[] src = new byte[length];
        ciphertext.getBytes(ciphertext.readerIndex(), src);
        byte[] dst = cipher.doFinal(src);
        out.setBytes(out.writerIndex(), dst);
        written = dst.length;
      }
      nonce++;
      ciphertext.skipBytes(length);
      out.writerIndex(out.writerIndex() + written);
    } catch (AEADBadTagException e) {
      throw new NoiseException(
          "Noise decryption failed: bad authentication tag at nonce " + nonce, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /** Encrypts one part of a frame's plaintext into {@code dst} at {@code at}; returns the count. */
  private int update(ByteBuffer part, byte[] dst, int at) throws GeneralSecurityException {
    if (part.hasArray()) {
      return cipher.update(
          part.array(), part.arrayOffset() + part.position(), part.remaining(), dst, at);
    }
    return cipher.update(part, ByteBuffer.wrap(dst, at, dst.length - at));
  }

  private void init(int mode, byte[] ad) throws GeneralSecurityException {
    if (nonce == -1L) {
      throw new NoiseException("Noise nonce exhausted: the connection must be closed");
    }
    setNonceBytes(nonce);
    try {
      cipher.init(mode, key, new IvParameterSpec(nonceBytes));
    } catch (InvalidKeyException e) {
      // the JDK refuses to re-init with the key and nonce of the previous encryption;
      // that cannot happen here because the nonce only grows
      throw new IllegalStateException(e);
    }
    if (ad.length > 0) {
      cipher.updateAAD(ad);
    }
    if (mode == Cipher.ENCRYPT_MODE) {
      nonce++;
    }
  }

  private void initDecrypt(byte[] ad) throws GeneralSecurityException {
    if (nonce == -1L) {
      throw new NoiseException("Noise nonce exhausted: the connection must be closed");
    }
    setNonceBytes(nonce);
    cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonceBytes));
    if (ad.length > 0) {
      cipher.updateAAD(ad);
    }
  }

  private void setNonceBytes(long n) {
    // 4 zero bytes, then the counter little-endian
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
  }

  /** For tests of nonce exhaustion only. */
  void setNonce(long n) {
    this.nonce = n;
  }
}
