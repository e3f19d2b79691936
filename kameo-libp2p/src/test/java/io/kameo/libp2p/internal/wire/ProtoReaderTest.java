package io.kameo.libp2p.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The one strict protobuf reader and the exact-size writer of the hand-written codecs. */
class ProtoReaderTest {
  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  @Test
  void reads_every_field_type_and_skips_unknown_fields() {
    byte[] bytes =
        ProtoWriter.encode(
            out -> {
              out.writeUInt64(1, 300);
              out.writeString(2, "héllo");
              out.writeFixed64(3, -1L);
              out.writeBool(4, true);
              out.writeUInt32(9, 7); // unknown here
              out.writeByteArray(5, new byte[] {1, 2});
            });
    ProtoReader in = new ProtoReader(bytes, "test message");
    assertEquals(300, in.readVarint(in.nextTag(), "a"));
    assertEquals("héllo", in.readString(in.nextTag(), "b"));
    assertEquals(-1L, in.readFixed64(in.nextTag(), "c"));
    assertTrue(in.readBool(in.nextTag(), "d"));
    in.skip(in.nextTag());
    assertArrayEquals(new byte[] {1, 2}, in.readBytes(in.nextTag(), "e"));
    assertEquals(0, in.nextTag());
  }

  @Test
  void a_known_field_with_the_wrong_wire_type_is_rejected_naming_field_and_offset() {
    ProtoReader in = new ProtoReader(hex("0a00"), "test message"); // field 1, length-delimited
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> in.readVarint(in.nextTag(), "id"));
    assertEquals(
        "malformed test message at offset 1: field 1 (id) has wire type 2, expected 0",
        e.getMessage());
  }

  @Test
  void malformed_input_fails_with_the_decoders_exception_type() {
    class Refused extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Refused(String message) {
        super(message);
      }
    }
    Refused group =
        assertThrows(Refused.class, () -> skipAll(new ProtoReader(hex("0b"), "m", Refused::new)));
    assertTrue(group.getMessage().endsWith("unknown field 1 uses the deprecated group wire type"));
    Refused truncated =
        assertThrows(
            Refused.class, () -> skipAll(new ProtoReader(hex("0a05010203"), "m", Refused::new)));
    assertTrue(truncated.getMessage().contains("is 5 bytes but only 3 remain"));
    Refused fixed =
        assertThrows(
            Refused.class,
            () -> {
              ProtoReader in = new ProtoReader(hex("090102"), "m", Refused::new);
              in.readFixed64(in.nextTag(), "incarnation");
            });
    assertTrue(fixed.getMessage().contains("truncated incarnation: needs 8 bytes"));
    assertThrows(Refused.class, () -> skipAll(new ProtoReader(hex("00"), "m", Refused::new)));
  }

  @Test
  void a_uint32_above_32_bits_and_malformed_utf8_are_rejected() {
    ProtoReader big = new ProtoReader(hex("088080808010"), "m"); // 2^32
    assertThrows(IllegalArgumentException.class, () -> big.readUInt32(big.nextTag(), "format"));
    ProtoReader text = new ProtoReader(hex("0a01ff"), "m");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> text.readString(text.nextTag(), "s"));
    assertEquals("malformed m at offset 1: s is not valid UTF-8", e.getMessage());
  }

  @Test
  void the_writer_returns_exactly_what_a_stream_encoder_writes() throws IOException {
    byte[] payload = new byte[10_000];
    payload[9_999] = 9;
    ProtoWriter.Body body =
        out -> {
          out.writeUInt64(6, Long.MAX_VALUE);
          out.writeString(2, "counter");
          out.writeByteArray(4, payload);
          out.writeFixed64(7, 42);
        };
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CodedOutputStream stream = CodedOutputStream.newInstance(expected);
    body.writeTo(stream);
    stream.flush();
    assertArrayEquals(expected.toByteArray(), ProtoWriter.encode(body));
    assertEquals(0, ProtoWriter.encode(out -> {}).length);
  }

  private static void skipAll(ProtoReader in) {
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      assertFalse(tag < 0);
      in.skip(tag);
    }
  }
}
