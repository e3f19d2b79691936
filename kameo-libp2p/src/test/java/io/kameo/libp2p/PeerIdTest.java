package io.kameo.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The Ed25519 public key test vector of the peer-ids spec. */
  private static final String SPEC_PUBLIC_KEY =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  @Test
  void specPublicKeyVectorGivesAnIdentityMultihashPeerId() {
    PublicKey key = PublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC_KEY));
    PeerId id = key.peerId();
    assertArrayEquals(HEX.parseHex("0024" + SPEC_PUBLIC_KEY), id.toBytes());
    // base58btc and base32 computed independently of this code
    assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", id.toString());
    assertEquals(
        "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6", id.toCidString());
    assertEquals(Optional.of(key), id.publicKey());
    assertTrue(id.matches(key));
  }

  @Test
  void specExampleEd25519IdRoundTrips() {
    String text = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    PeerId id = PeerId.parse(text);
    assertEquals(text, id.toString());
    assertTrue(id.publicKey().isPresent());
    assertEquals(id, PeerId.parse(id.toCidString()));
  }

  @Test
  void specExampleSha256IdsParseInBothForms() {
    PeerId legacy = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertEquals("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", legacy.toString());
    assertEquals(0x12, legacy.toBytes()[0]);
    assertEquals(Optional.empty(), legacy.publicKey());

    PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", cid.toCidString());
    assertEquals(34, cid.toBytes().length);
  }

  @Test
  void cidInBase58AndUppercaseBase32Parse() {
    PeerId id = Keypair.generate().peerId();
    byte[] mh = id.toBytes();
    byte[] cid = new byte[mh.length + 2];
    cid[0] = 1;
    cid[1] = 0x72;
    System.arraycopy(mh, 0, cid, 2, mh.length);
    assertEquals(id, PeerId.parse("z" + io.kameo.libp2p.internal.wire.Base58.encode(cid)));
    assertEquals(id, PeerId.parse(id.toCidString().toUpperCase(java.util.Locale.ROOT)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty",
        "x123|neither a base58btc multihash",
        "12D3KooW0|invalid base58 character",
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5|unsupported peer id multihash code",
        // CIDv1 with the dag-pb codec (0x70) instead of libp2p-key
        "bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe|CID codec must be libp2p-key",
        "b1|invalid base32",
      })
  void malformedTextIsRejectedNamingTheText(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
  }

  @Test
  void overlongTextIsRejectedBeforeDecoding() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse("1".repeat(100_000)));
    assertTrue(e.getMessage().contains("100000 characters"), e.getMessage());
  }

  @Test
  void bytesWithOtherMultihashesOrTrailingDataAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PeerId.fromBytes(HEX.parseHex("1314" + "00".repeat(20))));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(HEX.parseHex("000100ff")));
    assertThrows(
        IllegalArgumentException.class,
        () -> PeerId.fromBytes(HEX.parseHex("002b" + "00".repeat(43))));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(new byte[0]));
  }

  @Test
  void verifyChecksBothKeyAndSignature() {
    Keypair a = Keypair.generate();
    Keypair b = Keypair.generate();
    byte[] data = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] sig = a.sign(data);
    assertTrue(a.peerId().verify(a.publicKey(), data, sig));
    assertFalse(b.peerId().verify(a.publicKey(), data, sig));
    assertFalse(
        a.peerId()
            .verify(a.publicKey(), "hellp".getBytes(java.nio.charset.StandardCharsets.UTF_8), sig));
    assertNotEquals(a.peerId(), b.peerId());
  }

  @Test
  void publicKeyDecodingRejectsOtherKeyTypesByName() {
    // peer-ids spec vectors for secp256k1 and ECDSA public keys
    IllegalArgumentException secp =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PublicKey.fromProtobuf(
                    HEX.parseHex(
                        "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99")));
    assertTrue(secp.getMessage().contains("Secp256k1 (2)"), secp.getMessage());
    IllegalArgumentException rsa =
        assertThrows(
            IllegalArgumentException.class, () -> PublicKey.fromProtobuf(HEX.parseHex("08001200")));
    assertTrue(rsa.getMessage().contains("RSA (0)"), rsa.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1220" + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e" + "|field 1",
        "0801|field 2",
        "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e1800|extra fields",
        "0881001220"
            + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"
            + "|canonically",
        "080112031ed1e8|32 bytes",
        "08011220|malformed",
      })
  void publicKeyDecodingRejectsNonCanonicalProtobufs(String hex, String message) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PublicKey.fromProtobuf(HEX.parseHex(hex)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
