package io.kameo.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeypairTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The Ed25519 private key test vector of the peer-ids spec. */
  private static final String SPEC_PRIVATE_KEY =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
          + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  private static final String SPEC_PUBLIC_KEY =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  @Test
  void specPrivateKeyVectorGivesTheSpecPublicKey() {
    Keypair keypair = Keypair.fromProtobuf(HEX.parseHex(SPEC_PRIVATE_KEY));
    assertArrayEquals(HEX.parseHex(SPEC_PUBLIC_KEY), keypair.publicKey().toProtobuf());
    assertArrayEquals(HEX.parseHex(SPEC_PRIVATE_KEY), keypair.toProtobuf());
  }

  @Test
  void seedIsTheRfc8032PrivateKeyLikeJsGenerateKeyPairFromSeed() {
    // public key and signature computed from the same seed by OpenSSL (Node's crypto module)
    Keypair keypair =
        Keypair.fromSeed(
            HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    assertArrayEquals(
        HEX.parseHex("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"),
        keypair.publicKey().raw());
    assertEquals(
        "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB", keypair.peerId().toString());
    assertArrayEquals(
        HEX.parseHex(
            "a0d4461a47879daacd2aa7e144372a0c58f6085b1fc595b9e96049c671da8fc9"
                + "f84d94c38a9988cdcf3661aa470fbbd48246de8f47fc92c911789f09d31ce809"),
        keypair.sign("noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void signaturesVerifyWithThePublicKeyOnly() {
    Keypair keypair = Keypair.generate();
    byte[] data = {1, 2, 3};
    byte[] sig = keypair.sign(data);
    assertEquals(64, sig.length);
    assertTrue(keypair.publicKey().verify(data, sig));
    sig[0] ^= 1;
    assertFalse(keypair.publicKey().verify(data, sig));
    assertFalse(keypair.publicKey().verify(data, new byte[3]));
  }

  @Test
  void saveThenLoadGivesTheSameKeyInAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
    Keypair keypair = Keypair.generate();
    Path file = dir.resolve("identity.key");
    keypair.save(file);
    assertArrayEquals(keypair.toProtobuf(), Files.readAllBytes(file));
    assertEquals(keypair.peerId(), Keypair.load(file).peerId());
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(file));
    }
    Keypair other = Keypair.generate();
    other.save(file);
    assertEquals(other.peerId(), Keypair.load(file).peerId());
  }

  @Test
  void loadReportsMissingAndCorruptFiles(@TempDir Path dir) throws Exception {
    assertThrows(UncheckedIOException.class, () -> Keypair.load(dir.resolve("missing")));
    Path bad = dir.resolve("bad.key");
    Files.write(bad, HEX.parseHex("0801120100"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Keypair.load(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

  @Test
  void legacy96ByteFormatLoadsWhenBothPublicKeysAgree() {
    Keypair keypair = Keypair.generate();
    byte[] v64 = keypair.toProtobuf();
    byte[] data = new byte[96];
    System.arraycopy(v64, 4, data, 0, 64);
    System.arraycopy(v64, 36, data, 64, 32);
    byte[] v96 = new byte[100];
    v96[0] = 0x08;
    v96[1] = 0x01;
    v96[2] = 0x12;
    v96[3] = 96;
    System.arraycopy(data, 0, v96, 4, 96);
    assertEquals(keypair.peerId(), Keypair.fromProtobuf(v96).peerId());
    v96[99] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> Keypair.fromProtobuf(v96));
  }

  @Test
  void privateKeyWhosePublicHalfDoesNotMatchIsRejected() {
    byte[] bytes = HEX.parseHex(SPEC_PRIVATE_KEY);
    bytes[bytes.length - 1] ^= 1;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Keypair.fromProtobuf(bytes));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void otherPrivateKeyTypesAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Keypair.fromProtobuf(
                    HEX.parseHex(
                        "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB")));
    assertTrue(e.getMessage().contains("Secp256k1"), e.getMessage());
  }

  @Test
  void seedMustBe32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> Keypair.fromSeed(new byte[31]));
  }

  @Test
  void toStringDoesNotRevealThePrivateKey() {
    Keypair keypair = Keypair.fromProtobuf(HEX.parseHex(SPEC_PRIVATE_KEY));
    assertFalse(keypair.toString().toLowerCase(java.util.Locale.ROOT).contains("7e0830617c"));
    assertTrue(keypair.toString().contains(keypair.peerId().toString()));
  }
}
