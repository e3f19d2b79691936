package io.kameo.libp2p.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.internal.crypto.X25519;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known-answer tests for the Noise primitives and the XX handshake engine. */
class NoiseVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  /**
   * The {@code Noise_XX_25519_ChaChaPoly_SHA256} vector of the cacophony test-vector set (prologue
   * "John Galt", fixed static and ephemeral keys): three handshake messages, then three transport
   * messages, alternating responder, initiator, responder.
   */
  @Test
  void xxHandshakeMatchesTheCacophonyVector() {
    byte[] prologue = hex("4a6f686e2047616c74");
    HandshakeState init =
        new HandshakeState(
            true,
            prologue,
            X25519.fromPrivateKey(
                hex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1")),
            X25519.fromPrivateKey(
                hex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a")));
    HandshakeState resp =
        new HandshakeState(
            false,
            prologue,
            X25519.fromPrivateKey(
                hex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893")),
            X25519.fromPrivateKey(
                hex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b")));

    String[][] handshake = {
      {
        "4c756477696720766f6e204d69736573",
        "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"
      },
      {
        "4d757272617920526f746862617264",
        "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"
      },
      {
        "462e20412e20486179656b",
        "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"
      }
    };
    for (int i = 0; i < 3; i++) {
      HandshakeState writer = i % 2 == 0 ? init : resp;
      HandshakeState reader = i % 2 == 0 ? resp : init;
      byte[] message = writer.writeMessage(hex(handshake[i][0]));
      assertArrayEquals(hex(handshake[i][1]), message, "handshake message " + (i + 1));
      assertArrayEquals(hex(handshake[i][0]), reader.readMessage(message));
    }
    assertTrue(init.isComplete() && resp.isComplete());
    byte[] hash = hex("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e");
    assertArrayEquals(hash, init.handshakeHash());
    assertArrayEquals(hash, resp.handshakeHash());

    CipherState[] i = init.split();
    CipherState[] r = resp.split();
    String[][] transport = {
      {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
      {
        "4a65616e2d426170746973746520536179",
        "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"
      },
      {
        "457567656e2042f6686d20766f6e2042617765726b",
        "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"
      }
    };
    for (int m = 0; m < 3; m++) {
      // message 4 is the responder's, as the pattern alternates
      CipherState[] writer = m % 2 == 0 ? r : i;
      CipherState[] reader = m % 2 == 0 ? i : r;
      byte[] ciphertext = writer[0].encryptWithAd(new byte[0], hex(transport[m][0]));
      assertArrayEquals(hex(transport[m][1]), ciphertext, "transport message " + (m + 4));
      assertArrayEquals(hex(transport[m][0]), reader[1].decryptWithAd(new byte[0], ciphertext));
    }
  }

  @Test
  void protocolNameOfExactly32BytesIsUsedAsTheInitialHashUnhashed() {
    // HASHLEN = 32 and the name is 32 ASCII bytes, so h = name (section 5.2)
    assertTrue(HandshakeState.PROTOCOL_NAME.length() == 32);
    SymmetricState state = new SymmetricState(HandshakeState.PROTOCOL_NAME);
    assertArrayEquals(
        HandshakeState.PROTOCOL_NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        state.handshakeHash());
  }

  @Test
  void hkdfIsRfc5869WithChainingKeyAsSalt() {
    // RFC 5869 test case 3: SHA-256, IKM = 22 x 0x0b, no salt (= HashLen zeros), no info, L = 42
    SymmetricState state = new SymmetricState(HandshakeState.PROTOCOL_NAME);
    byte[][] out = state.hkdf(new byte[32], hex("0b".repeat(22)), 2);
    byte[] okm = new byte[42];
    System.arraycopy(out[0], 0, okm, 0, 32);
    System.arraycopy(out[1], 0, okm, 32, 10);
    assertArrayEquals(
        hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
        okm);
  }

  @Test
  void x25519MatchesRfc7748() {
    // RFC 7748 section 6.1
    X25519 alice =
        X25519.fromPrivateKey(
            hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    X25519 bob =
        X25519.fromPrivateKey(
            hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    assertArrayEquals(
        hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.publicKey());
    assertArrayEquals(
        hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.publicKey());
    byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assertArrayEquals(shared, alice.agree(bob.publicKey()));
    assertArrayEquals(shared, bob.agree(alice.publicKey()));
  }

  @Test
  void smallOrderRemoteKeyIsRejected() {
    X25519 key = X25519.generate();
    assertThrows(IllegalArgumentException.class, () -> key.agree(new byte[32]));
  }

  @Test
  void cipherNonceIsFourZeroBytesThenLittleEndianCounter() {
    // with nonce n, ChaChaPoly must equal the raw JDK cipher with IV 00000000 || le64(n)
    byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    CipherState state = CipherState.withKey(key);
    state.setNonce(0x0102030405060708L);
    byte[] ours = state.encryptWithAd(new byte[] {9}, new byte[] {1, 2, 3});
    byte[] expected;
    try {
      javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
      jdk.init(
          javax.crypto.Cipher.ENCRYPT_MODE,
          new javax.crypto.spec.SecretKeySpec(key, "ChaCha20"),
          new javax.crypto.spec.IvParameterSpec(hex("000000000807060504030201")));
      jdk.updateAAD(new byte[] {9});
      expected = jdk.doFinal(new byte[] {1, 2, 3});
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    assertArrayEquals(expected, ours);
  }
}
