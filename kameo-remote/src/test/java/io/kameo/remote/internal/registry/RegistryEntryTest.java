package io.kameo.remote.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.internal.registry.RegistryEntry.Member;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed registry entry: its bytes and signature pinned, tampering and malformed input. */
class RegistryEntryTest {
  static final Keypair KEY = Keypair.fromSeed(seed());
  static final HexFormat HEX = HexFormat.of();

  static byte[] seed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < 32; i++) {
      seed[i] = (byte) i;
    }
    return seed;
  }

  static RegistryEntry pinned() {
    return RegistryEntry.sign(
        KEY,
        "counter",
        0x0102030405060708L,
        5,
        4,
        1000,
        true,
        List.of(new Member(7, "acct")),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")));
  }

  @Test
  void the_signed_bytes_are_the_documented_fields_after_the_domain_and_the_signature_is_ed25519() {
    RegistryEntry e = pinned();
    String body =
        "0a07"
            + HEX.formatHex("counter".getBytes(StandardCharsets.UTF_8)) // name = 1
            + "1226"
            + HEX.formatHex(KEY.peerId().toBytes()) // peer_id = 2 (38 bytes)
            + "19"
            + "0807060504030201" // incarnation = 3, fixed64 little-endian
            + "2005" // version = 4
            + "2804" // since_ms = 5
            + "30e807" // expires_ms = 6 (1000)
            + "3801" // exclusive = 7
            + "4208"
            + "0807"
            + "120461636374" // members = 8 { actor_id 7, actor_type "acct" }
            + "4a08"
            + "047f000001060fa1"; // addrs = 9: /ip4/127.0.0.1/tcp/4001
    assertEquals(body, HEX.formatHex(e.body()));
    byte[] signed = RegistryEntry.signedBytes(e.body());
    assertEquals(
        "kameo-registry-entry/1\n" + new String(e.body(), StandardCharsets.ISO_8859_1),
        new String(signed, StandardCharsets.ISO_8859_1));
    assertTrue(KEY.publicKey().verify(signed, e.signature()), "an Ed25519 signature by the key");
    // Ed25519 is deterministic: the signature of these bytes by this key never changes
    assertEquals(HEX.formatHex(KEY.sign(signed)), HEX.formatHex(e.signature()));
    assertEquals(body + "7a40" + HEX.formatHex(e.signature()), HEX.formatHex(e.encode()));
    assertTrue(e.verify());
  }

  @Test
  void an_entry_decodes_to_the_same_fields_and_still_verifies() {
    RegistryEntry e = pinned();
    RegistryEntry back = RegistryEntry.decode(e.encode());
    assertEquals(e, back);
    assertEquals("counter", back.name());
    assertEquals(KEY.peerId(), back.peer());
    assertEquals(0x0102030405060708L, back.incarnation());
    assertEquals(5, back.version());
    assertEquals(4, back.sinceMillis());
    assertEquals(1000, back.expiresMillis());
    assertTrue(back.exclusive());
    assertEquals(List.of(new Member(7, "acct")), back.members());
    assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), back.addrs());
    assertTrue(back.verify());
  }

  @Test
  void any_changed_byte_of_the_body_breaks_the_signature() {
    byte[] wire = pinned().encode();
    int bodyLength = pinned().body().length;
    for (int i = 0; i < bodyLength; i++) {
      byte[] changed = wire.clone();
      changed[i] ^= 0x01;
      RegistryEntry decoded;
      try {
        decoded = RegistryEntry.decode(changed);
      } catch (IllegalArgumentException malformed) {
        continue;
      }
      assertFalse(decoded.verify(), "byte " + i + " changed but the entry still verifies");
    }
  }

  @Test
  void an_entry_signed_by_another_key_does_not_verify_as_the_claimed_peer() {
    RegistryEntry honest = pinned();
    Keypair forger = Keypair.generate();
    byte[] forgedSignature = forger.sign(RegistryEntry.signedBytes(honest.body()));
    byte[] wire = Arrays.copyOf(honest.body(), honest.body().length + 2 + 64);
    wire[honest.body().length] = 0x7a;
    wire[honest.body().length + 1] = 0x40;
    System.arraycopy(forgedSignature, 0, wire, honest.body().length + 2, 64);
    RegistryEntry forged = RegistryEntry.decode(wire);
    assertEquals(KEY.peerId(), forged.peer());
    assertFalse(forged.verify());
  }

  @Test
  void malformed_entries_are_refused_with_a_reason() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> RegistryEntry.decode(new byte[0]));
    assertTrue(missing.getMessage().contains("without name"), missing.getMessage());
    byte[] trailing = Arrays.copyOf(pinned().encode(), pinned().encode().length + 2);
    trailing[trailing.length - 2] = 0x20; // version again, after the signature
    trailing[trailing.length - 1] = 0x06;
    IllegalArgumentException after =
        assertThrows(IllegalArgumentException.class, () -> RegistryEntry.decode(trailing));
    assertTrue(after.getMessage().contains("follows the signature"), after.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RegistryEntry.decode(new byte[] {0x0a}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RegistryEntry.sign(KEY, "", 1, 1, 1, 2, true, List.of(new Member(1, "t")), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RegistryEntry.sign(
                KEY, "x".repeat(257), 1, 1, 1, 2, true, List.of(new Member(1, "t")), List.of()));
  }
}
