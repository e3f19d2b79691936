package io.kameo.remote.internal.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the remote actor decoders: any input either decodes to a value that encodes and
 * decodes to the same value, or fails with {@link IllegalArgumentException}; nothing else escapes.
 * Without {@code JAZZER_FUZZ=1} they replay the stored inputs as part of {@code mvn test}.
 */
class ActorWireFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void envelopeDecodesStablyOrIsRejected(byte[] input) {
    ActorEnvelope e;
    try {
      e = ActorEnvelope.decode(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    ActorEnvelope again = ActorEnvelope.decode(e.encode());
    assertEquals(e.actorId(), again.actorId());
    assertEquals(e.actorType(), again.actorType());
    assertEquals(e.messageId(), again.messageId());
    assertEquals(e.ask(), again.ask());
    assertEquals(e.requestId(), again.requestId());
    assertEquals(e.incarnation(), again.incarnation());
    assertArrayEquals(e.payload(), again.payload());
  }

  @FuzzTest(maxDuration = "60s")
  void replyDecodesStablyOrIsRejected(byte[] input) {
    ActorReply r;
    try {
      r = ActorReply.decode(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    ActorReply again = ActorReply.decode(r.encode());
    assertEquals(r.error(), again.error());
    assertEquals(r.requestId(), again.requestId());
    assertArrayEquals(r.payload(), again.payload());
  }
}
