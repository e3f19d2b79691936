package io.kameo.remote.internal.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.PayloadFormat;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload formats, byte for byte, and the guards against payloads that name a class. */
class PayloadCodecTest {
  static {
    Module self = PayloadCodecTest.class.getModule();
    if (self.isNamed()) {
      self.addOpens(PayloadCodecTest.class.getPackageName(), ObjectMapper.class.getModule());
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  /** A sample message. */
  public record Inc(long amount, String by) {}

  private static final PayloadCodec CBOR =
      new PayloadCodec(Encoding.CBOR, ActorSwarmConfig.defaults().objectMapper());
  private static final PayloadCodec JSON =
      new PayloadCodec(
          Encoding.JSON, ActorSwarmConfig.defaults().withFormat(PayloadFormat.JSON).objectMapper());

  @Test
  void the_default_format_is_cbor_and_a_sample_message_has_these_bytes() {
    assertEquals(PayloadFormat.CBOR, ActorSwarmConfig.defaults().format());
    byte[] bytes = CBOR.encode(new Inc(5, "ann"));
    // bf: map of indefinite length; 66 "amount"; 05; 62 "by"; 63 "ann"; ff: end
    assertEquals("bf66616d6f756e740562627963616e6eff", HEX.formatHex(bytes));
    assertEquals(new Inc(5, "ann"), CBOR.decode(bytes, Inc.class));
  }

  @Test
  void a_cbor_envelope_of_the_sample_message_has_these_bytes() {
    ActorEnvelope envelope =
        new ActorEnvelope(
            7,
            "t",
            "m",
            true,
            CBOR.encode(new Inc(5, "ann")),
            1,
            0x0102030405060708L,
            false,
            Encoding.CBOR,
            0,
            250);
    assertEquals(
        // 0a 2b: an envelope of 43 bytes; 30 01 request 1; 08 07 actor 7; 28 01 ask; 58 fa01
        // reply timeout 250 ms; 39 incarnation (fixed64, little-endian); 12 "t"; 1a "m"; 22 payload
        "0a2b30010807280158fa01"
            + "390807060504030201"
            + "120174"
            + "1a016d"
            + "2211bf66616d6f756e740562627963616e6eff",
        HEX.formatHex(ActorFrame.wrap(envelope)));
    // the size checked before a request id is drawn counts the largest id: 8 bytes more than id 1
    assertEquals(ActorFrame.wrap(envelope).length + 8, ActorFrame.wrappedSize(envelope));
    ActorEnvelope back = (ActorEnvelope) ActorFrame.unwrap(ActorFrame.wrap(envelope));
    assertEquals(Encoding.CBOR, back.format());
    assertEquals(250, back.replyTimeoutMillis());
  }

  @Test
  void json_is_the_other_format_and_envelopes_and_replies_name_it() {
    byte[] bytes = JSON.encode(new Inc(5, "ann"));
    assertEquals("{\"amount\":5,\"by\":\"ann\"}", new String(bytes, StandardCharsets.UTF_8));
    assertEquals(new Inc(5, "ann"), JSON.decode(bytes, Inc.class));
    ActorEnvelope envelope =
        new ActorEnvelope(1, "t", "m", false, bytes, 1, 2, false, Encoding.JSON, 9, 0);
    ActorEnvelope back = (ActorEnvelope) ActorFrame.unwrap(ActorFrame.wrap(envelope));
    assertEquals(Encoding.JSON, back.format());
    assertEquals(9, back.mailboxTimeoutMillis());
    assertEquals(ActorFrame.wrap(envelope).length + 8, ActorFrame.wrappedSize(envelope));
    ActorReply reply = ActorReply.ok(3, bytes, Encoding.JSON);
    assertEquals(Encoding.JSON, ((ActorReply) ActorFrame.unwrap(ActorFrame.wrap(reply))).format());
  }

  @Test
  void a_cbor_payload_read_as_json_fails_with_a_precise_error() {
    PayloadCodec.PayloadException e =
        assertThrows(
            PayloadCodec.PayloadException.class,
            () -> JSON.decode(CBOR.encode(new Inc(1, "x")), Inc.class));
    assertTrue(e.getMessage().contains("cannot deserialize " + Inc.class.getName() + " from JSON"));
  }

  /** A message with a field whose class a payload would name. */
  public record Named(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) {}

  /** A type whose subtypes are named by class. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.MINIMAL_CLASS)
  public interface Shape {}

  /** A shape. */
  public record Circle(double r) implements Shape {}

  /** A message holding shapes in a list: the class id is one generic level down. */
  public record Drawing(List<Shape> shapes) {}

  @Test
  void a_payload_type_with_a_class_id_is_refused_naming_where_it_is_declared() {
    PayloadCodec.PayloadException field =
        assertThrows(PayloadCodec.PayloadException.class, () -> CBOR.encode(new Named(1)));
    assertTrue(field.getMessage().contains("the component " + Named.class.getName() + ".value"));
    assertTrue(field.getMessage().contains("Id.NAME"), field.getMessage());
    PayloadCodec.PayloadException nested =
        assertThrows(
            PayloadCodec.PayloadException.class,
            () -> JSON.decode("{\"shapes\":[]}".getBytes(StandardCharsets.UTF_8), Drawing.class));
    assertTrue(
        nested.getMessage().contains("the type " + Shape.class.getName() + " uses @JsonTypeInfo"),
        nested.getMessage());
  }

  /** Subtypes by logical name pick from a closed set: allowed. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes(@JsonSubTypes.Type(value = Square.class, name = "square"))
  public interface Tile {}

  /** A tile. */
  public record Square(int side) implements Tile {}

  /** Holds a tile. */
  public record Floor(Tile tile) {}

  @Test
  void subtypes_by_logical_name_are_fine() {
    byte[] bytes = JSON.encode(new Floor(new Square(2)));
    assertEquals(
        "{\"tile\":{\"@type\":\"square\",\"side\":2}}", new String(bytes, StandardCharsets.UTF_8));
    assertEquals(new Floor(new Square(2)), JSON.decode(bytes, Floor.class));
  }

  /** Adds a class id to Holder.value through a mix-in, out of sight of the type check. */
  abstract static class ClassIdMixin {
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    Object value;
  }

  /** A plain holder. */
  public static final class Holder {
    public Object value;
  }

  @Test
  void a_class_name_in_a_payload_is_denied_even_when_a_mixin_asks_for_it() {
    ObjectMapper own = new JsonMapper().addMixIn(Holder.class, ClassIdMixin.class);
    own.setPolymorphicTypeValidator(LaissezFaireSubTypeValidator.instance);
    PayloadCodec codec =
        new PayloadCodec(
            Encoding.JSON, ActorSwarmConfig.defaults().withObjectMapper(own).objectMapper());
    byte[] payload =
        "{\"value\":[\"java.util.concurrent.atomic.AtomicLong\",7]}"
            .getBytes(StandardCharsets.UTF_8);
    PayloadCodec.PayloadException e =
        assertThrows(
            PayloadCodec.PayloadException.class, () -> codec.decode(payload, Holder.class));
    assertTrue(e.getMessage().contains("PolymorphicTypeValidator"), e.getMessage());
  }

  @Test
  void a_mapper_with_default_typing_is_refused_when_configured() {
    ObjectMapper typed = new CBORMapper();
    typed.activateDefaultTyping(LaissezFaireSubTypeValidator.instance);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActorSwarmConfig.defaults().withObjectMapper(typed));
    assertTrue(e.getMessage().contains("default typing"), e.getMessage());
  }

  @Test
  void an_own_mapper_sets_the_format_of_its_factory() {
    assertEquals(
        PayloadFormat.JSON,
        ActorSwarmConfig.defaults().withObjectMapper(new ObjectMapper()).format());
    assertEquals(
        PayloadFormat.CBOR,
        ActorSwarmConfig.defaults()
            .withFormat(PayloadFormat.JSON)
            .withObjectMapper(new CBORMapper())
            .format());
  }
}
