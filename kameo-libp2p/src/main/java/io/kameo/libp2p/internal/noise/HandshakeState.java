package io.kameo.libp2p.internal.noise;

import io.kameo.libp2p.internal.crypto.X25519;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Noise {@code HandshakeState} for the {@code XX} pattern with 25519, ChaChaPoly and SHA256:
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * A generic engine over byte arrays (any payloads, any prologue) so it can be checked against the
 * published Noise test vectors; {@link NoiseHandshake} adds the libp2p framing and payloads. Not
 * thread-safe.
 */
final class HandshakeState {
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
  static final int DH_LENGTH = X25519.KEY_LENGTH;

  private final boolean initiator;
  private final SymmetricState symmetric;
  private final X25519 s;
  private X25519 e;
  private byte[] rs;
  private byte[] re;
  private int message;

  /**
   * {@code Initialize(XX, initiator, prologue, s)}; {@code ephemeral} is normally null (a random
   * one is generated when needed) and is fixed only by known-answer tests.
   */
  HandshakeState(boolean initiator, byte[] prologue, X25519 s, X25519 ephemeral) {
    this.initiator = initiator;
    this.s = Objects.requireNonNull(s, "s");
    this.e = ephemeral;
    this.symmetric = new SymmetricState(PROTOCOL_NAME);
    symmetric.mixHash(prologue);
  }

  /** Returns whether it is this side's turn to write. */
  boolean isMyTurn() {
    return message < 3 && (message % 2 == 0) == initiator;
  }

  /** Returns whether all three messages have been written or read. */
  boolean isComplete() {
    return message == 3;
  }

  /** Writes the next handshake message, carrying {@code payload}. */
  byte[] writeMessage(byte[] payload) {
    if (!isMyTurn()) {
      throw new IllegalStateException("not this side's turn to write message " + (message + 1));
    }
    byte[] out;
    switch (message) {
      case 0 -> {
        // -> e
        byte[] ePub = generateEphemeral();
        symmetric.mixHash(ePub);
        out = concat(ePub, symmetric.encryptAndHash(payload));
      }
      case 1 -> {
        // <- e, ee, s, es
        byte[] ePub = generateEphemeral();
        symmetric.mixHash(ePub);
        symmetric.mixKey(e.agree(re));
        byte[] sCipher = symmetric.encryptAndHash(s.publicKey());
        symmetric.mixKey(s.agree(re));
        out = concat(concat(ePub, sCipher), symmetric.encryptAndHash(payload));
      }
      case 2 -> {
        // -> s, se
        byte[] sCipher = symmetric.encryptAndHash(s.publicKey());
        symmetric.mixKey(s.agree(re));
        out = concat(sCipher, symmetric.encryptAndHash(payload));
      }
      default -> throw new IllegalStateException("handshake complete");
    }
    message++;
    return out;
  }

  /**
   * Reads the next handshake message and returns its payload.
   *
   * @throws NoiseException if the message is too short, a tag fails or a DH result is invalid
   */
  byte[] readMessage(byte[] in) {
    if (isMyTurn() || isComplete()) {
      throw new IllegalStateException("not this side's turn to read message " + (message + 1));
    }
    int pos = 0;
    byte[] payload;
    try {
      switch (message) {
        case 0 -> {
          re = slice(in, pos, DH_LENGTH, "e");
          pos += DH_LENGTH;
          symmetric.mixHash(re);
          payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, pos, in.length));
        }
        case 1 -> {
          re = slice(in, pos, DH_LENGTH, "e");
          pos += DH_LENGTH;
          symmetric.mixHash(re);
          symmetric.mixKey(e.agree(re));
          int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
          rs = symmetric.decryptAndHash(slice(in, pos, sLength, "s"));
          pos += sLength;
          symmetric.mixKey(e.agree(rs));
          payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, pos, in.length));
        }
        case 2 -> {
          int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
          rs = symmetric.decryptAndHash(slice(in, pos, sLength, "s"));
          pos += sLength;
          symmetric.mixKey(e.agree(rs));
          payload = symmetric.decryptAndHash(Arrays.copyOfRange(in, pos, in.length));
        }
        default -> throw new IllegalStateException("handshake complete");
      }
    } catch (IllegalArgumentException ex) {
      // X25519 rejected the remote key (small order)
      throw new NoiseException(
          "invalid Noise handshake message " + (message + 1) + ": " + ex.getMessage(), ex);
    }
    message++;
    return payload;
  }

  /** Returns the remote static public key, once received. */
  byte[] remoteStatic() {
    if (rs == null) {
      throw new IllegalStateException("remote static key not received yet");
    }
    return rs.clone();
  }

  /** Returns the handshake hash; final once the handshake is complete. */
  byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /**
   * Splits into transport states: element 0 encrypts this side's outgoing messages, element 1
   * decrypts incoming ones (the initiator sends with the first Noise cipher, the responder with the
   * second).
   */
  CipherState[] split() {
    if (!isComplete()) {
      throw new IllegalStateException("handshake not complete");
    }
    CipherState[] pair = symmetric.split();
    return initiator ? pair : new CipherState[] {pair[1], pair[0]};
  }

  private byte[] generateEphemeral() {
    if (e == null) {
      e = X25519.generate();
    }
    return e.publicKey();
  }

  private byte[] slice(byte[] in, int pos, int length, String what) {
    if (in.length - pos < length) {
      throw new NoiseException(
          "Noise handshake message "
              + (message + 1)
              + " too short for "
              + what
              + ": "
              + in.length
              + " bytes");
    }
    return Arrays.copyOfRange(in, pos, pos + length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
