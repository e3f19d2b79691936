package io.kameo.remote.internal.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.remote.error.RemoteSendException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The remote actor wire formats: field numbers pinned, round trips, malformed input refused. */
class ActorWireTest {

  @Test
  void an_envelope_encodes_to_its_documented_fields_and_back() {
    ActorEnvelope e =
        new ActorEnvelope(300, "t", "m", true, new byte[] {'{', '}'}, 9, 0x0102030405060708L);
    // 30 09 (id 9) | 08 ac02 (actor_id 300) | 28 01 (ask) | 39 + 8 bytes little-endian
    // (incarnation, fixed64) | 12 01 't' | 1a 01 'm' | 22 02 '{' '}': the fields an answer needs
    // first, so an oversized envelope's head still says whom to answer
    assertEquals(
        "3009" + "08ac02" + "2801" + "390807060504030201" + "120174" + "1a016d" + "22027b7d",
        hex(e.encode()));
    ActorEnvelope back = ActorEnvelope.decode(e.encode());
    assertEquals(300, back.actorId());
    assertEquals("t", back.actorType());
    assertEquals("m", back.messageId());
    assertTrue(back.ask());
    assertArrayEquals(new byte[] {'{', '}'}, back.payload());
    assertEquals(9, back.requestId());
    assertEquals(0x0102030405060708L, back.incarnation());
  }

  @Test
  void malformed_envelopes_are_refused_with_a_reason() {
    assertThrows(IllegalArgumentException.class, () -> ActorEnvelope.decode(new byte[] {0x12}));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> ActorEnvelope.decode(new byte[0]));
    assertTrue(missing.getMessage().contains("without actor type"), missing.getMessage());
    // unknown field 15 (varint) is skipped
    byte[] withUnknown =
        concat(new ActorEnvelope(1, "a", "b", false, new byte[0], 1, 2).encode(), 0x78, 0x05);
    assertEquals("a", ActorEnvelope.decode(withUnknown).actorType());
  }

  @Test
  void replies_carry_a_payload_or_one_of_the_reasons() {
    ActorReply ok =
        ActorReply.decode(ActorReply.ok(77, "42".getBytes(StandardCharsets.UTF_8)).encode());
    assertNull(ok.error());
    assertEquals(77, ok.requestId());
    assertEquals("42", new String(ok.payload(), StandardCharsets.UTF_8));
    for (RemoteSendException.Reason r : RemoteSendException.Reason.values()) {
      ActorReply failed = ActorReply.decode(ActorReply.failed(5, r, "why " + r).encode());
      assertEquals(5, failed.requestId());
      assertEquals(r, failed.error());
      assertEquals("why " + r, failed.errorMessage());
    }
    byte[] unknownCode = {0x10, 0x63}; // error = 99
    assertThrows(IllegalArgumentException.class, () -> ActorReply.decode(unknownCode));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] concat(byte[] a, int... more) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + more.length);
    for (int i = 0; i < more.length; i++) {
      out[a.length + i] = (byte) more[i];
    }
    return out;
  }
}
